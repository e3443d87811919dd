"""What a service serves through something mounted under a prefix that seamcheck cannot read
as routes: a package's Django URLconf, a Django REST framework router, a proxy or other
middleware mounted with `app.use`, an ASGI app mounted with `app.mount`. Each was dropped, so
every call it serves was a false SC104 error; now such a call is linked where the mount can
be read, and unsure (SC107) where it cannot."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links, route_labels, seam_map

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""


def django_repo(urls: str, gateway: str, **files: str) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/pyproject.toml": (
            '[project]\nname = "api"\ndependencies = ["django", "djangorestframework"]\n'
        ),
        "api/proj/__init__.py": "",
        "api/proj/urls.py": urls,
        "api/shop/__init__.py": "",
        "api/shop/views.py": """\
            from django.http import JsonResponse


            def ping(request):
                return JsonResponse({"ok": True})


            def item(request, pk):
                return JsonResponse({"id": pk})
            """,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": gateway,
        **files,
    }


def codes(root: Path) -> list[str]:
    """`code path:line` of every finding."""
    result = run_cli("check", str(root), "--no-cache", "--format", "json")
    return [f"{f['code']} {f['path']}:{f['line']}" for f in json.loads(result.stdout)["findings"]]


def test_drf_extra_actions_route_more_methods_with_mapping(repo: RepoFactory) -> None:
    root = repo(
        django_repo(
            """\
            from django.urls import include, path
            from rest_framework.routers import SimpleRouter

            from shop.viewsets import JobViewSet

            router = SimpleRouter()
            router.register("jobs", JobViewSet)

            urlpatterns = [path("api/", include(router.urls))]
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:8000' });
            async function main(id) {
              await api.get(`/api/jobs/${id}/settings/`);
              await api.put(`/api/jobs/${id}/settings/`, {});
              await api.delete(`/api/jobs/${id}/settings/`);
              await api.post(`/api/jobs/${id}/settings/`, {});
            }
            main(7);
            """,
            **{
                "api/shop/viewsets.py": """\
                    from rest_framework import viewsets
                    from rest_framework.decorators import action
                    from rest_framework.response import Response


                    class JobViewSet(viewsets.ReadOnlyModelViewSet):
                        @action(detail=True)
                        def settings(self, request, pk=None):
                            return Response({})

                        @settings.mapping.put
                        def update_settings(self, request, pk=None):
                            return Response({})

                        @settings.mapping.delete
                        def clear_settings(self, request, pk=None):
                            return Response({})
                    """,
            },
        )
    )
    # Before: `@settings.mapping.put` was not read, and the PUT and DELETE calls were SC104
    # errors.
    assert links(root) == [
        "gateway/index.js:4 GET /api/jobs/{id}/settings -> api linked api/proj/urls.py:7",
        "gateway/index.js:5 PUT /api/jobs/{id}/settings -> api linked api/proj/urls.py:7",
        "gateway/index.js:6 DELETE /api/jobs/{id}/settings -> api linked api/proj/urls.py:7",
        "gateway/index.js:7 POST /api/jobs/{id}/settings -> api broken -",
    ]
    handlers = {r.label: r.handler for r in seam_map(root).routes}
    assert handlers["PUT /api/jobs/{pk}/settings"] == (
        "api/shop/viewsets.py::JobViewSet.update_settings"
    )


def test_django_urlconfs_seamcheck_cannot_read_make_the_calls_under_them_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        django_repo(
            """\
            from django.contrib import admin
            from django.urls import include, path
            from payments import urls as payment_urls

            from shop import views

            urlpatterns = [
                path("admin/", admin.site.urls),
                path("accounts/", include("allauth.urls")),
                path("payments/", include(payment_urls)),
                path("api/v1/", include([path("ping/", views.ping), path("items/<int:pk>/", views.item)])),
                path("health/", views.ping),
            ]
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:8000' });
            async function main() {
              await api.get('/admin/shop/order/3/change/');
              await api.get('/accounts/profile/');
              await api.post('/payments/stripe/webhook/');
              await api.get('/api/v1/items/7/');
              await api.get('/api/v1/ping/');
              await api.get('/ping/');
              await api.get('/healthz/');
            }
            main();
            """,
        )
    )
    # Before: the admin served /admin only, the two includes of packages were dropped, and the
    # paths inside include([...]) were served at the root: the first four calls were SC104
    # errors and /ping linked.
    assert route_labels(root, "api") == [
        "ANY /api/v1/items/{pk}",
        "ANY /api/v1/ping",
        "ANY /health",
    ]
    assert links(root) == [
        "gateway/index.js:10 GET /healthz -> api broken -",
        "gateway/index.js:4 GET /admin/shop/order/3/change -> api unsure -",
        "gateway/index.js:5 GET /accounts/profile -> api unsure -",
        "gateway/index.js:6 POST /payments/stripe/webhook -> api unsure -",
        "gateway/index.js:7 GET /api/v1/items/7 -> api linked api/proj/urls.py:11",
        "gateway/index.js:8 GET /api/v1/ping -> api linked api/proj/urls.py:11",
        "gateway/index.js:9 GET /ping -> api broken -",
    ]
    unread = {r.head: r.label for r in seam_map(root).unread}
    assert unread == {
        "/admin/": "the URLs of admin.site at api/proj/urls.py:8",
        "/accounts/": "the URLconf 'allauth.urls' at api/proj/urls.py:9",
        "/payments/": "the URLconf payment_urls at api/proj/urls.py:10",
    }
    assert codes(root) == [
        "SC107 gateway/index.js:4",
        "SC107 gateway/index.js:5",
        "SC107 gateway/index.js:6",
        "SC104 gateway/index.js:9",
        "SC104 gateway/index.js:10",
    ]


def test_django_rest_framework_routers_serve_their_viewsets_actions(repo: RepoFactory) -> None:
    root = repo(
        django_repo(
            """\
            from django.urls import include, path
            from rest_framework.routers import DefaultRouter

            from shop.views import AccountViewSet, OrderViewSet, ThingViewSet

            router = DefaultRouter()
            router.register(r"orders", OrderViewSet)
            router.register(r"accounts", AccountViewSet, basename="account")
            router.register(r"things", ThingViewSet, basename="thing")

            urlpatterns = [
                path("api/", include(router.urls)),
                path("shop/", include("shop.urls")),
            ]
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:8000' });
            async function main(id) {
              await api.get('/api/');
              await api.get('/api/orders/');
              await api.post('/api/orders/', {});
              await api.delete(`/api/orders/${id}/`);
              await api.get(`/api/accounts/${id}/`);
              await api.post(`/api/accounts/${id}/set-password/`, {});
              await api.delete(`/api/accounts/${id}/`);
              await api.get('/api/accounts/');
              await api.get('/api/orders.json');
              await api.get('/api/ordrs/');
              await api.get(`/api/things/${id}/export/`);
              await api.get(`/shop/products/${id}/`);
              await api.get('/api/orders/recent/');
            }
            main(7);
            """,
            **{
                "api/shop/viewsets.py": """\
                    from rest_framework import mixins, viewsets
                    from rest_framework.decorators import action
                    from rest_framework.response import Response
                    from rest_framework_bulk import BulkUpdateModelMixin


                    class OrderViewSet(viewsets.ModelViewSet):
                        @action(detail=False)
                        def recent(self, request):
                            return Response([])


                    class AccountViewSet(viewsets.ViewSet):
                        lookup_field = "username"

                        def retrieve(self, request, username=None):
                            return Response({})

                        @action(detail=True, methods=["post"], url_path="set-password")
                        def set_password(self, request, username=None):
                            return Response({})


                    class ThingViewSet(BulkUpdateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
                        pass


                    class ProductViewSet(viewsets.ReadOnlyModelViewSet):
                        pass
                    """,
                "api/shop/views.py": """\
                    from shop.viewsets import AccountViewSet, OrderViewSet, ProductViewSet, ThingViewSet
                    """,
                "api/shop/urls.py": """\
                    from rest_framework import routers

                    from shop.views import ProductViewSet

                    router = routers.SimpleRouter()
                    router.register("products", ProductViewSet)

                    urlpatterns = []
                    urlpatterns += router.urls
                    """,
            },
        )
    )
    # Before: every route of a router was dropped, so all but the last call were SC104
    # errors (the last, in the URLconf that creates its router, too).
    assert route_labels(root, "api") == [
        "ANY /api/things",
        "ANY /api/things/{pk}",
        "DELETE /api/orders/{pk}",
        "GET /api",
        "GET /api/accounts/{username}",
        "GET /api/orders",
        "GET /api/orders/recent",
        "GET /api/orders/{pk}",
        "GET /shop/products",
        "GET /shop/products/{pk}",
        "PATCH /api/orders/{pk}",
        "POST /api/accounts/{username}/set-password",
        "POST /api/orders",
        "PUT /api/orders/{pk}",
    ]
    assert links(root) == [
        "gateway/index.js:10 DELETE /api/accounts/{id} -> api broken -",
        "gateway/index.js:11 GET /api/accounts -> api broken -",
        "gateway/index.js:12 GET /api/orders.json -> api unsure -",
        "gateway/index.js:13 GET /api/ordrs -> api broken -",
        "gateway/index.js:14 GET /api/things/{id}/export -> api unsure -",
        "gateway/index.js:15 GET /shop/products/{id} -> api linked api/shop/urls.py:6",
        "gateway/index.js:16 GET /api/orders/recent -> api linked api/proj/urls.py:7",
        "gateway/index.js:4 GET /api -> api linked api/proj/urls.py:7",
        "gateway/index.js:5 GET /api/orders -> api linked api/proj/urls.py:7",
        "gateway/index.js:6 POST /api/orders -> api linked api/proj/urls.py:7",
        "gateway/index.js:7 DELETE /api/orders/{id} -> api linked api/proj/urls.py:7",
        "gateway/index.js:8 GET /api/accounts/{id} -> api linked api/proj/urls.py:8",
        "gateway/index.js:9 POST /api/accounts/{id}/set-password -> api linked api/proj/urls.py:8",
    ]
    handlers = {r.label: r.handler for r in seam_map(root).routes}
    assert (
        handlers["GET /api/accounts/{username}"] == "api/shop/viewsets.py::AccountViewSet.retrieve"
    )
    assert handlers["GET /api/orders"] == ""  # ModelViewSet's own list()
    assert {r.head: r.label for r in seam_map(root).unread} == {
        "/api/orders.": "a format suffix (.json) of a DefaultRouter at api/proj/urls.py:7",
        "/api/things.": "a format suffix (.json) of a DefaultRouter at api/proj/urls.py:9",
        "/api/things/": (
            "the extra actions ThingViewSet may inherit from BulkUpdateModelMixin at "
            "api/proj/urls.py:9"
        ),
    }


GATEWAY_COMPOSE = """\
services:
  gw:
    build: ./gw
    ports: ["8080:8080"]
  jobs:
    build: ./jobs
  ml:
    build: ./ml
"""


def test_express_proxies_static_files_and_apps_mounted_with_use_serve_under_their_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            "gw/package.json": package_json(
                "gw",
                dependencies={
                    "express": "^4.19.0",
                    "http-proxy-middleware": "^3.0.0",
                    "express-http-proxy": "^2.0.0",
                    "express-graphql": "^0.12.0",
                    "swagger-ui-express": "^5.0.0",
                    "cors": "^2.8.5",
                    "@acme/auth": "^1.0.0",
                },
            ),
            "gw/src/index.js": """\
                const express = require('express');
                const cors = require('cors');
                const proxy = require('express-http-proxy');
                const { createProxyMiddleware } = require('http-proxy-middleware');
                const { graphqlHTTP } = require('express-graphql');
                const swaggerUi = require('swagger-ui-express');
                const { authenticate, requestLogger } = require('@acme/auth');
                const { schema } = require('./schema');

                const app = express();
                app.use(cors());
                app.use(express.json());
                app.use(requestLogger());
                app.use('/api', authenticate({ audience: 'gw' }));
                app.use(
                  '/api/ml',
                  createProxyMiddleware({ target: 'http://ml:8000', changeOrigin: true, pathRewrite: { '^/api/ml': '' } }),
                );
                const legacy = proxy('http://legacy.example.com');
                app.use('/legacy', legacy);
                app.use(createProxyMiddleware({ target: 'http://billing.example.com', pathFilter: '/billing' }));
                app.use('/assets', express.static('public'));
                app.use('/graphql', graphqlHTTP({ schema, graphiql: true }));
                app.use('/docs', swaggerUi.serve, swaggerUi.setup(schema));
                app.get('/api/users', (req, res) => res.json([]));
                app.listen(8080);
                """,
            "gw/src/schema.js": "module.exports = { schema: null };\n",
            "jobs/package.json": package_json("jobs"),
            "jobs/index.js": """\
                const GW = 'http://gw:8080';
                async function main() {
                  await fetch(`${GW}/api/ml/v1/rank`, { method: 'POST' });
                  await fetch(`${GW}/legacy/reports/7`);
                  await fetch(`${GW}/billing/invoices`);
                  await fetch(`${GW}/assets/app.css`);
                  await fetch(`${GW}/assets/upload`, { method: 'POST' });
                  await fetch(`${GW}/graphql`, { method: 'POST' });
                  await fetch(`${GW}/api/users`);
                  await fetch(`${GW}/api/userz`);
                  await fetch(`${GW}/nothing/here`);
                }
                main();
                """,
        }
    )
    # Before: only GET /api/users was a route, so every call but that one was SC104 error.
    assert links(root) == [
        "jobs/index.js:10 GET /api/userz -> gw broken -",
        "jobs/index.js:11 GET /nothing/here -> gw broken -",
        "jobs/index.js:3 POST /api/ml/v1/rank -> gw unsure -",
        "jobs/index.js:4 GET /legacy/reports/7 -> gw unsure -",
        "jobs/index.js:5 GET /billing/invoices -> gw unsure -",
        "jobs/index.js:6 GET /assets/app.css -> gw unsure -",
        "jobs/index.js:7 POST /assets/upload -> gw broken -",
        "jobs/index.js:8 POST /graphql -> gw unsure -",
        "jobs/index.js:9 GET /api/users -> gw linked gw/src/index.js:25",
    ]
    # Authentication mounted at /api, where the gateway declares its own routes, passes
    # requests on: it does not make a typo of theirs unsure. Logging mounted with no prefix
    # serves nothing.
    assert sorted({(r.head, r.label) for r in seam_map(root).unread}) == [
        ("/api/ml", "a proxy to http://ml:8000 at gw/src/index.js:15"),
        ("/assets", "static files at gw/src/index.js:22"),
        ("/billing", "a proxy to http://billing.example.com at gw/src/index.js:21"),
        ("/docs", "what swagger-ui-express.serve serves at gw/src/index.js:24"),
        ("/graphql", "what express-graphql.graphqlHTTP() serves at gw/src/index.js:23"),
        ("/legacy", "a proxy to http://legacy.example.com at gw/src/index.js:20"),
    ]


def test_asgi_apps_mounted_with_mount_serve_everything_under_their_path(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            "ml/pyproject.toml": (
                '[project]\nname = "ml"\n'
                'dependencies = ["fastapi", "prometheus-client", "python-socketio"]\n'
            ),
            "ml/app/__init__.py": "",
            "ml/app/main.py": """\
                import socketio
                from fastapi import FastAPI
                from fastapi.staticfiles import StaticFiles
                from prometheus_client import make_asgi_app

                sio = socketio.AsyncServer(async_mode="asgi")
                app = FastAPI()
                app.mount("/static", StaticFiles(directory="static"), name="static")
                app.mount("/metrics", make_asgi_app())
                sockets = socketio.ASGIApp(sio)
                app.mount("/ws", sockets)

                v2 = FastAPI()


                @v2.get("/items/{item_id}")
                async def item(item_id: int):
                    return {}


                @app.post("/v1/rank")
                async def rank():
                    return {}


                app.mount("/v2", v2)
                """,
            "jobs/package.json": package_json("jobs"),
            "jobs/index.js": """\
                const ML = 'http://ml:8000';
                async function main() {
                  await fetch(`${ML}/static/css/app.css`);
                  await fetch(`${ML}/static/upload`, { method: 'POST' });
                  await fetch(`${ML}/metrics`);
                  await fetch(`${ML}/ws/socket.io/`);
                  await fetch(`${ML}/v2/items/3`);
                  await fetch(`${ML}/v1/rank`, { method: 'POST' });
                  await fetch(`${ML}/v1/rnak`, { method: 'POST' });
                }
                main();
                """,
        }
    )
    # Before: what StaticFiles, make_asgi_app() and socketio.ASGIApp serve was ignored, so the
    # first, third and fourth calls were SC104 errors. The named app v2 may also run on its
    # own, as one mounted with `Mount` may.
    assert route_labels(root, "ml") == [
        "GET /items/{item_id}",
        "GET /v2/items/{item_id}",
        "POST /v1/rank",
        # The socket.io server's connections, a protocol of its own (test_seams_socketio.py).
        "SIO /ws/socket.io/@",
    ]
    assert links(root) == [
        "jobs/index.js:3 GET /static/css/app.css -> ml unsure -",
        "jobs/index.js:4 POST /static/upload -> ml broken -",
        "jobs/index.js:5 GET /metrics -> ml unsure -",
        "jobs/index.js:6 GET /ws/socket.io -> ml unsure -",
        "jobs/index.js:7 GET /v2/items/3 -> ml linked ml/app/main.py:16",
        "jobs/index.js:8 POST /v1/rank -> ml linked ml/app/main.py:21",
        "jobs/index.js:9 POST /v1/rnak -> ml broken -",
    ]
    assert sorted({(r.method, r.head, r.label) for r in seam_map(root).unread}) == [
        ("ANY", "/metrics", "what prometheus_client.make_asgi_app() serves at ml/app/main.py:9"),
        ("ANY", "/ws", "what socketio.ASGIApp() serves at ml/app/main.py:11"),
        ("GET", "/static", "static files at ml/app/main.py:8"),
        ("HEAD", "/static", "static files at ml/app/main.py:8"),
        # Socket.IO events on a python-socketio server are not read (test_seams_socketio.py).
        ("SIO", "/ws/socket.io/!", "the events python-socketio handlers take at ml/app/main.py:6"),
    ]


def test_an_app_mounted_by_keyword_is_read_as_one_mounted_by_position(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            "ml/requirements.txt": "fastapi\nprometheus-client\nuvicorn\n",
            "ml/main.py": """\
                from fastapi import FastAPI
                from fastapi.staticfiles import StaticFiles
                from prometheus_client import make_asgi_app

                app = FastAPI()
                app.mount("/static", app=StaticFiles(directory="static"), name="static")
                metrics = make_asgi_app()
                app.mount(path="/metrics", app=metrics)


                @app.post("/predict")
                async def predict():
                    return {}
                """,
            "jobs/package.json": package_json("jobs"),
            "jobs/index.js": """\
                const ML = 'http://ml:8000';
                async function main() {
                  await fetch(`${ML}/static/models.json`);
                  await fetch(`${ML}/metrics`);
                  await fetch(`${ML}/predikt`, { method: 'POST' });
                }
                main();
                """,
        }
    )
    # Before: `app=` was skipped as a keyword that says nothing of what is mounted, and the
    # first two calls were SC104 errors.
    assert links(root) == [
        "jobs/index.js:3 GET /static/models.json -> ml unsure -",
        "jobs/index.js:4 GET /metrics -> ml unsure -",
        "jobs/index.js:5 POST /predikt -> ml broken -",
    ]


def test_starlette_mounts_of_apps_serve_everything_under_their_path(repo: RepoFactory) -> None:
    """A Starlette `Mount(path, app=x)` in an app's `routes=[...]` is read as `app.mount` is:
    what seamcheck cannot read (StaticFiles, `make_asgi_app()`) may serve anything under the
    path, a FastAPI app serves its routes there, and a router's routes stay known."""
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "api/requirements.txt": "starlette\nfastapi\nprometheus-client\nuvicorn\n",
            "api/main.py": """\
                from fastapi import FastAPI
                from prometheus_client import make_asgi_app
                from starlette.applications import Starlette
                from starlette.middleware import Middleware
                from starlette.middleware.gzip import GZipMiddleware
                from starlette.responses import JSONResponse
                from starlette.routing import Mount, Route, Router
                from starlette.staticfiles import StaticFiles


                async def items(request):
                    return JSONResponse([])


                v2 = FastAPI()


                @v2.get("/orders/{order_id}")
                async def order(order_id: int):
                    return {}


                metrics_app = make_asgi_app()
                admin = Router(routes=[Route("/stats", items)])

                app = Starlette(
                    routes=[
                        Route("/api/items", items),
                        Mount("/static", app=StaticFiles(directory="static"), name="static"),
                        Mount("/metrics", metrics_app),
                        Mount("/v2", app=v2),
                        Mount("/admin", app=admin, middleware=[Middleware(GZipMiddleware)]),
                    ]
                )
                """,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.6.0"}),
            "gateway/index.js": """\
                const axios = require('axios');
                const api = axios.create({ baseURL: 'http://api:8000' });

                async function main() {
                  await api.get('/static/app.js');
                  await api.get('/metrics');
                  await api.get('/api/items');
                  await api.get('/api/itemz');
                  await api.get('/v2/orders/3');
                  await api.get('/admin/stats');
                  await api.get('/admin/stat');
                }
                main();
                """,
        }
    )
    # Before: the Mounts' apps were taken to serve nothing and v2's route was served at /
    # only, so the calls to /static/app.js, /metrics and /v2/orders/3 were SC104 errors.
    assert route_labels(root, "api") == [
        "GET /admin/stats",
        "GET /api/items",
        "GET /orders/{order_id}",
        "GET /v2/orders/{order_id}",
    ]
    assert links(root) == [
        "gateway/index.js:10 GET /admin/stats -> api linked api/main.py:24",
        "gateway/index.js:11 GET /admin/stat -> api broken -",
        "gateway/index.js:5 GET /static/app.js -> api unsure -",
        "gateway/index.js:6 GET /metrics -> api unsure -",
        "gateway/index.js:7 GET /api/items -> api linked api/main.py:28",
        "gateway/index.js:8 GET /api/itemz -> api broken -",
        "gateway/index.js:9 GET /v2/orders/3 -> api linked api/main.py:18",
    ]
    assert sorted({(r.method, r.head, r.label) for r in seam_map(root).unread}) == [
        ("ANY", "/metrics", "what prometheus_client.make_asgi_app() serves at api/main.py:30"),
        ("GET", "/static", "static files at api/main.py:29"),
        ("HEAD", "/static", "static files at api/main.py:29"),
    ]


def test_starlette_apps_mount_with_app_mount_as_fastapi_apps_do(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "api/requirements.txt": "starlette\nuvicorn\n",
            "api/main.py": """\
                from starlette.applications import Starlette
                from starlette.responses import JSONResponse
                from starlette.routing import Route
                from starlette.staticfiles import StaticFiles


                async def items(request):
                    return JSONResponse([])


                app = Starlette(routes=[Route("/api/items", items)])
                app.mount("/static", StaticFiles(directory="static"), name="static")
                """,
            "gateway/package.json": package_json("gateway"),
            "gateway/index.js": """\
                async function main() {
                  await fetch('http://api:8000/static/app.js');
                  await fetch('http://api:8000/api/items');
                  await fetch('http://api:8000/api/itemz');
                }
                main();
                """,
        }
    )
    # Before: a Starlette app's `mount` was not read, and the first call was an SC104 error.
    assert links(root) == [
        "gateway/index.js:2 GET /static/app.js -> api unsure -",
        "gateway/index.js:3 GET /api/items -> api linked api/main.py:11",
        "gateway/index.js:4 GET /api/itemz -> api broken -",
    ]


def test_starlette_apps_and_routers_mounted_with_app_mount_serve_their_routes_there(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "api/requirements.txt": "starlette\nfastapi\nuvicorn\n",
            "api/admin.py": """\
                from starlette.applications import Starlette
                from starlette.responses import JSONResponse
                from starlette.routing import Mount, Route


                async def stats(request):
                    return JSONResponse({})


                admin = Starlette(routes=[Route("/stats", stats)])
                tenant = Starlette(routes=[Route("/home", stats)])
                site = Starlette(routes=[Mount("/tenant", app=tenant)])
                """,
            "api/main.py": """\
                from fastapi import FastAPI
                from starlette.applications import Starlette
                from starlette.responses import JSONResponse
                from starlette.routing import Mount, Route, Router

                from admin import admin


                async def ping(request):
                    return JSONResponse({})


                reports = Router(routes=[Route("/daily", ping)])
                app = FastAPI()
                app.mount("/legacy", Starlette(routes=[Route("/ping", ping)]))
                app.mount("/reports", reports)
                app.mount("/admin", admin)
                app.mount("/v1", app=Router(routes=[Mount("/jobs", routes=[Route("/{id}", ping)])]))
                """,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": """\
                const axios = require('axios');
                const api = axios.create({ baseURL: 'http://api:8000' });

                async function main() {
                  await api.get('/legacy/ping');
                  await api.get('/reports/daily');
                  await api.get('/admin/stats');
                  await api.get('/v1/jobs/7');
                  await api.get('/stats');
                  await api.get('/ping');
                  await api.get('/reports/weekly');
                  await api.get('/tenant/home');
                  await api.get('/home');
                }
                main();
                """,
        }
    )
    # Before: the routes of what `app.mount` mounts were served at / (GET /ping linked), and
    # the apps and routers it mounts were taken for apps seamcheck cannot read: the calls
    # under /legacy, /reports and /admin were unsure, and the one under the router given as
    # `app=` (not read at all) was a false SC104 error. A named app may also run on its own
    # (`/stats`), as one mounted with `Mount(path, app=x)` does (`/home`: before, an SC104
    # error); one written in place or a router may not.
    assert route_labels(root, "api") == [
        "GET /admin/stats",
        "GET /home",
        "GET /legacy/ping",
        "GET /reports/daily",
        "GET /stats",
        "GET /tenant/home",
        "GET /v1/jobs/{id}",
    ]
    assert links(root) == [
        "gateway/index.js:10 GET /ping -> api broken -",
        "gateway/index.js:11 GET /reports/weekly -> api broken -",
        "gateway/index.js:12 GET /tenant/home -> api linked api/admin.py:11",
        "gateway/index.js:13 GET /home -> api linked api/admin.py:11",
        "gateway/index.js:5 GET /legacy/ping -> api linked api/main.py:15",
        "gateway/index.js:6 GET /reports/daily -> api linked api/main.py:13",
        "gateway/index.js:7 GET /admin/stats -> api linked api/admin.py:10",
        "gateway/index.js:8 GET /v1/jobs/7 -> api linked api/main.py:18",
        "gateway/index.js:9 GET /stats -> api linked api/admin.py:10",
    ]


def test_a_drf_router_included_where_seamcheck_cannot_see_may_serve_anything(
    repo: RepoFactory,
) -> None:
    root = repo(
        django_repo(
            """\
            from django.urls import include, path

            urlpatterns = [path("api/", include("shop.urls"))]
            """,
            """\
            const axios = require('axios');
            const api = axios.create({ baseURL: 'http://api:8000' });
            api.get('/api/items/7/');
            """,
            **{
                "api/shop/routers.py": """\
                    from rest_framework.routers import SimpleRouter
                    from rest_framework.viewsets import ModelViewSet

                    router = SimpleRouter()
                    router.register("items", ModelViewSet)
                    """,
                "api/shop/urls.py": """\
                    from shop.routers import router

                    urlpatterns = []
                    urlpatterns += router.urls
                    """,
            },
        )
    )
    # `urlpatterns += router.urls` leaves no fact. Served by routers.py, which no URLconf
    # includes, its routes were at /items: a false SC104 error.
    assert route_labels(root, "api") == []
    assert links(root) == ["gateway/index.js:3 GET /api/items/7 -> api unsure -"]


def test_functions_of_the_repository_mounted_with_use_may_answer_under_their_prefix(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
            "gw/src/webhooks.js": """\
                function handleWebhook(req, res) {
                  res.status(204).end();
                }
                module.exports = { handleWebhook };
                """,
            "gw/src/index.js": """\
                const express = require('express');
                const { handleWebhook } = require('./webhooks');

                const requireAuth = (req, res, next) => (req.get('authorization') ? next() : res.sendStatus(401));
                function logRequests(req, res, next) {
                  next();
                }

                const app = express();
                app.use(logRequests);
                app.use('/webhook', handleWebhook);
                app.use('/hooks', (req, res) => res.sendStatus(204));
                app.use('/api', requireAuth);
                app.get('/api/users', (req, res) => res.json([]));
                app.listen(8080);
                """,
            "jobs/package.json": package_json("jobs"),
            "jobs/index.js": """\
                const GW = 'http://gw:8080';
                async function main() {
                  await fetch(`${GW}/webhook/stripe`, { method: 'POST' });
                  await fetch(`${GW}/hooks/build`, { method: 'POST' });
                  await fetch(`${GW}/api/users`);
                  await fetch(`${GW}/api/userz`);
                  await fetch(`${GW}/other`);
                }
                main();
                """,
        }
    )
    # Before: a function mounted with use() served nothing unless it declared routes on its
    # parameter: the webhook calls were SC104 errors. The authentication middleware mounted
    # where the gateway's own routes live passes requests on, so the typo stays an error.
    assert links(root) == [
        "jobs/index.js:3 POST /webhook/stripe -> gw unsure -",
        "jobs/index.js:4 POST /hooks/build -> gw unsure -",
        "jobs/index.js:5 GET /api/users -> gw linked gw/src/index.js:14",
        "jobs/index.js:6 GET /api/userz -> gw broken -",
        "jobs/index.js:7 GET /other -> gw broken -",
    ]
    assert sorted(r.label for r in seam_map(root).unread) == [
        "the function handleWebhook at gw/src/index.js:11",
        "the function written in place at gw/src/index.js:12",
    ]


def test_what_is_mounted_under_a_prefix_serves_whole_segments_under_it(repo: RepoFactory) -> None:
    """Express matches a mount's prefix segment by segment: a proxy at `/ml` gets `/ml/x`,
    never `/mlx`. A prefix known only in part (`${BASE_PATH}/legacy`, `/tenants/:tenant`) is
    matched by the segments it knows, its unknown part standing for any segments."""
    root = repo(
        {
            "docker-compose.yml": GATEWAY_COMPOSE,
            "gw/package.json": package_json(
                "gw",
                dependencies={"express": "^4.19.0", "http-proxy-middleware": "^3.0.0"},
            ),
            "gw/src/index.js": """\
                const express = require('express');
                const { createProxyMiddleware } = require('http-proxy-middleware');

                const app = express();
                app.use('/ml', createProxyMiddleware({ target: 'http://ml:8000' }));
                app.use(
                  `${process.env.BASE_PATH}/legacy`,
                  createProxyMiddleware({ target: 'http://legacy.example.com' }),
                );
                app.use('/tenants/:tenant', createProxyMiddleware({ target: 'http://crm:9000' }));
                app.get('/mlops/status', (req, res) => res.json({}));
                app.listen(8080);
                """,
            "jobs/package.json": package_json("jobs"),
            "jobs/index.js": """\
                const GW = 'http://gw:8080';
                async function main() {
                  await fetch(`${GW}/ml/v1/rank`, { method: 'POST' });
                  await fetch(`${GW}/mlops/statuz`);
                  await fetch(`${GW}/shop/legacy/orders/7`);
                  await fetch(`${GW}/shop/legacyx/orders/7`);
                  await fetch(`${GW}/tenants/acme/contacts`);
                  await fetch(`${GW}/tenant/acme/contacts`);
                }
                main();
                """,
        }
    )
    # Before: the proxy at /ml took /mlops/statuz by its first letters (SC107 for a typo),
    # and the calls through the two proxies whose prefix is known in part were SC104 errors
    # (their prefixes were taken as literal text: `/{BASE_PATH}/legacy`, `/tenants/:tenant`).
    assert links(root) == [
        "jobs/index.js:3 POST /ml/v1/rank -> gw unsure -",
        "jobs/index.js:4 GET /mlops/statuz -> gw broken -",
        "jobs/index.js:5 GET /shop/legacy/orders/7 -> gw unsure -",
        "jobs/index.js:6 GET /shop/legacyx/orders/7 -> gw broken -",
        "jobs/index.js:7 GET /tenants/acme/contacts -> gw unsure -",
        "jobs/index.js:8 GET /tenant/acme/contacts -> gw broken -",
    ]


def test_a_fastapi_sub_app_is_read_alike_through_app_mount_and_mount(repo: RepoFactory) -> None:
    """Starlette's `app.mount(path, x)` appends `Mount(path, app=x)`: the sub-app's root route
    answers `/ml/`, and `/ml` through the outer router's redirect to `/ml/` (seamcheck
    tolerates the trailing slash). A named app may also run on its own, whichever mounts it."""
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "api/requirements.txt": "fastapi\nuvicorn\n",
            "api/models.py": """\
                from fastapi import FastAPI

                ml = FastAPI()
                search = FastAPI()


                @ml.get("/")
                async def models():
                    return []


                @ml.post("/predict")
                async def predict():
                    return {}


                @search.get("/")
                async def query():
                    return []


                @search.post("/reindex")
                async def reindex():
                    return {}
                """,
            "api/main.py": """\
                from fastapi import FastAPI
                from starlette.routing import Mount

                from models import ml, search

                app = FastAPI(routes=[Mount("/search", app=search)])
                app.mount("/ml", ml)
                """,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": """\
                const axios = require('axios');
                const api = axios.create({ baseURL: 'http://api:8000' });

                async function main() {
                  await api.get('/ml');
                  await api.get('/ml/');
                  await api.post('/ml/predict');
                  await api.post('/predict');
                  await api.get('/search');
                  await api.get('/search/');
                  await api.post('/reindex');
                  await api.post('/ml/predictt');
                }
                main();
                """,
        }
    )
    # Before: the app mounted with `app.mount` did not keep its own root as the one mounted
    # with `Mount` did: POST /predict was an SC104 error where POST /reindex linked.
    assert links(root) == [
        "gateway/index.js:10 GET /search -> api linked api/models.py:17",
        "gateway/index.js:11 POST /reindex -> api linked api/models.py:22",
        "gateway/index.js:12 POST /ml/predictt -> api broken -",
        "gateway/index.js:5 GET /ml -> api linked api/models.py:7",
        "gateway/index.js:6 GET /ml -> api linked api/models.py:7",
        "gateway/index.js:7 POST /ml/predict -> api linked api/models.py:12",
        "gateway/index.js:8 POST /predict -> api linked api/models.py:12",
        "gateway/index.js:9 GET /search -> api linked api/models.py:17",
    ]


def test_fastapi_route_objects_an_app_serves_are_read_as_starlette_routes(
    repo: RepoFactory,
) -> None:
    """`APIRoute(path, endpoint, methods=[...])` in `FastAPI(routes=[...])` (or a list or
    `Mount` it serves) is a route as Starlette's `Route` is, GET when no methods are given.
    One an `APIRouter(routes=[...])` holds is served wherever that router is included, which
    is not followed: it is left unread, never declared at its bare path."""
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "api/requirements.txt": "fastapi\nuvicorn\n",
            "api/main.py": """\
                from fastapi import APIRouter, FastAPI
                from fastapi.routing import APIRoute
                from starlette.routing import Mount


                async def infer(name: str):
                    return {}


                async def live():
                    return {}


                async def stats():
                    return {}


                admin = APIRouter(routes=[APIRoute("/stats", stats)])
                routes = [
                    APIRoute("/v2/models/{name}/infer", infer, methods=["POST"]),
                    Mount("/v2/health", routes=[APIRoute("/live", live)]),
                ]
                app = FastAPI(routes=routes)
                app.include_router(admin, prefix="/admin")
                """,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": """\
                const axios = require('axios');
                const api = axios.create({ baseURL: 'http://api:8000' });

                async function main() {
                  await api.post('/v2/models/m/infer');
                  await api.get('/v2/models/m/infer');
                  await api.get('/v2/health/live');
                  await api.get('/v2/health/lives');
                  await api.get('/admin/stats');
                }
                main();
                """,
        }
    )
    # Before: none was read: 'api' declared no route, and every call was unsure (SC107).
    assert route_labels(root, "api") == ["GET /v2/health/live", "POST /v2/models/{name}/infer"]
    assert links(root) == [
        "gateway/index.js:5 POST /v2/models/m/infer -> api linked api/main.py:20",
        "gateway/index.js:6 GET /v2/models/m/infer -> api broken -",
        "gateway/index.js:7 GET /v2/health/live -> api linked api/main.py:21",
        "gateway/index.js:8 GET /v2/health/lives -> api broken -",
        "gateway/index.js:9 GET /admin/stats -> api unsure -",
    ]


def test_a_router_a_workspace_package_declares_is_served_by_the_app_mounting_it(
    repo: RepoFactory,
) -> None:
    """`packages/realtime` makes an express Router; `apps/api` mounts it with
    `app.use(createRouter())`. Before, its routes were the package's, and the web app's
    right call to the api's `/live` was a false SC104 'reaches api, which serves no such
    route'."""
    root = repo(
        {
            "package.json": '{"name": "acme", "private": true, '
            '"workspaces": ["apps/*", "packages/*"]}',
            "docker-compose.yml": """\
                services:
                  api:
                    build: {context: ., dockerfile: apps/api/Dockerfile}
                    ports: ["3000:3000"]
                  web:
                    build: ./apps/web
                """,
            "packages/realtime/package.json": '{"name": "@acme/realtime", "main": "src/index.js", '
            '"dependencies": {"express": "^4.19.0"}}',
            "packages/realtime/src/index.js": """\
                const express = require("express");
                exports.createRouter = () => {
                  const router = express.Router();
                  router.get("/live", (req, res) => res.send("ok"));
                  return router;
                };
                """,
            "apps/api/package.json": package_json(
                "@acme/api", dependencies={"express": "^4.19.0", "@acme/realtime": "*"}
            ),
            "apps/api/Dockerfile": "FROM node:20\nCOPY . .\nCMD node apps/api/src/server.js\n",
            "apps/api/src/server.js": """\
                const express = require("express");
                const { createRouter } = require("@acme/realtime");
                const app = express();
                app.use(createRouter());
                app.get("/health", (req, res) => res.send("ok"));
                app.listen(3000);
                """,
            "apps/web/package.json": package_json("@acme/web"),
            "apps/web/src/app.js": """\
                export function live() { return fetch("http://api:3000/live"); }
                export function typo() { return fetch("http://api:3000/lvie"); }
                """,
        }
    )
    assert links(root) == [
        "apps/web/src/app.js:1 GET /live -> api linked packages/realtime/src/index.js:4",
        "apps/web/src/app.js:2 GET /lvie -> api broken -",
    ]


def test_a_router_a_factory_returns_is_mounted_through_the_name_holding_it(
    repo: RepoFactory,
) -> None:
    """`const rt = createRouter(); app.use('/rt', rt)`, the factory in a workspace package,
    and `rt = create_router()` then `include_router(rt, prefix='/v1')` in a FastAPI service:
    the router the factory returns is mounted, as `app.use('/rt', createRouter())` already
    was. Before, the name read as a server of its own serving nothing and the factory's
    routes stayed at its root: the web app's right call to the api's /rt/live was unsure
    (SC107, 'api declares no route seamcheck recognises', its route being the package's),
    the one to the model's /v1/items a false SC104 ('did you mean GET /items'), and the
    wrong call to /items linked."""
    root = repo(
        {
            "package.json": '{"name": "acme", "private": true, '
            '"workspaces": ["apps/*", "packages/*"]}',
            "docker-compose.yml": """\
                services:
                  api:
                    build: {context: ., dockerfile: apps/api/Dockerfile}
                    ports: ["3000:3000"]
                  model:
                    build: ./model
                  web:
                    build: ./apps/web
                """,
            "packages/realtime/package.json": package_json(
                "@acme/realtime", main="src/index.js", dependencies={"express": "^4.19.0"}
            ),
            "packages/realtime/src/index.js": """\
                import { Router } from "express";
                export function createRouter() {
                  const router = Router();
                  router.get("/live", (req, res) => res.send("ok"));
                  return router;
                }
                """,
            "apps/api/package.json": package_json(
                "@acme/api", dependencies={"express": "^4.19.0", "@acme/realtime": "*"}
            ),
            "apps/api/Dockerfile": "FROM node:20\nCOPY . .\nCMD node apps/api/src/server.js\n",
            "apps/api/src/server.js": """\
                import express from "express";
                import { createRouter } from "@acme/realtime";
                const app = express();
                const rt = createRouter();
                app.use("/rt", rt);
                app.listen(3000);
                """,
            "model/requirements.txt": "fastapi\n",
            "model/app/routes.py": """\
                from fastapi import APIRouter


                def create_router():
                    router = APIRouter()

                    @router.get("/items")
                    def items():
                        return []

                    return router
                """,
            "model/app/main.py": """\
                from fastapi import FastAPI

                from app.routes import create_router

                app = FastAPI()
                items = create_router()
                app.include_router(items, prefix="/v1")
                """,
            "apps/web/package.json": package_json("@acme/web"),
            "apps/web/src/app.js": """\
                export const live = () => fetch("http://api:3000/rt/live");
                export const bare = () => fetch("http://api:3000/live");
                export const items = () => fetch("http://model:8000/v1/items");
                export const unprefixed = () => fetch("http://model:8000/items");
                """,
        }
    )
    assert links(root) == [
        "apps/web/src/app.js:1 GET /rt/live -> api linked packages/realtime/src/index.js:4",
        "apps/web/src/app.js:2 GET /live -> api broken -",
        "apps/web/src/app.js:3 GET /v1/items -> model linked model/app/routes.py:7",
        "apps/web/src/app.js:4 GET /items -> model broken -",
    ]


def test_routes_added_to_a_held_factory_router_are_mounted_with_it(repo: RepoFactory) -> None:
    """`const rt = createRouter(); rt.get('/extra', ...); app.use('/rt', rt)`, and FastAPI's
    `rt = create_router(db)`, `@rt.get('/extra')`, `include_router(rt, prefix='/v1')`: the
    routes the caller adds to the router it was handed are mounted with the factory's. Before,
    the name mounted only the factory's router: the right calls to /rt/extra and /v1/extra
    were false SC104s ('did you mean GET /extra'), and the wrong ones to /extra linked."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  api:
                    build: ./api
                    ports: ["3000:3000"]
                  model:
                    build: ./model
                """,
            "api/package.json": package_json("api", dependencies={"express": "^4.19.0"}),
            "api/src/routers.js": """\
                import express from "express";
                export function createRouter() {
                  const router = express.Router();
                  router.get("/live", (req, res) => res.send("ok"));
                  return router;
                }
                """,
            "api/src/server.js": """\
                import express from "express";
                import { createRouter } from "./routers";
                const app = express();
                const rt = createRouter();
                rt.get("/extra", (req, res) => res.send("x"));
                app.use("/rt", rt);
                app.listen(3000);
                """,
            "api/src/calls.js": """\
                export const live = () => fetch("http://api:3000/rt/live");
                export const extra = () => fetch("http://api:3000/rt/extra");
                export const bare = () => fetch("http://api:3000/extra");
                export const items = () => fetch("http://model:8000/v1/items");
                export const more = () => fetch("http://model:8000/v1/extra");
                export const unprefixed = () => fetch("http://model:8000/extra");
                """,
            "model/requirements.txt": "fastapi\n",
            "model/app/routes.py": """\
                from fastapi import APIRouter


                def create_router(db):
                    router = APIRouter()

                    @router.get("/items")
                    def items():
                        return db

                    return router
                """,
            "model/app/main.py": """\
                from fastapi import FastAPI

                from app.routes import create_router

                app = FastAPI()
                rt = create_router(None)


                @rt.get("/extra")
                def extra():
                    return {}


                app.include_router(rt, prefix="/v1")
                """,
        }
    )
    assert links(root) == [
        "api/src/calls.js:1 GET /rt/live -> api linked api/src/routers.js:4",
        "api/src/calls.js:2 GET /rt/extra -> api linked api/src/server.js:5",
        "api/src/calls.js:3 GET /extra -> api broken -",
        "api/src/calls.js:4 GET /v1/items -> model linked model/app/routes.py:7",
        "api/src/calls.js:5 GET /v1/extra -> model linked model/app/main.py:9",
        "api/src/calls.js:6 GET /extra -> model broken -",
    ]


def test_a_held_router_from_a_factory_not_read_is_what_it_serves_under_its_prefix(
    repo: RepoFactory,
) -> None:
    """`const rt = createRouter(admin); app.use('/rt', rt)` where `createRouter` returns one of
    two routers (`if (admin) return adminRouter; return router`), and FastAPI's `rt =
    build(admin)` then `include_router(rt, prefix='/v1')` alike: which router the name holds
    is not read, so it may serve anything under the prefix, as `app.use('/rt',
    createRouter(admin))` written in place already does. Before, the factory's routers stayed
    at the root: the calls to /rt/admin and /v1/items were false SC104s ('did you mean GET
    /admin'), and the wrong ones to /admin and /items linked. A router of a class of the
    repository (`v2 = VersionedRouter()`, an `APIRouter` subclass) is no factory's result:
    its routes are read, and a typo under its prefix stays broken."""
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  api:
                    build: ./api
                    ports: ["3000:3000"]
                  model:
                    build: ./model
                """,
            "api/package.json": package_json("api", dependencies={"express": "^4.19.0"}),
            "api/src/routers.js": """\
                import express from "express";
                export function createRouter(admin) {
                  if (admin) {
                    const adminRouter = express.Router();
                    adminRouter.get("/admin", (req, res) => res.send("a"));
                    return adminRouter;
                  }
                  const router = express.Router();
                  router.get("/live", (req, res) => res.send("l"));
                  return router;
                }
                """,
            "api/src/server.js": """\
                import express from "express";
                import { createRouter } from "./routers";
                const app = express();
                const rt = createRouter(process.env.ADMIN);
                app.use("/rt", rt);
                app.listen(3000);
                """,
            "api/src/calls.js": """\
                export const admin = () => fetch("http://api:3000/rt/admin");
                export const bare = () => fetch("http://api:3000/admin");
                export const items = () => fetch("http://model:8000/v1/items");
                export const unprefixed = () => fetch("http://model:8000/items");
                export const v2 = () => fetch("http://model:8000/v2/items");
                export const typo = () => fetch("http://model:8000/v2/itemz");
                """,
            "model/requirements.txt": "fastapi\n",
            "model/app/routes.py": """\
                from fastapi import APIRouter


                def build(admin):
                    if admin:
                        admin_router = APIRouter()

                        @admin_router.get("/admin")
                        def panel():
                            return {}

                        return admin_router
                    router = APIRouter()

                    @router.get("/items")
                    def items():
                        return []

                    return router
                """,
            "model/app/versioned.py": """\
                from fastapi import APIRouter


                class VersionedRouter(APIRouter):
                    def __init__(self):
                        super().__init__(tags=["v2"])
                """,
            "model/app/main.py": """\
                import os

                from fastapi import FastAPI

                from app.routes import build
                from app.versioned import VersionedRouter

                app = FastAPI()
                rt = build(os.environ.get("ADMIN"))
                app.include_router(rt, prefix="/v1")
                v2 = VersionedRouter()


                @v2.get("/items")
                def items():
                    return []


                app.include_router(v2, prefix="/v2")
                """,
        }
    )
    assert links(root) == [
        "api/src/calls.js:1 GET /rt/admin -> api unsure -",
        "api/src/calls.js:2 GET /admin -> api broken -",
        "api/src/calls.js:3 GET /v1/items -> model unsure -",
        "api/src/calls.js:4 GET /items -> model broken -",
        "api/src/calls.js:5 GET /v2/items -> model linked model/app/main.py:14",
        "api/src/calls.js:6 GET /v2/itemz -> model broken -",
    ]
