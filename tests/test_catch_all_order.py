"""A FastAPI catch-all (`@app.get("/api/{rest:path}")`, answering 404 for unknown API paths,
as Apache Airflow's api-server does) matches every call under it, and took those whose own
route had more parameters than it: `GET /api/v2/dags/{dag_id}/tasks/{task_id}` was linked
to the catch-all, not to `get_task`. A catch-all is now chosen only when no route matches
segment by segment, and of several, the one under the longest path."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""


def test_a_catch_all_route_takes_only_the_calls_no_other_route_takes(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": (
                "const axios = require('axios');\n"
                "const api = axios.create({ baseURL: 'http://api:8000' });\n"
                "async function main(dag, task, key) {\n"
                "  await api.get(`/api/v2/dags/${dag}/tasks/${task}`);\n"
                "  await api.get(`/api/v2/dags/${dag}/store/${key}`);\n"
                "  await api.get('/api/v1/dags');\n"
                "}\nmain();\n"
            ),
            "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "api/app/__init__.py": "",
            "api/app/main.py": """\
                from fastapi import FastAPI

                from app import tasks

                app = FastAPI()
                app.include_router(tasks.router, prefix="/api/v2")


                @app.get("/api/{rest:path}")
                def api_not_found(rest: str):
                    return {"error": "API route not found"}
                """,
            "api/app/tasks.py": """\
                from fastapi import APIRouter

                router = APIRouter(prefix="/dags/{dag_id}")


                @router.get("/tasks/{task_id}")
                def get_task(dag_id: str, task_id: str):
                    return {}


                @router.get("/store/{key:path}")
                def get_stored(dag_id: str, key: str):
                    return {}
                """,
        }
    )
    # Before: the first two were linked to api/app/main.py:9, the catch-all.
    assert links(root) == [
        "gateway/index.js:4 GET /api/v2/dags/{dag}/tasks/{task} -> api linked api/app/tasks.py:6",
        "gateway/index.js:5 GET /api/v2/dags/{dag}/store/{key} -> api linked api/app/tasks.py:11",
        "gateway/index.js:6 GET /api/v1/dags -> api linked api/app/main.py:9",
    ]


def test_a_catch_all_under_a_word_takes_calls_before_a_route_of_parameters(
    repo: RepoFactory,
) -> None:
    # Next.js (as SvelteKit and Nuxt) ranks routes segment by segment, a word before a
    # parameter before a catch-all: `/api/files/readme` is `files/[...path]`, whose `files`
    # is a word, not `[owner]/[repo]`. Before, any route matching segment by segment came
    # first, so the first two calls were linked to `[owner]/[repo]` (and, before that, the
    # fewest parameters came first, so the third and fourth went to `[[...rest]]`).
    root = repo(
        {
            "site/package.json": package_json("site", dependencies={"next": "14", "react": "18"}),
            "site/app/api/files/[...path]/route.ts": """\
                export async function GET(request: Request) { return new Response(''); }
                """,
            "site/app/api/[owner]/[repo]/route.ts": """\
                export async function GET(request: Request) { return Response.json({}); }
                """,
            "site/app/api/[owner]/settings/route.ts": """\
                export async function GET(request: Request) { return Response.json({}); }
                """,
            "site/app/api/[[...rest]]/route.ts": """\
                export async function GET(request: Request) { return new Response(null); }
                """,
            "site/app/page.tsx": "export default function Page() { return null; }\n",
            "site/components/Files.tsx": """\
                export async function load(name: string) {
                  await fetch(`/api/files/${name}`);
                  await fetch('/api/files/readme');
                  await fetch('/api/acme/widgets');
                  await fetch('/api/acme/settings');
                  await fetch('/api/x/y/z');
                }
                """,
        }
    )
    files, owner = "site/app/api/files/[...path]/route.ts:1", "site/app/api/[owner]"
    assert links(root) == [
        f"site/components/Files.tsx:2 GET /api/files/{{name}} -> site linked {files}",
        f"site/components/Files.tsx:3 GET /api/files/readme -> site linked {files}",
        f"site/components/Files.tsx:4 GET /api/acme/widgets -> site linked {owner}/[repo]/route.ts:1",
        f"site/components/Files.tsx:5 GET /api/acme/settings -> site linked"
        f" {owner}/settings/route.ts:1",
        "site/components/Files.tsx:6 GET /api/x/y/z -> site linked"
        " site/app/api/[[...rest]]/route.ts:1",
    ]
