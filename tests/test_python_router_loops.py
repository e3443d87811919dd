"""Python routers mounted through a name seamcheck cannot know: FastAPI routers included and
Flask blueprints registered in a loop (`for module in (users, items):
app.include_router(module.router, prefix="/api/v1")`). The routers, seen mounted nowhere,
were served at their own paths, so every call to where the loop really mounts them was a
false SC104 error. Now a loop over names written in place is read, each router mounted in
turn; otherwise the routers may be what the loop mounts, and such calls are unsure."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""


def gateway(calls: str) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:8000' });\n"
            "async function main() {\n" + calls + "}\nmain();\n"
        ),
    }


def test_fastapi_routers_included_in_a_loop_may_serve_under_the_loops_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **gateway(
                "  await api.get('/api/v1/users/1');\n"
                "  await api.post('/api/v1/embeddings');\n"
                "  await api.get('/healthz');\n"
            ),
            "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "api/app/__init__.py": "",
            "api/app/routers/__init__.py": "",
            "api/app/routers/users.py": """\
                from fastapi import APIRouter

                router = APIRouter(prefix="/users")


                @router.get("/{user_id}")
                async def get_user(user_id: int):
                    return {"id": user_id}
                """,
            "api/app/routers/embeddings.py": """\
                from fastapi import APIRouter

                router = APIRouter(prefix="/embeddings")


                @router.post("")
                def embed(payload: dict):
                    return {"vector": []}
                """,
            "api/app/main.py": """\
                from fastapi import FastAPI

                from app.routers import embeddings, users

                app = FastAPI()

                for module in (users, embeddings):
                    app.include_router(module.router, prefix="/api/v1")


                @app.get("/healthz")
                def healthz():
                    return "ok"
                """,
        }
    )
    # Before: SC104 POST /api/v1/embeddings, "did you mean POST /embeddings", and GET
    # /api/v1/users/1 likewise: the routers were taken as served at their own prefix. The
    # loop over the modules written in place is read: each router is mounted in turn.
    assert links(root) == [
        "gateway/index.js:4 GET /api/v1/users/1 -> api linked api/app/routers/users.py:6",
        "gateway/index.js:5 POST /api/v1/embeddings -> api linked api/app/routers/embeddings.py:6",
        "gateway/index.js:6 GET /healthz -> api linked api/app/main.py:11",
    ]
    assert findings(root) == []


def test_routers_included_through_a_name_seamcheck_cannot_know_may_serve_under_its_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **gateway(
                "  await api.get('/api/v1/users/1');\n"
                "  await api.get('/api/v2/users/1');\n"
                "  await api.get('/users/1');\n"
            ),
            "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "api/app/__init__.py": "",
            "api/app/routers.py": """\
                from fastapi import APIRouter

                router = APIRouter(prefix="/users")


                @router.get("/{user_id}")
                async def get_user(user_id: int):
                    return {"id": user_id}
                """,
            "api/app/main.py": """\
                from fastapi import APIRouter, FastAPI

                from app import routers

                app = FastAPI()


                def mount_all(app: FastAPI, routers: list[APIRouter]) -> None:
                    for router in routers:
                        app.include_router(router, prefix="/api/v1")


                mount_all(app, [routers.router])
                """,
        }
    )
    # Before: GET /api/v1/users/1 was SC104 and GET /users/1 was linked.
    assert links(root) == [
        "gateway/index.js:4 GET /api/v1/users/1 -> api unsure -",
        "gateway/index.js:5 GET /api/v2/users/1 -> api broken -",
        "gateway/index.js:6 GET /users/1 -> api broken -",
    ]


def test_flask_blueprints_registered_in_a_loop_may_serve_under_the_loops_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **gateway(
                "  await api.post('/v2/detect');\n"
                "  await api.get('/v2/jobs');\n"
                "  await api.post('/admin/reload');\n"
                "  await api.post('/admin/relaod');\n"
            ),
            "api/requirements.txt": "flask\n",
            "api/vision/api/__init__.py": "",
            "api/vision/api/detect.py": """\
                from flask import Blueprint, jsonify

                bp = Blueprint("detect", __name__)


                @bp.post("/detect")
                def detect():
                    return jsonify([])
                """,
            "api/vision/api/jobs.py": """\
                from flask import Blueprint, jsonify

                bp = Blueprint("jobs", __name__, url_prefix="/jobs")


                @bp.get("")
                def list_jobs():
                    return jsonify([])
                """,
            "api/vision/admin.py": """\
                from flask import Blueprint

                admin = Blueprint("admin", __name__)


                @admin.post("/reload")
                def reload_models():
                    return {"reloaded": True}
                """,
            "api/vision/__init__.py": """\
                from flask import Flask


                def create_app():
                    app = Flask(__name__)

                    from vision.api import detect, jobs
                    from vision.admin import admin

                    for bp in (detect.bp, jobs.bp):
                        app.register_blueprint(bp, url_prefix="/v2" + (bp.url_prefix or ""))
                    app.register_blueprint(admin, url_prefix="/admin")
                    return app
                """,
        }
    )
    # Before: SC104 POST /v2/detect ("did you mean POST /detect") and GET /v2/jobs. A
    # blueprint registered where seamcheck can read it keeps its routes, typos included.
    assert links(root) == [
        "gateway/index.js:4 POST /v2/detect -> api unsure -",
        "gateway/index.js:5 GET /v2/jobs -> api unsure -",
        "gateway/index.js:6 POST /admin/reload -> api linked api/vision/admin.py:6",
        "gateway/index.js:7 POST /admin/relaod -> api broken -",
    ]
