"""Routes each server framework declares, with prefixes composed across files."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, route_labels, routes


def test_fastapi_prefix_from_settings_constant_and_include_router(repo: RepoFactory) -> None:
    root = repo(
        {
            "ml/pyproject.toml": '[project]\nname = "ml"\ndependencies = ["fastapi"]\n',
            "ml/src/ml/__init__.py": "",
            "ml/src/ml/settings.py": """
                from pydantic_settings import BaseSettings

                API_PREFIX = "/v2"

                class Settings(BaseSettings):
                    admin_prefix: str = "/admin"

                settings = Settings()
            """,
            "ml/src/ml/routers/__init__.py": "",
            "ml/src/ml/routers/models.py": """
                from fastapi import APIRouter
                from ml import settings

                router = APIRouter(prefix=settings.API_PREFIX + "/models")

                @router.get("/{model_id}")
                async def get_model(model_id: str): ...

                @router.api_route("/{model_id}/reload", methods=["POST", "PUT"])
                async def reload(model_id: str): ...
            """,
            "ml/src/ml/routers/admin.py": """
                from fastapi import APIRouter

                router = APIRouter()

                @router.delete("/cache/")
                def clear_cache(): ...
            """,
            "ml/src/ml/main.py": """
                from fastapi import FastAPI
                from ml.routers import admin, models
                from ml.settings import settings

                app = FastAPI()
                app.include_router(models.router)
                app.include_router(admin.router, prefix=settings.admin_prefix)

                @app.get("/healthz")
                def healthz(): ...
            """,
        }
    )
    assert routes(root) == [
        "ml DELETE /admin/cache ml/src/ml/routers/admin.py:5",
        "ml GET /healthz ml/src/ml/main.py:9",
        "ml GET /v2/models/{model_id} ml/src/ml/routers/models.py:6",
        "ml POST /v2/models/{model_id}/reload ml/src/ml/routers/models.py:9",
        "ml PUT /v2/models/{model_id}/reload ml/src/ml/routers/models.py:9",
    ]


def test_flask_blueprints_with_url_prefix_and_methods(repo: RepoFactory) -> None:
    root = repo(
        {
            "shop/requirements.txt": "flask\n",
            "shop/shop/__init__.py": """
                from flask import Flask
                from shop.orders import orders
                from shop.users import bp as users_bp

                def create_app():
                    app = Flask(__name__)
                    app.register_blueprint(orders)
                    app.register_blueprint(users_bp, url_prefix="/api/users")

                    @app.route("/ping", methods=["GET", "HEAD"])
                    def ping():
                        return "pong"

                    return app
            """,
            "shop/shop/orders.py": """
                from flask import Blueprint

                orders = Blueprint("orders", __name__, url_prefix="/api/orders")

                @orders.route("/<int:order_id>", methods=["GET", "DELETE"])
                def order(order_id): ...

                @orders.post("/")
                def create(): ...
            """,
            "shop/shop/users.py": """
                from flask import Blueprint

                bp = Blueprint("users", __name__)

                @bp.route("/<user_id>")
                def show(user_id): ...
            """,
        }
    )
    assert route_labels(root, "shop") == [
        "DELETE /api/orders/{order_id}",
        "GET /api/orders/{order_id}",
        "GET /api/users/{user_id}",
        "GET /ping",
        "HEAD /ping",
        "POST /api/orders",
    ]


def test_starlette_routes_inside_mounts(repo: RepoFactory) -> None:
    root = repo(
        {
            "api/requirements.txt": "starlette\n",
            "api/app.py": """
                from starlette.applications import Starlette
                from starlette.routing import Mount, Route

                async def homepage(request): ...
                async def user(request): ...
                async def create_user(request): ...

                routes = [
                    Route("/", homepage),
                    Mount("/users", routes=[
                        Route("/{username}", user),
                        Route("/", create_user, methods=["POST"]),
                    ]),
                ]
                app = Starlette(routes=routes)
            """,
        }
    )
    assert routes(root) == [
        "api GET / api/app.py:9",
        "api GET /users/{username} api/app.py:11",
        "api POST /users api/app.py:12",
    ]


def test_aiohttp_route_table_web_helpers_and_router(repo: RepoFactory) -> None:
    root = repo(
        {
            "feeds/requirements.txt": "aiohttp\n",
            "feeds/server.py": """
                from aiohttp import web

                routes = web.RouteTableDef()

                @routes.get("/feeds/{feed_id}")
                async def feed(request): ...

                async def health(request): ...
                async def publish(request): ...

                app = web.Application()
                app.add_routes(routes)
                app.add_routes([web.get("/health", health)])
                app.router.add_post("/feeds", publish)
                web.run_app(app, port=8081)
            """,
        }
    )
    assert route_labels(root, "feeds") == ["GET /feeds/{feed_id}", "GET /health", "POST /feeds"]


def test_django_urlpatterns_with_include(repo: RepoFactory) -> None:
    root = repo(
        {
            "web/requirements.txt": "django\n",
            "web/site/__init__.py": "",
            "web/site/urls.py": """
                from django.urls import include, path

                urlpatterns = [
                    path("api/catalog/", include("catalog.urls")),
                    path("health/", lambda request: None),
                ]
            """,
            "web/catalog/__init__.py": "",
            "web/catalog/views.py": "def detail(request, pk): ...\ndef search(request): ...\n",
            "web/catalog/urls.py": """
                from django.urls import path, re_path
                from catalog import views

                urlpatterns = [
                    path("items/<int:pk>/", views.detail),
                    re_path(r"^search/(?P<term>[\\w-]+)/$", views.search),
                ]
            """,
        }
    )
    assert routes(root) == [
        "web ANY /api/catalog/items/{pk} web/catalog/urls.py:5",
        "web ANY /api/catalog/search/{term} web/catalog/urls.py:6",
        "web ANY /health web/site/urls.py:5",
    ]


def test_express_routers_mounted_across_files_and_route_chains(repo: RepoFactory) -> None:
    root = repo(
        {
            "api/package.json": package_json("api", dependencies={"express": "^4"}),
            "api/src/server.js": """
                const express = require('express');
                const users = require('./routes/users');
                const { ordersRouter } = require('./routes/orders');

                const app = express();
                app.use(express.json());
                app.use('/api/users', users);
                app.use('/api', ordersRouter);
                app.all('/status', (req, res) => res.send('ok'));
                app.listen(3000);
            """,
            "api/src/routes/users.js": """
                const router = require('express').Router();

                router.get('/', list);
                router.route('/:id').get(show).patch(update);

                function list(req, res) {}
                function show(req, res) {}
                function update(req, res) {}

                module.exports = router;
            """,
            "api/src/routes/orders.js": """
                const { Router } = require('express');

                const ordersRouter = Router();
                ordersRouter.post('/orders', (req, res) => {});

                module.exports = { ordersRouter };
            """,
        }
    )
    assert route_labels(root, "api") == [
        "ANY /status",
        "GET /api/users",
        "GET /api/users/{id}",
        "PATCH /api/users/{id}",
        "POST /api/orders",
    ]


def test_fastify_plugins_registered_with_prefix_and_route_objects(repo: RepoFactory) -> None:
    root = repo(
        {
            "edge/package.json": package_json("edge", dependencies={"fastify": "^4"}),
            "edge/src/app.ts": """
                import Fastify from 'fastify';
                import itemsPlugin from './items';

                const app = Fastify({ logger: true });
                app.register(itemsPlugin, { prefix: '/v1/items' });
                app.route({ method: ['GET', 'HEAD'], url: '/ready', handler: async () => 'ok' });
                app.listen({ port: 3000 });
            """,
            "edge/src/items.ts": """
                import type { FastifyInstance } from 'fastify';

                export default async function items(fastify: FastifyInstance) {
                  fastify.get('/:sku', async (request) => ({ sku: request.params }));
                  fastify.put('/:sku', async () => ({}));
                }
            """,
        }
    )
    assert route_labels(root, "edge") == [
        "GET /ready",
        "GET /v1/items/{sku}",
        "HEAD /ready",
        "PUT /v1/items/{sku}",
    ]


def test_koa_router_prefix(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/package.json": package_json("svc", dependencies={"koa": "2", "@koa/router": "12"}),
            "svc/index.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');

                const app = new Koa();
                const router = new Router({ prefix: '/api/v1' });
                router.get('/carts/:id', async (ctx) => {});
                router.del('/carts/:id', async (ctx) => {});
                router.post('/carts', async (ctx) => {});
                app.use(router.routes());
                app.listen(4000);
            """,
        }
    )
    assert route_labels(root, "svc") == [
        "DELETE /api/v1/carts/{id}",
        "GET /api/v1/carts/{id}",
        "POST /api/v1/carts",
    ]


def test_koa_router_prefix_set_with_its_prefix_method(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/package.json": package_json("svc", dependencies={"koa": "2", "@koa/router": "12"}),
            "svc/index.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');

                const router = new Router();
                router.get('/models', (ctx) => { ctx.body = []; });
                router.prefix('/v1');
                router.get('/models/:id', (ctx) => { ctx.body = {}; });
                const app = new Koa();
                app.use(router.routes());
                app.listen(4000);
            """,
        }
    )
    # Before: served at /models and /models/{id}, so calls to /v1/models were SC104 errors.
    # `router.prefix()` prefixes the routes declared before it too.
    assert route_labels(root, "svc") == ["GET /v1/models", "GET /v1/models/{id}"]


def test_nestjs_controllers_with_global_prefix(repo: RepoFactory) -> None:
    root = repo(
        {
            "bff/package.json": package_json(
                "bff", dependencies={"@nestjs/core": "10", "@nestjs/common": "10"}
            ),
            "bff/src/main.ts": """
                import { NestFactory } from '@nestjs/core';
                import { AppModule } from './app.module';

                async function bootstrap() {
                  const app = await NestFactory.create(AppModule);
                  app.setGlobalPrefix('api');
                  await app.listen(3000);
                }
                bootstrap();
            """,
            "bff/src/app.module.ts": "export class AppModule {}\n",
            "bff/src/cats.controller.ts": """
                import { Controller, Get, Post, Param, Body } from '@nestjs/common';

                @Controller('cats')
                export class CatsController {
                  @Get()
                  findAll() { return []; }

                  @Get(':id')
                  findOne(@Param('id') id: string) { return id; }

                  @Post()
                  create(@Body() body: unknown) { return body; }
                }
            """,
        }
    )
    assert routes(root) == [
        "bff GET /api/cats bff/src/cats.controller.ts:5",
        "bff GET /api/cats/{id} bff/src/cats.controller.ts:8",
        "bff POST /api/cats bff/src/cats.controller.ts:11",
    ]


def test_nextjs_pages_api_and_app_route_handlers(repo: RepoFactory) -> None:
    root = repo(
        {
            "site/package.json": package_json("site", dependencies={"next": "14", "react": "18"}),
            "site/pages/api/users/[id].ts": """
                export default function handler(req, res) { res.json({}); }
            """,
            "site/pages/api/health.ts": "export default function handler(req, res) {}\n",
            "site/app/(shop)/orders/[orderId]/route.ts": """
                export async function GET(request: Request) { return Response.json({}); }
                export async function DELETE(request: Request) { return new Response(null); }
            """,
            "site/app/page.tsx": "export default function Page() { return null; }\n",
            "site/components/User.tsx": """
                export async function loadUser(id: string) {
                  return fetch(`/api/users/${id}`);
                }
            """,
        }
    )
    assert links(root) == [
        "site/components/User.tsx:2 GET /api/users/{id} -> site linked site/pages/api/users/[id].ts:1"
    ]
    assert route_labels(root, "site") == [
        "ANY /api/health",
        "ANY /api/users/{id}",
        "DELETE /orders/{orderId}",
        "GET /orders/{orderId}",
    ]


def test_plain_http_server_is_a_service_level_catch_all(repo: RepoFactory) -> None:
    root = repo(
        {
            "hooks/package.json": package_json("hooks"),
            "hooks/server.js": """
                const http = require('node:http');

                const server = http.createServer((req, res) => {
                  res.end('ok');
                });
                server.listen(9000);
            """,
        }
    )
    assert routes(root) == ["hooks ANY /{*} hooks/server.js:3"]


def test_grpc_python_servicer_and_node_add_service(repo: RepoFactory) -> None:
    root = repo(
        {
            "protos/recs.proto": """
                syntax = "proto3";
                package shop.recs;

                service Recommender {
                  rpc Recommend (RecommendRequest) returns (RecommendReply);
                  rpc Feedback (FeedbackRequest) returns (Empty);
                }
            """,
            "recs/requirements.txt": "grpcio\n",
            "recs/server.py": """
                import grpc
                import recs_pb2_grpc

                class Recommender(recs_pb2_grpc.RecommenderServicer):
                    def Recommend(self, request, context): ...
                    def Feedback(self, request, context): ...

                def serve():
                    server = grpc.server(None)
                    recs_pb2_grpc.add_RecommenderServicer_to_server(Recommender(), server)
                    server.add_insecure_port("[::]:50051")
            """,
            "mirror/package.json": package_json("mirror", dependencies={"@grpc/grpc-js": "1"}),
            "mirror/server.js": """
                const grpc = require('@grpc/grpc-js');
                const protoLoader = require('@grpc/proto-loader');
                const proto = grpc.loadPackageDefinition(protoLoader.loadSync('recs.proto'));

                const server = new grpc.Server();
                server.addService(proto.shop.recs.Recommender.service, {
                  recommend: (call, callback) => callback(null, {}),
                  feedback: (call, callback) => callback(null, {}),
                });
            """,
        }
    )
    assert routes(root) == [
        "mirror GRPC /shop.recs.Recommender/Feedback mirror/server.js:6",
        "mirror GRPC /shop.recs.Recommender/Recommend mirror/server.js:6",
        "recs GRPC /shop.recs.Recommender/Feedback recs/server.py:6",
        "recs GRPC /shop.recs.Recommender/Recommend recs/server.py:5",
    ]


def test_routes_declared_on_a_parameter_follow_the_app_the_function_is_called_with(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "api/requirements.txt": "flask\n",
            "api/app.py": """
                from flask import Blueprint, Flask

                from views import register_views

                app = Flask(__name__)
                admin = Blueprint("admin", __name__, url_prefix="/admin")
                register_views(admin)
                app.register_blueprint(admin, url_prefix="/v2")
            """,
            "api/views.py": """
                def register_views(bp):
                    @bp.route("/stats")
                    def stats(): ...
            """,
        }
    )
    # Flask serves a blueprint at the `url_prefix` it is registered with, instead of its own.
    assert routes(root) == ["api GET /v2/stats api/views.py:2"]


def test_routers_mounted_inline_by_require_import_and_koa_routes(repo: RepoFactory) -> None:
    root = repo(
        {
            "api/package.json": package_json(
                "api",
                dependencies={"express": "4", "fastify": "4", "koa": "2", "@koa/router": "12"},
            ),
            "api/express.js": """
                const express = require('express');
                const app = express();
                app.use('/v1/users', require('./users'));
            """,
            "api/users.js": """
                const router = require('express').Router();
                router.get('/:id', (req, res) => res.json({}));
                module.exports = router;
            """,
            "api/fastify.mjs": """
                import Fastify from 'fastify';
                const app = Fastify();
                app.register(import('./items.mjs'), { prefix: '/v2/items' });
            """,
            "api/items.mjs": """
                export default async function items(fastify) {
                  fastify.delete('/:sku', async () => ({}));
                }
            """,
            "api/koa.js": """
                const Router = require('@koa/router');
                const api = new Router({ prefix: '/v3' });
                const carts = new Router();
                carts.get('/carts/:id', async (ctx) => {});
                api.use('/shop', carts.routes(), carts.allowedMethods());
            """,
        }
    )
    assert route_labels(root, "api") == [
        "DELETE /v2/items/{sku}",
        "GET /v1/users/{id}",
        "GET /v3/shop/carts/{id}",
    ]


def test_a_blueprint_registered_with_url_prefix_is_served_there_instead_of_its_own(
    repo: RepoFactory,
) -> None:
    """Flask's `register_blueprint(bp, url_prefix=...)` replaces the blueprint's own
    `url_prefix` (`BlueprintSetupState`), also for a blueprint nested in another; without
    one, the blueprint's own prefix goes under its parent's."""
    root = repo(
        {
            "api/requirements.txt": "flask\n",
            "api/app/__init__.py": """
                from flask import Blueprint, Flask

                users = Blueprint("users", __name__, url_prefix="/v1")
                admin = Blueprint("admin", __name__, url_prefix="/admin")
                settings = Blueprint("settings", __name__, url_prefix="/settings")
                audit = Blueprint("audit", __name__, url_prefix="/audit")


                @users.get("/users")
                def list_users(): ...


                @settings.get("/flags")
                def flags(): ...


                @audit.get("/log")
                def log(): ...


                def create_app():
                    app = Flask(__name__)
                    admin.register_blueprint(settings)
                    admin.register_blueprint(audit, url_prefix="/trail")
                    app.register_blueprint(users, url_prefix="/api")
                    app.register_blueprint(admin, url_prefix="/ops")
                    return app
            """,
        }
    )
    # Before: each prefix was joined to the blueprint's own: /api/v1/users, /ops/admin/...,
    # so a client calling /api/users got SC104 "serves no such route".
    assert routes(root) == [
        "api GET /api/users api/app/__init__.py:9",
        "api GET /ops/settings/flags api/app/__init__.py:13",
        "api GET /ops/trail/log api/app/__init__.py:17",
    ]


def test_starlette_methods_held_by_a_constant_are_the_routes_methods(repo: RepoFactory) -> None:
    """Streamlit's agent routes: `methods=_ROUTE_METHODS`, a `Final` tuple of the module's,
    serve those methods, not Starlette's default GET; a tuple imported from another module,
    given to `add_route` too; a list changed in place may hold any."""
    root = repo(
        {
            "api/requirements.txt": "starlette\nuvicorn\n",
            "api/constants.py": """
                from typing import Final

                WRITE_METHODS: Final[tuple[str, ...]] = ("POST", "PUT")
            """,
            "api/app.py": """
                from typing import Final

                import uvicorn
                from starlette.applications import Starlette
                from starlette.routing import Route

                from constants import WRITE_METHODS

                _ROUTE_METHODS: Final = ("GET", "POST", "DELETE")
                EXTRA = ["GET"]
                EXTRA.append("PATCH")

                async def interact(request): ...
                async def upload(request): ...

                routes = [
                    Route("/agent/interact", interact, methods=_ROUTE_METHODS),
                    Route("/agent/extra", interact, methods=EXTRA),
                ]
                app = Starlette(routes=routes)
                app.add_route("/upload", upload, methods=WRITE_METHODS)

                if __name__ == "__main__":
                    uvicorn.run(app, host="0.0.0.0", port=8000)
            """,
            "web/package.json": package_json("web", dependencies={"react": "18", "vite": "5"}),
            "web/vite.config.js": """
                import { defineConfig } from "vite";
                export default defineConfig({
                  server: { proxy: { "/agent": "http://localhost:8000", "/upload": "http://localhost:8000" } },
                });
            """,
            "web/src/client.js": """
                export async function send(body) {
                  await fetch("/agent/interact", { method: "POST", body });
                  await fetch("/agent/interact", { method: "DELETE" });
                  await fetch("/agent/extra", { method: "PATCH" });
                  await fetch("/upload", { method: "PUT", body });
                  await fetch("/upload", { method: "GET" });
                }
            """,
        }
    )
    assert routes(root) == [
        "api ANY /agent/extra api/app.py:18",
        "api DELETE /agent/interact api/app.py:17",
        "api GET /agent/interact api/app.py:17",
        "api POST /agent/interact api/app.py:17",
        "api POST /upload api/app.py:21",
        "api PUT /upload api/app.py:21",
    ]
    assert links(root) == [
        "web/src/client.js:2 POST /agent/interact -> api linked api/app.py:17 via vite proxy /agent",
        "web/src/client.js:3 DELETE /agent/interact -> api linked api/app.py:17 via vite proxy /agent",
        "web/src/client.js:4 PATCH /agent/extra -> api linked api/app.py:18 via vite proxy /agent",
        "web/src/client.js:5 PUT /upload -> api linked api/app.py:21 via vite proxy /upload",
        "web/src/client.js:6 GET /upload -> api broken - via vite proxy /upload",
    ]


def test_starlette_route_path_from_a_function_is_read_or_unsure(repo: RepoFactory) -> None:
    """Streamlit's `Route(_with_base(ROUTE_HEALTH, base_url), ...)`: a path a function of the
    repository returns is read through it where it can be (`api_path`), and where it cannot
    (a base from the environment, chosen in a branch) the route is one seamcheck cannot
    read, making its calls unsure; it was dropped, and its calls were broken."""
    root = repo(
        {
            "api/requirements.txt": "starlette\nuvicorn\n",
            "api/app.py": """
                import os

                import uvicorn
                from starlette.applications import Starlette
                from starlette.routing import Route

                ROUTE_HEALTH = "_stcore/health"

                def _with_base(path, base_url=None):
                    if base_url is None:
                        base_url = os.environ.get("BASE_URL", "")
                    base = base_url.strip("/")
                    return f"/{base}/{path}" if base else f"/{path}"

                def api_path(name):
                    return "/_stcore/" + name

                async def health(request): ...
                async def host_config(request): ...

                def create_routes(base_url):
                    return [
                        Route(_with_base(ROUTE_HEALTH, base_url), health, methods=["GET"]),
                        Route(api_path("host-config"), host_config),
                    ]

                app = Starlette(routes=create_routes(None))

                if __name__ == "__main__":
                    uvicorn.run(app, host="0.0.0.0", port=8000)
            """,
            "web/package.json": package_json("web", dependencies={"react": "18", "vite": "5"}),
            "web/vite.config.js": """
                import { defineConfig } from "vite";
                export default defineConfig({
                  server: { proxy: { "/_stcore": "http://localhost:8000" } },
                });
            """,
            "web/src/client.js": """
                export const ping = () => fetch("/_stcore/health");
                export const config = () => fetch("/_stcore/host-config");
            """,
        }
    )
    assert routes(root) == ["api GET /_stcore/host-config api/app.py:24"]
    assert links(root) == [
        "web/src/client.js:1 GET /_stcore/health -> api unsure - via vite proxy /_stcore",
        "web/src/client.js:2 GET /_stcore/host-config -> api linked api/app.py:24"
        " via vite proxy /_stcore",
    ]
