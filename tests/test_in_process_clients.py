"""Clients that hand a request to an app in this process (`seams/link.Linker._in_process`):
Starlette's and FastAPI's `TestClient(app)`, an httpx client on `transport=ASGITransport(
app=app)` (or `WSGITransport`), supertest's `request(app)`, Fastify's `app.inject()` and
Hono's `app.request()`. No network seam: each call is linked to the caller's own route for
its path, whatever host the client names (`http://testserver`); a path a letter or two from
a route is a typo (SC104); any other is unresolved saying it is in-process. Test code calling
its own app so is not read. Before, Datasette's `DatasetteClient` (httpx on ASGITransport)
read as "URL is not known before run time", TestClient, supertest, `inject` and Hono's
`request` were not read at all, and an in-process httpx call was never linked."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

_API = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/items/{item_id}")
    async def item(item_id: int) -> dict:
        return {}
    """

_WARMUP = """\
    import httpx
    from fastapi.testclient import TestClient

    from api.main import app


    def warm() -> None:
        with TestClient(app) as client:
            client.get("/items/1")
            client.get("/itemz/1")
            client.request("GET", "http://testserver/items/2")
            client.post("/reports")


    async def render(path: str) -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://local") as client:
            await client.get("/items/3")
            await client.get(path)
    """

_TEST = """\
    from fastapi.testclient import TestClient

    from api.main import app

    client = TestClient(app)


    def test_missing() -> None:
        assert client.get("/itemz/1").status_code == 404
    """


def test_a_python_app_called_in_process(repo: RepoFactory) -> None:
    root = repo(
        {
            "requirements.txt": "fastapi\nhttpx\n",
            "api/__init__.py": "",
            "api/main.py": _API,
            "api/warmup.py": _WARMUP,
            "tests/test_api.py": _TEST,
        }
    )
    assert links(root) == [
        "api/warmup.py:10 GET /itemz/1 -> repo0 broken -",
        "api/warmup.py:11 GET /items/2 -> repo0 linked api/main.py:6",
        "api/warmup.py:18 GET /items/3 -> repo0 linked api/main.py:6",
        "api/warmup.py:9 GET /items/1 -> repo0 linked api/main.py:6",
    ]
    in_process = "calls the app in this process, not a service over the network"
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        f"TestClient(app) {in_process}; no route of 'repo0' seamcheck reads takes /reports",
        f"transport=ASGITransport(app) {in_process}; its URL is not known before run time: "
        "'path' is a parameter or not a constant",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 api/warmup.py:10 GET /itemz/1 reaches 'repo0', which serves no such route; did "
        "you mean GET /items/{item_id} (api/main.py:6)?"
    ]


_SERVER = """\
    const express = require("express");
    const request = require("supertest");
    const Fastify = require("fastify");
    const { Hono } = require("hono");

    const app = express();
    app.get("/api/items", (req, res) => res.json([]));

    const fastify = Fastify();
    fastify.get("/health", async () => ({ ok: true }));

    const hono = new Hono();
    hono.get("/ping", (c) => c.text("pong"));

    async function warm() {
      await request(app).get("/api/items");
      await request(app).get("/api/itemz");
      const agent = request.agent(app);
      await agent.delete("/api/items");
      await fastify.inject({ method: "GET", url: "/health" });
      await fastify.inject().get("/metrics").end();
      await hono.request("/ping");
      await request("http://localhost:3000").get("/api/items");
    }

    module.exports = { warm };
    app.listen(3000);
    """


def test_node_apps_called_in_process(repo: RepoFactory) -> None:
    root = repo(
        {
            "package.json": package_json(
                "api",
                dependencies={"express": "^4", "fastify": "^4", "hono": "^4", "supertest": "^7"},
            ),
            "src/server.js": _SERVER,
        }
    )
    assert links(root) == [
        "src/server.js:16 GET /api/items -> api linked src/server.js:7",
        "src/server.js:17 GET /api/itemz -> api broken -",
        "src/server.js:19 DELETE /api/items -> api broken -",
        "src/server.js:20 GET /health -> api linked src/server.js:10",
        "src/server.js:22 GET /ping -> api linked src/server.js:13",
        # Given a URL, supertest sends the request over the network.
        "src/server.js:23 GET /api/items -> api linked src/server.js:7",
    ]
    assert [p.split(": ", 1)[1] for p in problems(root)] == [
        "app.inject() calls the app in this process, not a service over the network; no route "
        "of 'api' seamcheck reads takes /metrics"
    ]
