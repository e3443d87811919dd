"""FastAPI routers included into a router made by a library's class seamcheck does not know
(cadwyn's `VersionedAPIRouter`, an `APIRouter` subclass): its `include_router` calls were
not read, so the routers included there were served at their own paths, and a call to
where they really are was a false SC104 error. Only FastAPI's routers and apps have
`include_router`: the included router is served under the object it is included into."""

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


def cadwyn_app(called: str, main: str) -> dict[str, str]:
    """A Node gateway calling `called` on a FastAPI service using cadwyn, whose
    `app/main.py` is `main`."""
    return {
        "docker-compose.yml": COMPOSE,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:8000' });\n"
            "async function main() {\n"
            f"  await api.get('{called}');\n"
            "}\nmain();\n"
        ),
        "api/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi", "cadwyn"]\n',
        "api/app/__init__.py": "",
        "api/app/connections.py": """\
            from fastapi import APIRouter

            router = APIRouter()


            @router.get("/{connection_id}")
            def get_connection(connection_id: str):
                return {}
            """,
        "api/app/main.py": main,
    }


def test_routers_included_into_a_library_router_are_served_under_its_mounts(
    repo: RepoFactory,
) -> None:
    root = repo(
        cadwyn_app(
            "/execution/connections/db",
            """\
                from cadwyn import VersionedAPIRouter
                from fastapi import APIRouter, FastAPI

                from app import connections

                execution = APIRouter()
                authenticated = VersionedAPIRouter()
                authenticated.include_router(connections.router, prefix="/connections")
                execution.include_router(authenticated)

                app = FastAPI()
                app.include_router(execution, prefix="/execution")
                """,
        )
    )
    # Before: SC104 GET /execution/connections/db, "did you mean GET /{connection_id}": the
    # router was taken as served at its own path, at the root of the service.
    assert links(root) == [
        "gateway/index.js:4 GET /execution/connections/db -> api linked api/app/connections.py:6",
    ]
    assert findings(root) == []


def test_a_router_handed_to_a_library_call_is_not_taken_as_served_at_its_own_path(
    repo: RepoFactory,
) -> None:
    """cadwyn's `app.generate_and_include_versioned_routers(router)` serves the router, and
    the app is mounted under a prefix: where its routes are is not read."""
    root = repo(
        cadwyn_app(
            "/connections/db",
            """\
                from cadwyn import Cadwyn
                from fastapi import APIRouter, FastAPI

                from app import connections

                execution_router = APIRouter()
                execution_router.include_router(connections.router, prefix="/connections")

                execution = Cadwyn()
                execution.generate_and_include_versioned_routers(execution_router)

                app = FastAPI()
                app.mount("/execution", execution)
                """,
        )
    )
    # Before: "GET /connections/db -> api linked api/app/connections.py:6": the router, seen
    # mounted nowhere, was taken as served at its own path, where the app serves nothing.
    assert links(root) == ["gateway/index.js:4 GET /connections/db -> api unsure -"]
    assert [line.split(": ")[0] for line in findings(root)] == [
        "SC107 gateway/index.js:4 axios call GET http://api:8000/connections/db not "
        "linked to a service route",
        "  api/app/main.py:10 api serves GET at the route /{connection_id} of a router handed "
        "to execution.generate_and_include_versioned_routers(), which may serve it under any "
        "path (declared at api/app/connections.py:6), which seamcheck cannot read",
    ]
