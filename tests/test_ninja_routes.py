"""Django Ninja services declare routes: operations on a `NinjaAPI` or a `Router`
(`@api.get(path)`, ..., `@api.api_operation(methods, path)`), routers added under prefixes
(`api.add_router(prefix, router)`, nested, or by dotted path), served where a Django URLconf
serves the API's URLs (`path("api/", api.urls)`, under every include above it), with the docs
pages Ninja serves on its own. Before, every call to such a service was unsure ("the URLs of
api ... which seamcheck cannot read"), and a typo went unseen."""

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

GATEWAY = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": """\
        const express = require("express");
        const ML_URL = process.env.ML_URL;
        const app = express();

        app.post("/predict", async (req, res) => {
          const r = await fetch(`${ML_URL}/ml/api/predict`, { method: "POST" });
          await fetch(`${ML_URL}/ml/api/predictt`, { method: "POST" });
          await fetch(`${ML_URL}/ml/api/items/${req.query.id}`);
          await fetch(`${ML_URL}/ml/api/items/${req.query.id}`, { method: "DELETE" });
          await fetch(`${ML_URL}/ml/api/items/${req.query.id}/tags/x/y`);
          await fetch(`${ML_URL}/ml/api/models/3`, { method: "PUT" });
          await fetch(`${ML_URL}/ml/api/reports/weekly`);
          await fetch(`${ML_URL}/ml/api/plugins/anything`);
          await fetch(`${ML_URL}/ml/api/openapi.json`);
          await fetch(`${ML_URL}/ml/api/docs`);
          res.json(await r.json());
        });
        app.listen(8080);
        """,
}

SERVICE = {
    **GATEWAY,
    "ml/requirements.txt": "django\ndjango-ninja\n",
    "ml/mysite/__init__.py": "",
    "ml/mysite/urls.py": """\
        from django.contrib import admin
        from django.urls import include, path

        urlpatterns = [
            path("admin/", admin.site.urls),
            path("ml/", include("mysite.api_urls")),
        ]
        """,
    "ml/mysite/api_urls.py": """\
        from django.urls import path

        from mysite.api import api

        urlpatterns = [path("api/", api.urls)]
        """,
    "ml/mysite/api.py": """\
        from ninja import NinjaAPI, Router

        from items.api import router as items_router
        from mysite import settings

        api = NinjaAPI(title="ml")
        api.add_router("/items", items_router)
        api.add_router("/reports", "reports.api.router")
        api.add_router("/plugins", settings.PLUGIN_ROUTER)


        @api.post("/predict")
        def predict(request):
            return {"label": 1}


        @api.api_operation(["PUT", "PATCH"], "/models/{int:model_id}")
        def model(request, model_id: int):
            return {}
        """,
    "ml/mysite/settings.py": "PLUGIN_ROUTER = None\n",
    "ml/items/__init__.py": "",
    "ml/items/api.py": """\
        from ninja import Router

        router = Router()
        tags = Router()
        router.add_router("/{item_id}/tags", tags)


        @router.get("/{item_id}")
        def get_item(request, item_id: int):
            return {}


        @router.delete("/{item_id}")
        def delete_item(request, item_id: int):
            return {}


        @tags.get("/{path:rest}")
        def tag(request, item_id: int, rest: str):
            return {}
        """,
    "ml/reports/__init__.py": "",
    "ml/reports/api.py": """\
        from ninja import Router

        router = Router()


        @router.get("/weekly")
        def weekly(request):
            return {}
        """,
}


def test_ninja_operations_are_served_under_the_urlconfs_that_serve_the_api(
    repo: RepoFactory,
) -> None:
    root = repo(SERVICE)
    assert [r for r in routes(root) if r.startswith("ml ")] == [
        "ml DELETE /ml/api/items/{item_id} ml/items/api.py:13",
        "ml GET /ml/api/items/{item_id} ml/items/api.py:8",
        "ml GET /ml/api/items/{item_id}/tags/{*} ml/items/api.py:18",
        "ml GET /ml/api/reports/weekly ml/reports/api.py:6",
        "ml PATCH /ml/api/models/{model_id} ml/mysite/api.py:17",
        "ml POST /ml/api/predict ml/mysite/api.py:12",
        "ml PUT /ml/api/models/{model_id} ml/mysite/api.py:17",
    ]


def test_calls_to_a_ninja_service_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert links(root) == [
        "gateway/src/server.js:10 GET /ml/api/items/{id}/tags/x/y -> ml linked ml/items/api.py:18",
        "gateway/src/server.js:11 PUT /ml/api/models/3 -> ml linked ml/mysite/api.py:17",
        "gateway/src/server.js:12 GET /ml/api/reports/weekly -> ml linked ml/reports/api.py:6",
        "gateway/src/server.js:13 GET /ml/api/plugins/anything -> ml unsure -",
        "gateway/src/server.js:14 GET /ml/api/openapi.json -> ml linked ml/mysite/api.py:6",
        "gateway/src/server.js:15 GET /ml/api/docs -> ml linked ml/mysite/api.py:6",
        "gateway/src/server.js:6 POST /ml/api/predict -> ml linked ml/mysite/api.py:12",
        "gateway/src/server.js:7 POST /ml/api/predictt -> ml broken -",
        "gateway/src/server.js:8 GET /ml/api/items/{id} -> ml linked ml/items/api.py:8",
        "gateway/src/server.js:9 DELETE /ml/api/items/{id} -> ml linked ml/items/api.py:13",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:7"
    ]
    # A router seamcheck cannot find may serve anything under the prefix it is added at.
    assert any(f.startswith("SC107 gateway/src/server.js:13") for f in found)


def test_an_api_whose_urls_are_served_nowhere_seen_makes_its_calls_unsure(
    repo: RepoFactory,
) -> None:
    """No URLconf seamcheck reads serves the API: where its operations are is not known, so
    the calls that end as one of them are unsure, and the others cannot be its."""
    files = {k: v for k, v in SERVICE.items() if not k.startswith("ml/mysite/api_urls")}
    files["ml/mysite/urls.py"] = "urlpatterns = []\n"
    files["ml/mysite/api.py"] = SERVICE["ml/mysite/api.py"].replace(
        'api.add_router("/plugins", settings.PLUGIN_ROUTER)', ""
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    assert by_line["gateway/src/server.js:6"].endswith("-> ml unsure -")
    assert by_line["gateway/src/server.js:8"].endswith("-> ml unsure -")
    # No POST operation ends as `/predictt`: the call cannot be one of the API's.
    assert by_line["gateway/src/server.js:7"].endswith("-> ml broken -")


def test_ninja_docs_pages_turned_off_are_not_served(repo: RepoFactory) -> None:
    files = dict(SERVICE)
    files["ml/mysite/api.py"] = SERVICE["ml/mysite/api.py"].replace(
        'NinjaAPI(title="ml")', 'NinjaAPI(title="ml", openapi_url=None)'
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    assert by_line["gateway/src/server.js:14"].endswith("-> ml broken -")
    assert by_line["gateway/src/server.js:15"].endswith("-> ml broken -")
