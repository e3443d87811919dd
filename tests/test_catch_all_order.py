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
