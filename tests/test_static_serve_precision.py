"""Which Python app serves a browser app's page (`seams/staticserve.py`): a guess that
sends the page's relative URLs to the wrong service gives false SC103/SC104/SC105."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

# A React app whose build an Express server ships (not a shape seamcheck reads), and a
# FastAPI service serving its own docs site, committed beside it, at its root.
DOCS_BESIDE_A_BROWSER_APP = {
    "web/package.json": package_json("web", dependencies={"react": "18", "vite": "5"}),
    "web/src/api.js": """\
        export async function things() {
            const res = await fetch('/api/things');
            return res.json();
        }
        """,
    "api/package.json": package_json("api", dependencies={"express": "4"}),
    "api/index.js": """\
        const express = require('express');
        const app = express();
        app.get('/api/things', (req, res) => res.json([]));
        app.listen(3000);
        """,
    "docs/requirements.txt": "fastapi\nuvicorn\n",
    "docs/site/index.html": "<html></html>\n",
    "docs/main.py": """\
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles

        app = FastAPI()


        @app.get("/health")
        async def health(): ...


        app.mount("/", StaticFiles(directory="site", html=True), name="site")
        """,
}


def test_a_static_mount_of_a_committed_folder_serves_no_browser_app(repo: RepoFactory) -> None:
    root = repo(DOCS_BESIDE_A_BROWSER_APP)
    # Before: the one browser app and the one `html=True` mount at '/' were paired, so
    # the app's call went to the docs service: "web/src/api.js:2 GET /api/things -> docs
    # unsure - via StaticFiles mounted at '/'", an SC103 and an SC105 error ("browser app
    # 'web' calls internal service 'docs' through StaticFiles mounted at '/'").
    assert links(root) == []
    assert [f.split(" ", 2)[:2] for f in findings(root)] == [["SC107", "web/src/api.js:2"]]


def test_a_static_mount_of_a_folder_not_in_the_repository_still_serves_it(
    repo: RepoFactory,
) -> None:
    files = dict(DOCS_BESIDE_A_BROWSER_APP)
    del files["docs/site/index.html"]  # a build output, ignored: not in the repository
    root = repo(files)
    assert links(root) == [
        "web/src/api.js:2 GET /api/things -> docs unsure - via StaticFiles mounted at '/'"
    ]


def flask_serving(static_folder: str) -> dict[str, str]:
    """A React app and a Flask API whose static folder lies in the app's folder."""
    return {
        "ui/package.json": package_json("ui", dependencies={"react": "18", "vite": "5"}),
        "ui/public/img/logo.png": "png\n",
        "ui/src/api.js": "export const items = () => fetch('/api/items');\n",
        "server/requirements.txt": "flask\n",
        "server/app.py": f"""\
            from flask import Flask

            app = Flask(__name__, static_folder="{static_folder}")


            @app.route("/api/item")
            def item(): ...
            """,
    }


def test_a_flask_static_folder_of_a_browser_apps_images_serves_no_page(
    repo: RepoFactory,
) -> None:
    root = repo(flask_serving("../ui/public/img"))
    # Before: "ui/src/api.js:1 GET /api/items -> server broken - via Flask static_folder
    # 'ui/public/img'", an SC104 error and an SC105: a folder of images kept in the
    # repository holds no page, so says nothing of where the page's calls go.
    assert links(root) == []
    assert [f.split(" ", 2)[:2] for f in findings(root)] == [["SC107", "ui/src/api.js:1"]]


def test_a_flask_static_folder_of_a_browser_apps_build_serves_its_page(
    repo: RepoFactory,
) -> None:
    # The build folder, ignored, is not in the repository.
    assert links(repo(flask_serving("../ui/dist"))) == [
        "ui/src/api.js:1 GET /api/items -> server broken - via Flask static_folder 'ui/dist'"
    ]
    # A build kept in the repository holds the page.
    files = flask_serving("../ui/public/img")
    files["ui/public/img/index.html"] = "<html></html>\n"
    assert [line.split(" -> ")[1] for line in links(repo(files))] == [
        "server broken - via Flask static_folder 'ui/public/img'"
    ]


def test_a_flask_static_folder_takes_only_the_calls_no_proxy_takes(repo: RepoFactory) -> None:
    files = flask_serving("../ui/dist")
    files.update(
        {
            "ui/src/api.js": """\
                export const items = () => fetch('/api/item');
                export const predict = () => fetch('/ml/predict', { method: 'POST' });
                export const health = () => fetch('/health');
                """,
            "ml/requirements.txt": "fastapi\n",
            "ml/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/predict")
                async def predict(): ...
                """,
            "nginx/default.conf": """\
                server {
                  listen 80;
                  location / { root /usr/share/nginx/html; try_files $uri /index.html; }
                  location /api/ { proxy_pass http://server:5000; }
                  location /ml/ { proxy_pass http://ml:8000/; }
                }
                """,
            "docker-compose.yml": """\
                services:
                  web:
                    image: nginx:1.27
                    ports: ["80:80"]
                    volumes:
                      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf
                      - ./ui/dist:/usr/share/nginx/html
                  server:
                    build: ./server
                  ml:
                    build: ./ml
                """,
        }
    )
    # Before: each call also went to the Flask app serving the build, "POST /ml/predict ->
    # server broken - via Flask static_folder 'ui/dist'" with a false SC104, and '/api/item'
    # was linked twice. A path nginx does not forward is still the Flask app's to serve.
    assert links(repo(files)) == [
        "ui/src/api.js:1 GET /api/item -> server linked server/app.py:6 via nginx location /api/",
        "ui/src/api.js:2 POST /predict -> ml linked ml/main.py:6 via nginx location /ml/",
        "ui/src/api.js:3 GET /health -> server broken - via Flask static_folder 'ui/dist'",
    ]
