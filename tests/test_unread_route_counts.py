"""A router seen mounted nowhere may be what each mount of a value seamcheck cannot read
mounts (`app.use(mw.cors)`): its routes are then read once under each such mount. Those are
readings of one route, not routes: counted as routes, Ghost's 218 routes under 20 such
mounts were "4350 not read as a path", and an SC107 on a call one of them may serve named
the mounts, never the line declaring the route."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import RepoFactory, package_json, run_cli

# An Express API whose routes a factory module declares and a mount seamcheck does not read
# serves (`lazyUse`, express-lazy-router's), beside two middleware mounts it cannot read
# either; a Node gateway calls it.
STACK = {
    "docker-compose.yml": """\
        services:
          api:
            build: ./api
          gateway:
            build: ./gateway
        """,
    "api/package.json": package_json("api", dependencies={"express": "4"}),
    "api/routes.js": """\
        const express = require('express');
        module.exports = function apiRoutes() {
          const router = express.Router();
          router.get('/posts', (req, res) => res.json([]));
          router.post('/posts', (req, res) => res.json({}));
          return router;
        };
        """,
    "api/index.js": """\
        const express = require('express');
        const mw = require('./middleware');
        const app = express();
        app.use(mw.cors);
        app.use(mw.logRequest);
        app.lazyUse('/ghost/api/admin', require('./routes'));
        app.listen(8000);
        """,
    "api/middleware.js": "module.exports = {};\n",
    "gateway/package.json": package_json("gateway", dependencies={"axios": "1"}),
    "gateway/index.js": """\
        const axios = require('axios');
        axios.get('http://api:8000/ghost/api/admin/posts');
        """,
}


def _only_sc107(root: Path) -> dict[str, Any]:
    """The one SC107 finding `check` reports on `root`, as JSON."""
    document = json.loads(run_cli("check", str(root), "--no-cache", "--format", "json").stdout)
    found: list[dict[str, Any]] = [f for f in document["findings"] if f["code"] == "SC107"]
    [finding] = found
    return finding


def test_a_route_read_under_each_mount_it_may_be_under_counts_once(repo: RepoFactory) -> None:
    root = repo(STACK)
    text = run_cli("seams", str(root), "--no-cache").stdout
    assert text.splitlines()[-1] == (
        "0 routes in 0 services (and 2 not read as a path); 1 client call; 0 seams linked, "
        "0 broken, 1 unresolved, 0 to external hosts."
    )
    unread = json.loads(run_cli("seams", str(root), "--no-cache", "--format", "json").stdout)
    assert sorted(
        (r["method"], r["tail"], r["location"]["line"], [d["line"] for d in r["declared"]])
        for r in unread["unread_routes"]
    ) == [("GET", "/posts", 4, [4]), ("GET", "/posts", 5, [4]), ("POST", "/posts", 4, [5]),
          ("POST", "/posts", 5, [5])]  # fmt: skip


def test_an_sc107_names_the_line_declaring_the_route_it_may_land_on(repo: RepoFactory) -> None:
    root = repo(STACK)
    finding = _only_sc107(root)
    assert finding["message"] == (
        "axios call GET http://api:8000/ghost/api/admin/posts not linked to a service route: "
        "'api' declares 1 route seamcheck cannot read that may serve it (2 readings: the route "
        "/posts of a router that may be what is mounted there at api/index.js:4; the route /posts "
        "of a router that may be what is mounted there at api/index.js:5)"
    )
    assert [(r["path"], r["line"], r["message"]) for r in finding["related"]] == [
        (
            "api/index.js",
            line,
            "api serves GET at the route /posts of a router that may be what is mounted there "
            "(declared at api/routes.js:4), which seamcheck cannot read",
        )
        for line in (4, 5)
    ]


def test_readings_beyond_those_listed_are_counted_as_readings_not_routes(
    repo: RepoFactory,
) -> None:
    # Five mounts seamcheck cannot read: one route, five readings, three of them listed. The
    # "2 more" are readings of that route; before, beside "declares 1 route", they read as two
    # more routes.
    middleware = "".join(f"app.use(mw.m{n});\n" for n in range(5))
    index = STACK["api/index.js"].replace(
        "app.use(mw.cors);\n        app.use(mw.logRequest);\n",
        middleware.replace("\n", "\n        "),
    )
    root = repo({**STACK, "api/index.js": index})
    finding = _only_sc107(root)
    assert finding["message"].endswith(
        "'api' declares 1 route seamcheck cannot read that may serve it (5 readings: the route "
        "/posts of a router that may be what is mounted there at api/index.js:4; the route /posts "
        "of a router that may be what is mounted there at api/index.js:5; the route /posts of a "
        "router that may be what is mounted there at api/index.js:6; 2 more)"
    )
    assert len(finding["related"]) == 5


# A FastAPI model service whose routers are included under a prefix known only at run time:
# both routers' `DELETE /{id}` read alike under that one include.
MODELS = {
    "docker-compose.yml": """\
        services:
          models:
            build: ./models
          gateway:
            build: ./gateway
        """,
    "models/requirements.txt": "fastapi\n",
    "models/app/models.py": """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/models")


        @router.delete("/{id}")
        async def delete_model(id: str):
            return {}
        """,
    "models/app/runs.py": """\
        from fastapi import APIRouter

        router = APIRouter(prefix="/runs")


        @router.delete("/{id}")
        async def delete_run(id: str):
            return {}
        """,
    "models/app/main.py": """\
        import os

        from fastapi import FastAPI

        from app import models, runs

        app = FastAPI()
        for module in (models, runs):
            app.include_router(module.router, prefix=os.environ["API_PREFIX"])
        """,
    "gateway/package.json": package_json("gateway", dependencies={"axios": "1"}),
    "gateway/index.js": """\
        const axios = require('axios');
        axios.delete('http://models:8000/api/models/7');
        """,
}


def test_routes_read_alike_under_one_mount_are_one_reading_of_several_routes(
    repo: RepoFactory,
) -> None:
    root = repo(MODELS)
    text = run_cli("seams", str(root), "--no-cache").stdout
    assert "0 routes in 0 services (and 2 not read as a path);" in text
    finding = _only_sc107(root)
    assert finding["message"] == (
        "axios call DELETE http://models:8000/api/models/7 not linked to a service route: "
        "'models' declares 2 routes seamcheck cannot read that may serve it (the route /{id} of "
        "a router mounted at a path known only at run time at models/app/main.py:9)"
    )
    assert [r["message"] for r in finding["related"]] == [
        "models serves DELETE at the route /{id} of a router mounted at a path known only at "
        "run time (declared at models/app/models.py:6, models/app/runs.py:6), which seamcheck "
        "cannot read"
    ]
