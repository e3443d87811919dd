"""restify services declare routes: `server.get/post/put/patch/del/head/opts(path, ...handlers)`
on `restify.createServer()` (or on a server handed to a function), paths also given as `{
path, version }` objects; `server.use(...)` middleware runs only for routed requests and
serves nothing; restify-router's `router.applyRoutes(server, '/prefix')` serves a router's
routes under the prefix. restify answers HEAD only where `server.head` declares it and
OPTIONS only for `*`: a HEAD call on a GET route is broken. Before, a restify service
declared no route: every call to it was unsure, and a typo went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

COMPOSE = """\
services:
  worker:
    build: ./worker
    environment:
      API_URL: http://api:8080
  api:
    build: ./api
    expose: ["8080"]
"""

SERVICE = {
    "docker-compose.yml": COMPOSE,
    "worker/requirements.txt": "requests\n",
    "worker/worker/__init__.py": "",
    "worker/worker/sync.py": """\
        import os

        import requests

        API_URL = os.environ["API_URL"]


        def sync(job_id: str) -> None:
            requests.get(f"{API_URL}/jobs/{job_id}")
            requests.get(f"{API_URL}/jbos/{job_id}")
            requests.head(f"{API_URL}/jobs/{job_id}")
            requests.delete(f"{API_URL}/jobs/{job_id}")
            requests.options(f"{API_URL}/jobs/{job_id}")
            requests.put(f"{API_URL}/v2/users/{job_id}")
            requests.post(f"{API_URL}/v2/users/{job_id}/avatar")
            requests.get(f"{API_URL}/v2/users/{job_id}/settings")
            requests.get(f"{API_URL}/health")
            requests.post(f"{API_URL}/plugins/resize")
            requests.get(f"{API_URL}/docs/api.html")
        """,
    "api/package.json": package_json(
        "api", dependencies={"restify": "^11.1.0", "restify-router": "^0.6.2"}
    ),
    "api/src/jobs.js": """\
        module.exports = function registerJobs(server) {
          server.get("/jobs/:id", (req, res, next) => { res.send({}); next(); });
          server.del({ path: "/jobs/:id", version: "1.0.0" }, (req, res, next) => next());
          server.opts("/jobs/:id", (req, res, next) => { res.send(204); next(); });
        };
        """,
    "api/src/users.js": """\
        const { Router } = require("restify-router");

        const users = new Router();
        users.put({ path: "/users/:id", version: "2.0.0" }, (req, res, next) => next());
        users.post("/users/:id/avatar", (req, res, next) => next());

        module.exports = users;
        """,
    "api/src/server.js": """\
        const restify = require("restify");
        const registerJobs = require("./jobs");
        const users = require("./users");
        const plugins = require("./plugins");

        const server = restify.createServer({ name: "api" });
        server.use(restify.plugins.bodyParser());
        server.use(restify.plugins.queryParser());

        server.get({ path: "/health", name: "health" }, (req, res, next) => next());
        server.get("/docs/*", restify.plugins.serveStatic({ directory: "./public" }));
        server.post(plugins.route, plugins.handler);

        registerJobs(server);
        users.applyRoutes(server, "/v2");
        server.listen({ port: 8080 });
        """,
    "api/src/plugins.js": """\
        module.exports = { route: process.env.PLUGIN_ROUTE, handler: (req, res, next) => next() };
        """,
}


def test_restify_routes_are_read_with_their_routers_prefixes(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert [r for r in routes(root) if r.startswith("api ")] == [
        "api DELETE /jobs/{id} api/src/jobs.js:3",
        "api GET /docs/{*} api/src/server.js:11",
        "api GET /health api/src/server.js:10",
        "api GET /jobs/{id} api/src/jobs.js:2",
        "api OPTIONS /jobs/{id} api/src/jobs.js:4",
        "api POST /v2/users/{id}/avatar api/src/users.js:5",
        "api PUT /v2/users/{id} api/src/users.js:4",
    ]


def test_calls_to_a_restify_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert [line for line in links(root) if "-> api" in line] == [
        "worker/worker/sync.py:10 GET /jbos/{job_id} -> api broken -",
        "worker/worker/sync.py:11 HEAD /jobs/{job_id} -> api broken -",
        "worker/worker/sync.py:12 DELETE /jobs/{job_id} -> api linked api/src/jobs.js:3",
        "worker/worker/sync.py:13 OPTIONS /jobs/{job_id} -> api linked api/src/jobs.js:4",
        "worker/worker/sync.py:14 PUT /v2/users/{job_id} -> api linked api/src/users.js:4",
        "worker/worker/sync.py:15 POST /v2/users/{job_id}/avatar -> api linked api/src/users.js:5",
        "worker/worker/sync.py:16 GET /v2/users/{job_id}/settings -> api broken -",
        "worker/worker/sync.py:17 GET /health -> api linked api/src/server.js:10",
        "worker/worker/sync.py:18 POST /plugins/resize -> api unsure -",
        "worker/worker/sync.py:19 GET /docs/api.html -> api linked api/src/server.js:11",
        "worker/worker/sync.py:9 GET /jobs/{job_id} -> api linked api/src/jobs.js:2",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "worker/worker/sync.py:10",
        "worker/worker/sync.py:11",
        "worker/worker/sync.py:16",
    ]
    # A route at a path known only at run time makes the POST calls it may serve unsure.
    [unsure] = [f for f in found if f.startswith("SC107")]
    assert unsure.startswith("SC107 worker/worker/sync.py:18")
    assert "a path known only at run time at api/src/server.js:12" in unsure


def _applied_elsewhere(files: dict[str, str]) -> dict[str, str]:
    """The same service, its users router applied in a loop seamcheck does not follow."""
    server = files["api/src/server.js"].replace(
        'users.applyRoutes(server, "/v2");', "[users].forEach((r) => r.applyRoutes(server, V2));"
    )
    return {**files, "api/src/server.js": server}


def test_a_router_applied_where_seamcheck_cannot_see_makes_its_calls_unsure(
    repo: RepoFactory,
) -> None:
    """Its routes keep their ends: a call ending as one of them is unsure, not broken."""
    root = repo(_applied_elsewhere(SERVICE))
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "worker/worker/sync.py:10",
        "worker/worker/sync.py:11",
        "worker/worker/sync.py:16",
    ]
    [put] = [f for f in found if f.startswith("SC107 worker/worker/sync.py:14")]
    assert "a restify-router Router applied where seamcheck cannot see" in put
