"""Sanic services declare routes: `@app.get(path)`, `@bp.route(path, methods=[...])`,
`app.add_route(handler, path)` (an `HTTPMethodView` by its methods), blueprints under their
`url_prefix`, registered with `app.blueprint(bp)` (whose `url_prefix=` replaces theirs) or in
a `Blueprint.group(..., url_prefix=)`, versions (`/v2` before every prefix), `<name:int>`
and `<rest:path>` parameters, static files. Before, a Sanic service declared no route: every
call to it was unsure, and a typo went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
    environment:
      ML_URL: http://ml:8000
  ml:
    build: ./ml
    expose: ["8000"]
"""

SERVICE = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """\
        const express = require("express");
        const ML_URL = process.env.ML_URL;
        const app = express();

        app.post("/predict", async (req, res) => {
          const r = await fetch(`${ML_URL}/api/predict`, { method: "POST" });
          await fetch(`${ML_URL}/api/predictt`, { method: "POST" });
          await fetch(`${ML_URL}/api/v1/files/a/b.txt`);
          await fetch(`${ML_URL}/v2/items/${req.query.id}`);
          await fetch(`${ML_URL}/v3/models/${req.query.name}`);
          await fetch(`${ML_URL}/models/${req.query.name}`);
          await fetch(`${ML_URL}/things/7`, { method: "POST" });
          await fetch(`${ML_URL}/things/7`, { method: "HEAD" });
          await fetch(`${ML_URL}/healthz`);
          await fetch(`${ML_URL}/static/app.css`);
          await fetch(`${ML_URL}/plugins/hooks/run`);
          res.json(await r.json());
        });
        app.listen(8080);
        """,
    "ml/requirements.txt": "sanic\n",
    "ml/ml/__init__.py": "",
    "ml/ml/settings.py": "PLUGINS = '/plugins'\n",
    "ml/ml/models.py": """\
        from sanic import Blueprint
        from sanic.response import json

        bp = Blueprint("models", url_prefix="/replaced")


        @bp.get("/<name>", version=3)
        async def get_model(request, name):
            return json({})
        """,
    "ml/ml/app.py": """\
        import os

        from sanic import Blueprint, Sanic
        from sanic.response import json
        from sanic.views import HTTPMethodView

        from ml.models import bp as models_bp

        app = Sanic("ml")
        files = Blueprint("files", url_prefix="/v1")
        items = Blueprint("items", version=2)
        plugins = Blueprint("plugins")
        api = Blueprint.group(files, url_prefix="/api")


        class Things(HTTPMethodView):
            async def get(self, request, thing_id):
                return json({})

            async def post(self, request, thing_id):
                return json({})


        @app.route("/api/predict", methods=["POST"])
        async def predict(request):
            return json({"label": 1})


        @files.get("/files/<rest:path>")
        async def download(request, rest):
            return json({})


        @items.get("/items/<item_id:int>")
        async def item(request, item_id):
            return json({})


        @plugins.get("/hooks/run")
        async def plugin(request):
            return json({})


        async def health(request):
            return json({})


        app.add_route(health, "/healthz")
        app.add_route(Things.as_view(), "/things/<thing_id:int>")
        app.static("/static", "./static")
        app.blueprint(api)
        app.blueprint(items)
        app.blueprint(models_bp, url_prefix="/models")
        app.blueprint(plugins, url_prefix=os.environ["PLUGINS_PREFIX"])
        """,
}


def test_sanic_routes_are_served_under_blueprints_groups_and_versions(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert [r for r in routes(root) if r.startswith("ml ")] == [
        "ml GET /api/v1/files/{*} ml/ml/app.py:29",
        "ml GET /healthz ml/ml/app.py:48",
        "ml GET /things/{thing_id} ml/ml/app.py:49",
        "ml GET /v2/items/{item_id} ml/ml/app.py:34",
        "ml GET /v3/models/{name} ml/ml/models.py:7",
        "ml POST /api/predict ml/ml/app.py:24",
        "ml POST /things/{thing_id} ml/ml/app.py:49",
    ]


def test_calls_to_a_sanic_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert links(root) == [
        "gateway/src/server.js:10 GET /v3/models/{name} -> ml linked ml/ml/models.py:7",
        "gateway/src/server.js:11 GET /models/{name} -> ml broken -",
        "gateway/src/server.js:12 POST /things/7 -> ml linked ml/ml/app.py:49",
        "gateway/src/server.js:13 HEAD /things/7 -> ml linked ml/ml/app.py:49",
        "gateway/src/server.js:14 GET /healthz -> ml linked ml/ml/app.py:48",
        "gateway/src/server.js:15 GET /static/app.css -> ml unsure -",
        "gateway/src/server.js:16 GET /plugins/hooks/run -> ml unsure -",
        "gateway/src/server.js:6 POST /api/predict -> ml linked ml/ml/app.py:24",
        "gateway/src/server.js:7 POST /api/predictt -> ml broken -",
        "gateway/src/server.js:8 GET /api/v1/files/a/b.txt -> ml linked ml/ml/app.py:29",
        "gateway/src/server.js:9 GET /v2/items/{id} -> ml linked ml/ml/app.py:34",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:7",
        "gateway/src/server.js:11",
    ]
    # A blueprint registered at a prefix known only at run time: its route is unsure.
    assert any(f.startswith("SC107 gateway/src/server.js:16") for f in found)
