"""Litestar services declare routes: functions decorated `@get(path)`, `@post`, ...,
`@route(path, http_method=[...])`, methods of a `Controller` under its `path`, served where
`Router(path=, route_handlers=[...])` and `Litestar(route_handlers=[...])` list them. Before,
a Litestar service declared no route: every call to it was unsure, and a typo went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
    environment:
      MODEL_URL: http://model:8000
  model:
    build: ./model
    expose: ["8000"]
"""

SERVICE = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """\
        const express = require("express");
        const MODEL = process.env.MODEL_URL;
        const app = express();

        app.get("/models", async (req, res) => {
          res.json(await (await fetch(`${MODEL}/api/models`)).json());
        });
        app.post("/models/:id/predict", async (req, res) => {
          const r = await fetch(`${MODEL}/api/models/${req.params.id}/predict`, { method: "POST" });
          res.json(await r.json());
        });
        app.post("/models/:id/explain", async (req, res) => {
          const r = await fetch(`${MODEL}/api/models/${req.params.id}/explian`, { method: "POST" });
          res.json(await r.json());
        });
        app.delete("/cache", async (req, res) => {
          await fetch(`${MODEL}/admin/cache`, { method: "DELETE" });
          await fetch(`${MODEL}/admin/cache`, { method: "PUT" });
          await fetch(`${MODEL}/v2/batch/7`, { method: "POST" });
          await fetch(`${MODEL}/healthz`);
          await fetch(`${MODEL}/live`);
          await fetch(`${MODEL}/stream/x`);
          res.end();
        });
        app.listen(8080);
        """,
    "model/pyproject.toml": '[project]\nname = "model"\ndependencies = ["litestar"]\n',
    "model/model/__init__.py": "",
    "model/model/controllers.py": """\
        from litestar import Controller, get, post


        class ModelController(Controller):
            path = "/models"

            @get()
            async def list_models(self) -> list[str]:
                return []

            @post("/{model_id:str}/predict")
            async def predict(self, model_id: str) -> dict:
                return {}

            @post(path="/{model_id:str}/explain", sync_to_thread=True)
            def explain(self, model_id: str) -> dict:
                return {}
        """,
    "model/model/app.py": """\
        from litestar import HttpMethod, Litestar, Router, get, post, route
        from litestar.handlers import websocket_listener

        from model.controllers import ModelController


        @get(["/healthz", "/live"], sync_to_thread=False)
        def health() -> dict[str, str]:
            return {"status": "ok"}


        @route("/cache", http_method=[HttpMethod.DELETE, "PUT"])
        async def cache() -> None:
            return None


        @post("/batch/{size:int}")
        async def batch(size: int) -> list[int]:
            return []


        @websocket_listener("/stream")
        async def stream(data: str) -> str:
            return data


        api = Router(path="/api", route_handlers=[ModelController])
        admin = Router("/admin", route_handlers=[cache])

        app = Litestar(
            route_handlers=[health, api, admin, Router(path="/v2", route_handlers=[batch]), stream]
        )
        """,
}


def test_litestar_handlers_are_served_under_their_controllers_and_routers(
    repo: RepoFactory,
) -> None:
    root = repo(SERVICE)
    assert [r for r in routes(root) if r.startswith("model ")] == [
        "model DELETE /admin/cache model/model/app.py:12",
        "model GET /api/models model/model/controllers.py:7",
        "model GET /healthz model/model/app.py:7",
        "model GET /live model/model/app.py:7",
        "model POST /api/models/{model_id}/explain model/model/controllers.py:15",
        "model POST /api/models/{model_id}/predict model/model/controllers.py:11",
        "model POST /v2/batch/{size} model/model/app.py:17",
        "model PUT /admin/cache model/model/app.py:12",
    ]


def test_calls_to_a_litestar_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert links(root) == [
        "gateway/src/server.js:13 POST /api/models/{id}/explian -> model broken -",
        "gateway/src/server.js:17 DELETE /admin/cache -> model linked model/model/app.py:12",
        "gateway/src/server.js:18 PUT /admin/cache -> model linked model/model/app.py:12",
        "gateway/src/server.js:19 POST /v2/batch/7 -> model linked model/model/app.py:17",
        "gateway/src/server.js:20 GET /healthz -> model linked model/model/app.py:7",
        "gateway/src/server.js:21 GET /live -> model linked model/model/app.py:7",
        "gateway/src/server.js:22 GET /stream/x -> model unsure -",
        "gateway/src/server.js:6 GET /api/models -> model linked model/model/controllers.py:7",
        "gateway/src/server.js:9 POST /api/models/{id}/predict -> model linked "
        "model/model/controllers.py:11",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:13"
    ]
    # A handler seamcheck does not read (a websocket listener) may serve anything: unsure.
    assert any(f.startswith("SC107 gateway/src/server.js:22") for f in found)


def test_litestar_answers_options_on_every_route_and_head_only_where_declared(
    repo: RepoFactory,
) -> None:
    # Litestar's `HTTPRoute` adds an OPTIONS handler to every path that declares none
    # (`create_options_handler`, answering with the path's methods); HEAD is answered only by
    # a handler that declares it (`@head`), a GET route's path says 405.
    gateway = """\
        const express = require("express");
        const MODEL = process.env.MODEL_URL;
        const app = express();

        app.get("/probe", async (req, res) => {
          await fetch(`${MODEL}/api/models`, { method: "OPTIONS" });
          await fetch(`${MODEL}/admin/cache`, { method: "OPTIONS" });
          await fetch(`${MODEL}/healthz`, { method: "HEAD" });
          res.end();
        });
        app.listen(8080);
        """
    root = repo({**SERVICE, "gateway/src/server.js": gateway})
    # Before: both OPTIONS calls were reported broken (SC104), as for FastAPI.
    assert links(root) == [
        "gateway/src/server.js:6 OPTIONS /api/models -> model linked model/model/controllers.py:7",
        "gateway/src/server.js:7 OPTIONS /admin/cache -> model linked model/model/app.py:12",
        "gateway/src/server.js:8 HEAD /healthz -> model broken -",
    ]
