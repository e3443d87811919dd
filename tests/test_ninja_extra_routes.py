"""Django Ninja Extra services declare routes on controllers: classes under
`@api_controller(prefix)` whose methods are `@route.get(path)` / `@http_post(path)` /
`@route.generic(path, methods=[...])` (also those of a first-party base class), served under
their prefix on the `NinjaExtraAPI` that `register_controllers` them, itself served where a
Django URLconf serves its URLs. Before, a `NinjaExtraAPI` was no API seamcheck knew: every
call to the service was unsure ("the URLs of api ... which seamcheck cannot read") and a typo
went unseen."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
    environment:
      SHOP_URL: http://shop:8000
  shop:
    build: ./shop
    expose: ["8000"]
"""

CALLS = """\
const express = require("express");
const SHOP_URL = process.env.SHOP_URL;
const app = express();

app.get("/orders/:id", async (req, res) => {
  const r = await fetch(`${SHOP_URL}/api/v1/orders/${req.params.id}`);
  await fetch(`${SHOP_URL}/api/v1/orders`, { method: "POST" });
  await fetch(`${SHOP_URL}/api/v1/ordres/${req.params.id}`);
  await fetch(`${SHOP_URL}/api/v1/orders/${req.params.id}/audit`);
  await fetch(`${SHOP_URL}/api/v1/orders/${req.params.id}`, { method: "PATCH" });
  await fetch(`${SHOP_URL}/api/v1/health`);
  await fetch(`${SHOP_URL}/api/v1/products/7`);
  await fetch(`${SHOP_URL}/api/v1/legacy/anything`);
  res.json(await r.json());
});
app.listen(8080);
"""

SERVICE = {
    "docker-compose.yml": COMPOSE,
    "gateway/package.json": package_json("gateway", dependencies={"express": "^4.19.0"}),
    "gateway/src/server.js": CALLS,
    "shop/requirements.txt": "django\ndjango-ninja-extra\n",
    "shop/shop/__init__.py": "",
    "shop/shop/urls.py": """\
        from django.urls import path

        from shop.api import api

        urlpatterns = [path("api/v1/", api.urls)]
        """,
    "shop/shop/api.py": """\
        from ninja_extra import NinjaExtraAPI

        from orders.controllers import OrdersController
        from products.controllers import ProductsController

        api = NinjaExtraAPI(title="shop")
        api.register_controllers(OrdersController, ProductsController)


        @api.get("/health")
        def health(request):
            return {"ok": True}
        """,
    "shop/orders/__init__.py": "",
    "shop/orders/base.py": """\
        from ninja_extra import ControllerBase, http_get


        class AuditedController(ControllerBase):
            @http_get("/{int:order_id}/audit")
            def audit(self, order_id: int):
                return []
        """,
    "shop/orders/controllers.py": """\
        from ninja_extra import api_controller, route

        from orders.base import AuditedController


        @api_controller("/orders", tags=["orders"])
        class OrdersController(AuditedController):
            @route.get("/{int:order_id}")
            def get_order(self, order_id: int):
                return {"id": order_id}

            @route.post("")
            def create_order(self):
                return {}

            @route.generic("/{int:order_id}", methods=["PUT", "PATCH"])
            def update_order(self, order_id: int):
                return {}
        """,
    "shop/products/__init__.py": "",
    "shop/products/controllers.py": """\
        from ninja_extra import ModelControllerBase, ModelConfig, api_controller

        from products.models import Product


        @api_controller("/products")
        class ProductsController(ModelControllerBase):
            model_config = ModelConfig(model=Product)
        """,
    "shop/products/models.py": "class Product:\n    pass\n",
}


def test_controller_routes_are_served_under_their_prefix_on_the_api(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert [r for r in routes(root) if r.startswith("shop ") and "{*}" not in r] == [
        "shop GET /api/v1/health shop/shop/api.py:10",
        "shop GET /api/v1/orders/{order_id} shop/orders/controllers.py:8",
        "shop GET /api/v1/orders/{order_id}/audit shop/orders/base.py:5",
        "shop PATCH /api/v1/orders/{order_id} shop/orders/controllers.py:16",
        "shop POST /api/v1/orders shop/orders/controllers.py:12",
        "shop PUT /api/v1/orders/{order_id} shop/orders/controllers.py:16",
    ]


def test_calls_to_controllers_are_linked_broken_or_unsure(repo: RepoFactory) -> None:
    root = repo(SERVICE)
    assert links(root) == [
        "gateway/src/server.js:10 PATCH /api/v1/orders/{id} -> shop linked "
        "shop/orders/controllers.py:16",
        "gateway/src/server.js:11 GET /api/v1/health -> shop linked shop/shop/api.py:10",
        # A model controller's routes are built from its model_config: not read.
        "gateway/src/server.js:12 GET /api/v1/products/7 -> shop unsure -",
        "gateway/src/server.js:13 GET /api/v1/legacy/anything -> shop broken -",
        "gateway/src/server.js:6 GET /api/v1/orders/{id} -> shop linked "
        "shop/orders/controllers.py:8",
        "gateway/src/server.js:7 POST /api/v1/orders -> shop linked shop/orders/controllers.py:12",
        "gateway/src/server.js:8 GET /api/v1/ordres/{id} -> shop broken -",
        "gateway/src/server.js:9 GET /api/v1/orders/{id}/audit -> shop linked "
        "shop/orders/base.py:5",
    ]
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:8",
        "gateway/src/server.js:13",
    ]


def test_a_controller_registered_by_import_string_may_serve_anything(repo: RepoFactory) -> None:
    files = dict(SERVICE)
    files["shop/shop/api.py"] = SERVICE["shop/shop/api.py"].replace(
        "api.register_controllers(OrdersController, ProductsController)",
        "api.register_controllers(OrdersController, ProductsController)\n"
        "        api.register_controllers(import_string('legacy.controllers.LegacyController'))",
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    assert by_line["gateway/src/server.js:13"].endswith("-> shop unsure -")
    assert [f for f in findings(root) if "server.js:13" in f and f.startswith("SC107")] != []


def test_a_controller_registered_nowhere_seen_makes_its_calls_unsure(repo: RepoFactory) -> None:
    files = dict(SERVICE)
    files["shop/shop/api.py"] = SERVICE["shop/shop/api.py"].replace(
        "api.register_controllers(OrdersController, ProductsController)", ""
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    # Where its operations are served is not known: unsure, never broken.
    assert by_line["gateway/src/server.js:6"].endswith("-> shop unsure -")
    assert by_line["gateway/src/server.js:8"].endswith("-> shop unsure -")
    assert by_line["gateway/src/server.js:11"].endswith("linked shop/shop/api.py:10")
    assert [f for f in findings(root) if f.startswith("SC104")] == []


def test_route_decorators_imported_from_their_defining_module(repo: RepoFactory) -> None:
    """`route` and `http_post` imported from `ninja_extra.controllers.route`, where they are
    defined. Before, their methods were no operations: the controller, registered, served
    nothing, and the calls to it were false SC104s."""
    files = dict(SERVICE)
    files["shop/orders/controllers.py"] = (
        SERVICE["shop/orders/controllers.py"]
        .replace(
            "from ninja_extra import api_controller, route\n",
            "from ninja_extra import api_controller\n"
            "        from ninja_extra.controllers.route import http_post, route\n",
        )
        .replace('@route.post("")', '@http_post("")')
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    assert by_line["gateway/src/server.js:6"].endswith("linked shop/orders/controllers.py:9")
    assert by_line["gateway/src/server.js:7"].endswith("linked shop/orders/controllers.py:13")
    assert [f.split(" ", 2)[1] for f in findings(root) if f.startswith("SC104")] == [
        "gateway/src/server.js:8",
        "gateway/src/server.js:13",
    ]


def test_controllers_registered_in_a_file_read_before_theirs(repo: RepoFactory) -> None:
    """The API in `core/api.py` registers controllers of `orders/` and `products/`, files
    read after it. Before, those registrations named no controller seen yet: each made every
    call to the API unsure, and the typos went unseen."""
    files = {k: v for k, v in SERVICE.items() if k != "shop/shop/api.py"}
    files["shop/core/__init__.py"] = ""
    files["shop/core/api.py"] = SERVICE["shop/shop/api.py"]
    files["shop/shop/urls.py"] = SERVICE["shop/shop/urls.py"].replace(
        "from shop.api import api", "from core.api import api"
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    assert by_line["gateway/src/server.js:6"].endswith("linked shop/orders/controllers.py:8")
    assert [f.split(" ", 2)[1] for f in findings(root) if f.startswith("SC104")] == [
        "gateway/src/server.js:8",
        "gateway/src/server.js:13",
    ]


def test_a_controller_inheriting_a_library_controller_may_serve_its_routes(
    repo: RepoFactory,
) -> None:
    """django-ninja-jwt's `TokenObtainPairController` serves `/pair` and `/refresh` to the
    controllers that inherit it. Before, only the subclass's own methods were read, and a
    call to `/api/v1/token/pair` was a false SC104; now the calls under the controller's
    prefix that no method read serves are unsure, and a typo elsewhere is still broken."""
    files = dict(SERVICE)
    files["shop/requirements.txt"] = "django\ndjango-ninja-extra\ndjango-ninja-jwt\n"
    files["shop/shop/api.py"] = (
        SERVICE["shop/shop/api.py"]
        .replace(
            "from products.controllers import ProductsController\n",
            "from products.controllers import ProductsController\n"
            "        from auth.controllers import TokenController\n",
        )
        .replace(
            "api.register_controllers(OrdersController, ProductsController)",
            "api.register_controllers(OrdersController, ProductsController, TokenController)",
        )
    )
    files["shop/auth/__init__.py"] = ""
    files["shop/auth/controllers.py"] = """\
        from ninja_extra import api_controller, http_get
        from ninja_jwt.controller import TokenObtainPairController


        @api_controller("/token", tags=["auth"])
        class TokenController(TokenObtainPairController):
            @http_get("/whoami")
            def whoami(self):
                return {}
        """
    files["gateway/src/server.js"] = CALLS.replace(
        "  res.json(await r.json());",
        '  await fetch(`${SHOP_URL}/api/v1/token/pair`, { method: "POST" });\n'
        "  await fetch(`${SHOP_URL}/api/v1/token/whoami`);\n"
        "  res.json(await r.json());",
    )
    root = repo(files)
    by_line = {line.split(" ", 1)[0]: line for line in links(root)}
    assert by_line["gateway/src/server.js:14"].endswith("-> shop unsure -")
    assert by_line["gateway/src/server.js:15"].endswith("linked shop/auth/controllers.py:7")
    found = findings(root)
    assert [f.split(" ", 2)[1] for f in found if f.startswith("SC104")] == [
        "gateway/src/server.js:8",
        "gateway/src/server.js:13",
    ]
    [unsure] = [f for f in found if f.startswith("SC107 gateway/src/server.js:14")]
    assert "the routes of TokenController's base TokenObtainPairController" in unsure
