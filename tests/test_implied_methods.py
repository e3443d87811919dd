"""Methods a framework answers without their being declared: HEAD on a GET route (Express,
DRF viewsets; not FastAPI), OPTIONS on any route (Express's router, DRF's APIView.options).
A gateway calls an Express service, a Django REST framework service and a FastAPI model
service, all three named in docker-compose.yml."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

COMPOSE = """\
services:
  orders:
    build: ./orders
  shop:
    build: ./shop
  ml:
    build: ./ml
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""


def test_head_and_options_land_where_the_framework_answers_them(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": COMPOSE,
            "orders/package.json": package_json("orders", dependencies={"express": "^4.19.0"}),
            "orders/index.js": """\
                const express = require('express');
                const app = express();
                app.route('/orders')
                  .get((req, res) => res.json([]))
                  .post((req, res) => res.status(201).json({}));
                app.get('/orders/:id', (req, res) => res.json({}));
                app.listen(8000);
                """,
            "shop/pyproject.toml": (
                '[project]\nname = "shop"\ndependencies = ["django", "djangorestframework"]\n'
            ),
            "shop/proj/__init__.py": "",
            "shop/proj/urls.py": """\
                from django.urls import include, path
                from rest_framework.routers import SimpleRouter

                from proj.views import JobViewSet

                router = SimpleRouter()
                router.register("jobs", JobViewSet)

                urlpatterns = [path("api/", include(router.urls))]
                """,
            "shop/proj/views.py": """\
                from rest_framework import viewsets
                from rest_framework.decorators import action
                from rest_framework.response import Response


                class JobViewSet(viewsets.ReadOnlyModelViewSet):
                    @action(detail=True, methods=["post"], url_path="run")
                    def start(self, request, pk=None):
                        return Response({})
                """,
            "ml/requirements.txt": "fastapi\nuvicorn\n",
            "ml/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/models/{name}")
                async def model(name: str):
                    return {}
                """,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": """\
                const axios = require('axios');

                async function main(id) {
                  await axios.head(`http://orders:8000/orders/${id}`);
                  await axios.options('http://orders:8000/orders');
                  await axios.head(`http://shop:8000/api/jobs/${id}/`);
                  await axios.options(`http://shop:8000/api/jobs/${id}/run/`);
                  await axios.head('http://ml:8000/models/resnet');
                  await axios.head(`http://shop:8000/api/jobs/${id}/run/`);
                  await axios.options('http://ml:8000/models/resnet');
                }
                main(7);
                """,
        }
    )
    # Before: every call but none was an SC104 error, each with "did you mean" the GET or POST
    # route at the same path. FastAPI's routes answer neither method (405), nor does a DRF
    # action declared for POST alone answer HEAD: those stay broken.
    assert links(root) == [
        "gateway/index.js:10 OPTIONS /models/resnet -> ml broken -",
        "gateway/index.js:4 HEAD /orders/{id} -> orders linked orders/index.js:6",
        "gateway/index.js:5 OPTIONS /orders -> orders linked orders/index.js:3",
        "gateway/index.js:6 HEAD /api/jobs/{id} -> shop linked shop/proj/urls.py:7",
        "gateway/index.js:7 OPTIONS /api/jobs/{id}/run -> shop linked shop/proj/urls.py:7",
        "gateway/index.js:8 HEAD /models/resnet -> ml broken -",
        "gateway/index.js:9 HEAD /api/jobs/{id}/run -> shop broken -",
    ]
    assert [line for line in findings(root) if line.startswith("SC104")] == [
        "SC104 gateway/index.js:8 HEAD /models/resnet reaches 'ml', which serves "
        "/models/{name} for GET only; did you mean GET /models/{name} (ml/main.py:6)?",
        "SC104 gateway/index.js:9 HEAD /api/jobs/{id}/run reaches 'shop', which serves "
        "/api/jobs/{pk}/run for POST only; did you mean POST /api/jobs/{pk}/run "
        "(shop/proj/urls.py:7)?",
        "SC104 gateway/index.js:10 OPTIONS /models/resnet reaches 'ml', which serves "
        "/models/{name} for GET only; did you mean GET /models/{name} (ml/main.py:6)?",
    ]


def test_a_koa_router_answers_options_only_where_its_allowed_methods_is_used(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": """\
                services:
                  api:
                    build: ./api
                  gateway:
                    build: ./gateway
                    ports: ["8080:8080"]
                """,
            "api/package.json": package_json(
                "api", dependencies={"koa": "^2.15.0", "@koa/router": "^12.0.0"}
            ),
            "api/index.js": """\
                const Koa = require('koa');
                const Router = require('@koa/router');

                const users = new Router({ prefix: '/users' });
                users.get('/:id', (ctx) => { ctx.body = {}; });

                const v1 = new Router();
                v1.get('/orders', (ctx) => { ctx.body = []; });
                const api = new Router({ prefix: '/api' });
                api.use('/v1', v1.routes());

                const admin = new Router({ prefix: '/admin' });
                admin.get('/stats', (ctx) => { ctx.body = {}; });

                const app = new Koa();
                app.use(users.routes()).use(users.allowedMethods());
                app.use(api.routes());
                app.use(api.allowedMethods());
                app.use(admin.routes());
                app.listen(8000);
                """,
            "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
            "gateway/index.js": """\
                const axios = require('axios');

                async function main(id) {
                  await axios.options(`http://api:8000/users/${id}`);
                  await axios.options('http://api:8000/api/v1/orders');
                  await axios.options('http://api:8000/admin/stats');
                  await axios.head('http://api:8000/admin/stats');
                }
                main(7);
                """,
        }
    )
    # Before: every Koa route was taken to answer OPTIONS, the admin router's too, which
    # answers 404 without allowedMethods(). A nested router answers through its parent's.
    assert links(root) == [
        "gateway/index.js:4 OPTIONS /users/{id} -> api linked api/index.js:5",
        "gateway/index.js:5 OPTIONS /api/v1/orders -> api linked api/index.js:8",
        "gateway/index.js:6 OPTIONS /admin/stats -> api broken -",
        "gateway/index.js:7 HEAD /admin/stats -> api linked api/index.js:13",
    ]
