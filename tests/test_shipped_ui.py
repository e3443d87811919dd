"""A Python package that ships its browser UI inside its own folder and serves the UI's build
(Apache Airflow: `airflow/ui`, built into `airflow/ui/dist`, which the FastAPI api-server
mounts with `StaticFiles(directory=..., html=True)` at `/static` and answers every other page
with `index.html`). The browser app's relative URLs reach that service; they were all
unsure ("no proxy forwards it"), as only a single-page app mounted at `/` with one browser
app in the repository was read."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

API = """\
    from pathlib import Path

    from fastapi import FastAPI, Request
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates

    UI = Path(__file__).parents[1] / "ui" / "dist"
    templates = Jinja2Templates(directory=UI)

    app = FastAPI()
    app.mount("/static", StaticFiles(directory=UI, html=True), name="ui")


    @app.post("/api/v2/dags/{dag_id}/pause")
    def pause(dag_id: str):
        return {}


    @app.get("/{rest:path}", response_class=HTMLResponse)
    def webapp(request: Request, rest: str):
        return templates.TemplateResponse(request, "index.html")
    """

UI_CALLS = """\
    export const pause = (dagId: string) =>
      fetch(`/api/v2/dags/${dagId}/pause`, { method: "POST" });
    export const unpause = (dagId: string) =>
      fetch(`/api/v2/dags/${dagId}/unpause`, { method: "POST" });
    """

LOGIN_CALLS = """\
    export const login = () => fetch("/api/v2/dags/x/pause", { method: "POST" });
    """


def browser(name: str) -> str:
    return package_json(name, dependencies={"react": "^18.3.0", "vite": "^5.4.0"})


def test_a_browser_app_shipped_inside_a_python_service_reaches_the_service_serving_it(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "flows"\ndependencies = ["fastapi"]\n',
            "flows/__init__.py": "",
            "flows/api/__init__.py": "",
            "flows/api/app.py": API,
            "flows/ui/package.json": browser("ui"),
            "flows/ui/src/api.ts": UI_CALLS,
            "flows/auth/ui/package.json": browser("login"),
            "flows/auth/ui/src/login.ts": LOGIN_CALLS,
        }
    )
    # Before: all three unresolved, "relative URL ... from browser app 'flows/ui' and no
    # proxy (vite server.proxy, package.json proxy, nginx location) forwards it".
    via = "via StaticFiles mounted at '/static'"
    assert links(root) == [
        f"flows/auth/ui/src/login.ts:1 POST /api/v2/dags/x/pause -> flows linked "
        f"flows/api/app.py:15 {via}",
        f"flows/ui/src/api.ts:2 POST /api/v2/dags/{{dagId}}/pause -> flows linked "
        f"flows/api/app.py:15 {via}",
        f"flows/ui/src/api.ts:4 POST /api/v2/dags/{{dagId}}/unpause -> flows broken - {via}",
    ]
    # Linked, the calls are checked as any browser's are: the default policy (hybrid-ai)
    # keeps the request edge to Node.js, so the Python service facing the browser is SC103,
    # each browser app's way in SC105; and the route the service does not serve is SC104.
    found = [f.split(" ", 2)[:2] for f in findings(root) if f.startswith("SC1")]
    assert found == [
        ["SC103", "flows/auth/ui/src/login.ts:1"],
        ["SC105", "flows/auth/ui/src/login.ts:1"],
        ["SC105", "flows/ui/src/api.ts:2"],
        ["SC104", "flows/ui/src/api.ts:4"],
    ]


def test_a_shipped_browser_app_is_not_taken_as_served_without_a_page_mount(
    repo: RepoFactory,
) -> None:
    """Static files mounted without `html=True` are assets; the page may come from anywhere."""
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "flows"\ndependencies = ["fastapi"]\n',
            "flows/__init__.py": "",
            "flows/api/__init__.py": "",
            "flows/api/app.py": API.replace(", html=True", ""),
            "flows/ui/package.json": browser("ui"),
            "flows/ui/src/api.ts": UI_CALLS,
        }
    )
    assert links(root) == []
    assert [line.split(": ", 1)[0] for line in problems(root)] == [
        "flows/ui/src/api.ts:2 /api/v2/dags/{dagId}/pause",
        "flows/ui/src/api.ts:4 /api/v2/dags/{dagId}/unpause",
    ]


BASE_HREF = """\
    const baseHref = document.querySelector("head > base")?.getAttribute("href") ?? "";
    export const BASE = baseHref.endsWith("/") ? baseHref.slice(0, -1) : baseHref;
    export const pause = (dagId: string) =>
      fetch(`${BASE}/api/v2/dags/${dagId}/pause`, { method: "POST" });
    """


def test_a_base_taken_from_the_pages_base_element_is_the_pages_own_root(
    repo: RepoFactory,
) -> None:
    """An app served under a path prefix reads it from `<base href>`, which the server
    renders; the server is served under the same prefix, so the URLs are the page's own."""
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "flows"\ndependencies = ["fastapi"]\n',
            "flows/__init__.py": "",
            "flows/api/__init__.py": "",
            "flows/api/app.py": API,
            "flows/ui/package.json": browser("ui"),
            "flows/ui/src/api.ts": BASE_HREF,
        }
    )
    # Before: unresolved, "'BASE' is a parameter or a local set at run time".
    assert links(root) == [
        "flows/ui/src/api.ts:4 POST /api/v2/dags/{dagId}/pause -> flows linked "
        "flows/api/app.py:15 via StaticFiles mounted at '/static'",
    ]


DOCS_SITE = """\
    from pathlib import Path

    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles

    app = FastAPI()
    # The project's documentation site (mkdocs), built into the package at release.
    app.mount("/docs-site", StaticFiles(directory=Path(__file__).parent / "site", html=True))


    @app.post("/api/v2/dags/{dag_id}/pause")
    def pause(dag_id: str):
        return {}
    """


def test_a_browser_app_built_into_an_image_of_its_own_is_not_shipped_in_the_package(
    repo: RepoFactory,
) -> None:
    """A browser app inside the Python service's folder that compose builds into an image of
    its own (nginx, a Node server) is deployed apart: the service's page mount serves
    something else (here its documentation site)."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  api:
                    build: .
                  ml:
                    build: ./ml
                  web:
                    build: ./flows/ui
                    ports: ["80:80"]
                """,
            "pyproject.toml": '[project]\nname = "flows"\ndependencies = ["fastapi"]\n',
            "flows/__init__.py": "",
            "flows/api/__init__.py": "",
            "flows/api/app.py": DOCS_SITE,
            "ml/requirements.txt": "fastapi\n",
            "ml/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "flows/ui/package.json": browser("ui"),
            "flows/ui/Dockerfile": "FROM nginx:1.27\nCOPY dist /usr/share/nginx/html\n",
            "flows/ui/src/api.ts": UI_CALLS,
        }
    )
    # Before: both linked "via StaticFiles mounted at '/docs-site'", the second a false
    # SC104 ('flows' serves no such route), both a false SC105 (the browser app calling the
    # internal service through the docs mount).
    assert links(root) == []
    assert not [f for f in findings(root) if f.startswith(("SC104", "SC105"))]
