"""Routers mounted under a prefix read from the environment: FastAPI's `include_router(r,
prefix=os.environ.get("API_PREFIX", "/api"))` (the variable's name also held by a constant, as
MLflow's `os.environ.get(STATIC_PREFIX_ENV_VAR, "")`; or a `BaseSettings` field's default),
Express's `app.use(process.env.BASE || "/api", router)`, Hono's `app.route(...)`, NestJS's
`setGlobalPrefix(...)`. Where the repository sets the variable nowhere, the code's default is
the prefix, and the seam says so; with no default, the routes are unsure under the prefix in
every framework. Before, FastAPI dropped the routes of a router whose variable a constant
names (unsure, SC107, and a typo under it too), no seam said a prefix was only a default,
and Express and NestJS took an unknown prefix for one path segment (`/{BASE}/items`),
linking any call of that shape where FastAPI and Hono said unsure."""

from __future__ import annotations

import json

import pytest

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, routes

_FASTAPI_MAIN = """\
    import os

    from fastapi import FastAPI

    from app import items, orders, users
    from app.settings import settings

    PREFIX_VAR = "API_PREFIX"

    app = FastAPI()
    app.include_router(items.router, prefix=os.environ.get(PREFIX_VAR, "/api").rstrip("/"))
    app.include_router(users.router, prefix=os.getenv("USERS_PREFIX", "/u"))
    app.include_router(orders.router, prefix=settings.orders_prefix)
    """

_SETTINGS = """\
    from pydantic_settings import BaseSettings


    class Settings(BaseSettings):
        orders_prefix: str = "/v2"


    settings = Settings()
    """


def _router(name: str) -> str:
    return (
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
        f'@router.get("/{name}")\nasync def {name}() -> list:\n    return []\n'
    )


def _fastapi(main: str = _FASTAPI_MAIN, compose_env: str = "") -> dict[str, str]:
    return {
        "docker-compose.yml": (
            f"services:\n  api:\n    build: ./api\n{compose_env}  web:\n    build: ./web\n"
        ),
        "api/requirements.txt": "fastapi\npydantic-settings\n",
        "api/app/__init__.py": "",
        "api/app/items.py": _router("items"),
        "api/app/users.py": _router("users"),
        "api/app/orders.py": _router("orders"),
        "api/app/settings.py": _SETTINGS,
        "api/app/main.py": main,
        "web/package.json": package_json("web", dependencies={"axios": "1"}),
        "web/api.js": """\
            const axios = require("axios");
            async function main() {
              await axios.get("http://api:8000/api/items");
              await axios.get("http://api:8000/u/users");
              await axios.get("http://api:8000/v2/orders");
              await axios.get("http://api:8000/api/itemz");
            }
            main();
            """,
    }


def test_a_fastapi_prefix_from_the_environment_is_its_default(repo: RepoFactory) -> None:
    root = repo(_fastapi())
    # Before: `os.environ.get(PREFIX_VAR, ...)` was known only at run time, its router's
    # routes unsure (SC107 for /api/items, and the typo /api/itemz too).
    assert links(root) == [
        "web/api.js:3 GET /api/items -> api linked api/app/items.py:6",
        "web/api.js:4 GET /u/users -> api linked api/app/users.py:6",
        "web/api.js:5 GET /v2/orders -> api linked api/app/orders.py:6",
        "web/api.js:6 GET /api/itemz -> api broken -",
    ]
    # The seam says where its prefix comes from: the default, which the deployment may change.
    result = run_cli("seams", str(root), "--no-cache")
    assert (
        "  web/api.js:3 -> GET /api/items -> api api/app/items.py:6  (its prefix '/api' is the "
        "code's default: environment variable API_PREFIX is set nowhere in the repository "
        "(api/app/main.py:11))"
    ) in result.stdout.splitlines()
    document = json.loads(run_cli("seams", str(root), "--no-cache", "--format", "json").stdout)
    assert [s["route"]["prefix_note"] for s in document["seams"] if s["route"]][1:3] == [
        "its prefix '/u' is the code's default: environment variable USERS_PREFIX is set "
        "nowhere in the repository (api/app/main.py:12)",
        "its prefix '/v2' is the code's default: 'Settings.orders_prefix' holds its default "
        "where the environment does not set it (api/app/main.py:13)",
    ]
    assert [line for line in findings(root) if line.startswith(("SC104", "  "))] == [
        "SC104 web/api.js:6 GET /api/itemz reaches 'api', which serves no such route; did you "
        "mean GET /api/items (api/app/items.py:6)?",
        "  api/app/items.py:6 api serves GET /api/items; its prefix '/api' is the code's "
        "default: environment variable API_PREFIX is set nowhere in the repository "
        "(api/app/main.py:11)",
    ]


def test_the_deployment_sets_the_prefix(repo: RepoFactory) -> None:
    root = repo(_fastapi(compose_env="    environment:\n      API_PREFIX: /v1\n"))
    assert "api GET /v1/items api/app/items.py:6" in routes(root)


def test_with_no_default_a_fastapi_routers_routes_are_unsure(repo: RepoFactory) -> None:
    main = _FASTAPI_MAIN.replace('os.environ.get(PREFIX_VAR, "/api")', "os.environ[PREFIX_VAR]")
    root = repo(_fastapi(main))
    assert findings(root)[:2] == [
        "SC107 web/api.js:3 axios call GET http://api:8000/api/items not linked to a service "
        "route: 'api' declares 1 route seamcheck cannot read that may serve it (the route "
        "/items of a router mounted at a path known only at run time at api/app/main.py:11)",
        "  api/app/main.py:11 api serves GET at the route /items of a router mounted at a "
        "path known only at run time (declared at api/app/items.py:6), which seamcheck cannot "
        "read",
    ]
    # No route of the router ends so: a typo whatever the prefix.
    assert "SC104 web/api.js:6 GET /api/itemz reaches 'api', which serves no such route" in (
        findings(root)
    )


_EXPRESS = """\
    const express = require("express");
    const items = express.Router();
    items.get("/items", (req, res) => res.json([]));
    const app = express();
    app.use({prefix}, items);
    app.listen(3000);
    """

_HONO = """\
    import {{ Hono }} from "hono";

    const items = new Hono();
    items.get("/items", (c) => c.json([]));

    const app = new Hono();
    app.route({prefix}, items);
    export default app;
    """

_NEST_MAIN = """\
    import {{ NestFactory }} from "@nestjs/core";
    import {{ AppModule }} from "./app.module";

    async function bootstrap() {{
      const app = await NestFactory.create(AppModule);
      app.setGlobalPrefix({prefix});
      await app.listen(3000);
    }}
    bootstrap();
    """

_NEST_CONTROLLER = """\
    import { Controller, Get } from "@nestjs/common";

    @Controller("items")
    export class ItemsController {
      @Get()
      list() {
        return [];
      }
    }
    """


def _node(framework: str, prefix: str) -> dict[str, str]:
    files = {
        "docker-compose.yml": "services:\n  api:\n    build: ./api\n  web:\n    build: ./web\n",
        "web/package.json": package_json("web", dependencies={"axios": "1"}),
        "web/api.js": """\
            const axios = require("axios");
            async function main() {
              await axios.get("http://api:3000/api/items");
            }
            main();
            """,
    }
    if framework == "express":
        files["api/package.json"] = package_json("api", dependencies={"express": "^4.19.0"})
        files["api/src/server.js"] = _EXPRESS.format(prefix=prefix)
    elif framework == "hono":
        files["api/package.json"] = package_json("api", dependencies={"hono": "^4.4.10"})
        files["api/src/index.ts"] = _HONO.format(prefix=prefix)
    else:
        files["api/package.json"] = package_json(
            "api", dependencies={"@nestjs/core": "^10.0.0", "@nestjs/common": "^10.0.0"}
        )
        files["api/src/main.ts"] = _NEST_MAIN.format(prefix=prefix.replace("/api", "api"))
        files["api/src/items.controller.ts"] = _NEST_CONTROLLER
    return files


_DEFAULTED = {
    "express": ('process.env.API_BASE || "/api"', "api/src/server.js:3", "api/src/server.js:5"),
    "hono": ('process.env.API_BASE ?? "/api"', "api/src/index.ts:4", "api/src/index.ts:7"),
    "nest": (
        'process.env.API_BASE || "/api"',
        "api/src/items.controller.ts:5",
        "api/src/main.ts:6",
    ),
}


@pytest.mark.parametrize("framework", sorted(_DEFAULTED))
def test_node_frameworks_read_an_environment_prefix_alike(
    repo: RepoFactory, framework: str
) -> None:
    prefix, route, mount = _DEFAULTED[framework]
    defaulted = repo(_node(framework, prefix))
    assert links(defaulted) == [f"web/api.js:3 GET /api/items -> api linked {route}"]
    shown = "'api'" if framework == "nest" else "'/api'"
    assert (
        f"(its prefix {shown} is the code's default: environment variable API_BASE is set "
        f"nowhere in the repository ({mount}))"
        in run_cli("seams", str(defaulted), "--no-cache").stdout
    )
    # With no default, the prefix is no one segment: unsure, not linked as `/{API_BASE}/items`.
    unknown = repo(_node(framework, "process.env.API_BASE"))
    assert links(unknown) == ["web/api.js:3 GET /api/items -> api unsure -"]
