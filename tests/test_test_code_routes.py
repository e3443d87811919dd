"""Routes written in test code (a stub app in `tests/`, a mock upstream in `__tests__/`, a
Django `tests/urls.py`, a router mounted in a `conftest.py`) serve only the tests. Before, a
call from the deployed code linked to them: a call to a path only a test's stub serves was no
finding at all (a typo `/clasify` hidden by the stub `@stub.post("/clasify")`). Now such a
call is broken (SC104), as it is without the tests, while the tests' own calls still land on
their stubs."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, routes

_GATEWAY = """\
    const express = require("express");
    const app = express();
    app.post("/api/run", async (req, res) => {
      const reply = await fetch("http://model:8000/clasify", { method: "POST" });
      const state = await fetch("http://model:8000/debug/state");
      const scored = await fetch("http://model:8000/predict", { method: "POST" });
      res.json([await reply.json(), await state.json(), await scored.json()]);
    });
    app.listen(8080);
    """


def _model_files() -> dict[str, str]:
    return {
        "docker-compose.yml": "services:\n  gw:\n    build: ./gw\n  model:\n    build: ./model\n",
        "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
        "gw/src/server.js": _GATEWAY,
        # The gateway's own test calls the model's stub path: it linked and still does.
        "gw/src/__tests__/server.test.js": """\
            test("classifies", async () => {
              const reply = await fetch("http://model:8000/clasify", { method: "POST" });
              expect(reply.ok).toBe(true);
            });
            """,
        "model/requirements.txt": "fastapi\n",
        "model/app/__init__.py": "",
        "model/app/main.py": """\
            from fastapi import FastAPI

            app = FastAPI()


            @app.post("/predict")
            async def predict(payload: dict) -> dict:
                return {"label": "cat"}
            """,
        "model/tests/__init__.py": "",
        "model/tests/test_client.py": """\
            from fastapi import FastAPI

            stub = FastAPI()


            @stub.post("/clasify")
            async def fake(payload: dict) -> dict:
                return {"label": "dog"}
            """,
        "model/tests/conftest.py": """\
            from fastapi import APIRouter

            from app.main import app

            debug = APIRouter()


            @debug.get("/debug/state")
            async def state() -> dict:
                return {}


            app.include_router(debug)
            """,
    }


def test_a_stub_app_in_a_python_services_tests_serves_no_call_of_the_gateway(
    repo: RepoFactory,
) -> None:
    root = repo(_model_files())
    # Before: both calls linked to the tests' routes, and `check` said "No findings".
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /clasify reaches 'model', which serves no such route",
        "SC104 gw/src/server.js:5 GET /debug/state reaches 'model', which serves no such route",
    ]
    assert links(root) == [
        "gw/src/__tests__/server.test.js:2 POST /clasify -> model linked "
        "model/tests/test_client.py:6",
        "gw/src/server.js:4 POST /clasify -> model broken -",
        "gw/src/server.js:5 GET /debug/state -> model broken -",
        "gw/src/server.js:6 POST /predict -> model linked model/app/main.py:6",
    ]
    # The routes the services serve: none of the tests'.
    assert routes(root) == [
        "gw POST /api/run gw/src/server.js:3",
        "model POST /predict model/app/main.py:6",
    ]


def test_an_express_mock_upstream_in_dunder_tests_serves_nothing_of_its_service(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  orders:\n    build: ./orders\n  web:\n    build: ./web\n"
            ),
            "orders/package.json": package_json(
                "orders",
                dependencies={"express": "^4.19.0"},
                devDependencies={"supertest": "^7.0.0"},
            ),
            "orders/src/server.ts": """\
                import express from "express";

                const app = express();
                app.get("/orders/:id", (req, res) => res.json({ id: req.params.id }));
                app.listen(3000);
                """,
            "orders/src/__tests__/server.test.ts": """\
                import express from "express";

                // The inventory service the orders service calls, stubbed.
                const upstream = express();
                upstream.post("/stock/:sku/reserve", (req, res) => res.json({ ok: true }));
                upstream.listen(4000);
                """,
            "web/package.json": package_json("web", dependencies={"axios": "^1.7.0"}),
            "web/index.js": """\
                const axios = require("axios");
                async function main() {
                  await axios.get("http://orders:3000/orders/7");
                  await axios.post("http://orders:3000/stock/abc/reserve");
                }
                main();
                """,
        }
    )
    # Before: POST /stock/abc/reserve linked to the test's stub of another service.
    assert links(root) == [
        "web/index.js:3 GET /orders/7 -> orders linked orders/src/server.ts:4",
        "web/index.js:4 POST /stock/abc/reserve -> orders broken -",
    ]


def test_a_django_test_urlconf_serves_no_call_of_another_service(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n"
            ),
            "api/requirements.txt": "django\n",
            "api/shop/__init__.py": "",
            "api/shop/views.py": """\
                from django.http import JsonResponse


                def charge(request):
                    return JsonResponse({})
                """,
            "api/shop/urls.py": """\
                from django.urls import path

                from shop import views

                urlpatterns = [path("charge/", views.charge)]
                """,
            "api/project/__init__.py": "",
            "api/project/urls.py": """\
                from django.urls import include, path

                urlpatterns = [path("api/", include("shop.urls"))]
                """,
            "api/tests/__init__.py": "",
            "api/tests/views.py": """\
                from django.http import JsonResponse


                def reset(request):
                    return JsonResponse({})
                """,
            "api/tests/urls.py": """\
                from django.urls import include, path

                from tests import views

                urlpatterns = [
                    path("debug/reset/", views.reset),
                    path("v0/", include("shop.urls")),
                ]
                """,
            "worker/package.json": package_json("worker", dependencies={"axios": "^1.7.0"}),
            "worker/index.js": """\
                const axios = require("axios");
                const api = axios.create({ baseURL: "http://api:8000" });
                async function main() {
                  await api.post("/api/charge/");
                  await api.post("/debug/reset/");
                  await api.post("/v0/charge/");
                }
                main();
                """,
        }
    )
    # Before: /debug/reset/ linked to the test URLconf's view, and /v0/charge/ to the shop's
    # view under the test URLconf's include.
    assert links(root) == [
        "worker/index.js:4 POST /api/charge -> api linked api/shop/urls.py:5",
        "worker/index.js:5 POST /debug/reset -> api broken -",
        "worker/index.js:6 POST /v0/charge -> api broken -",
    ]
    assert routes(root) == ["api ANY /api/charge api/shop/urls.py:5"]


def test_a_service_whose_only_routes_are_in_its_tests_is_unsure_not_broken(
    repo: RepoFactory,
) -> None:
    files = _model_files()
    files["model/app/main.py"] = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    del files["model/tests/conftest.py"]
    root = repo(files)
    # The deployed app declares no route seamcheck reads: its calls are unsure (SC107), as
    # they are without the tests, not broken against the stub's routes.
    assert [line.split(" ", 2)[:2] for line in findings(root)] == [
        ["SC107", "gw/src/server.js:4"],
        ["SC107", "gw/src/server.js:5"],
        ["SC107", "gw/src/server.js:6"],
    ]


def test_a_test_folder_of_a_file_routed_app_is_a_segment_of_its_urls(repo: RepoFactory) -> None:
    root = repo(
        {
            "docker-compose.yml": "services:\n  web:\n    build: ./web\n",
            "web/package.json": package_json("web", dependencies={"next": "14.2.0"}),
            "web/app/api/test/route.ts": """\
                export async function GET() {
                  return Response.json({ ok: true });
                }
                """,
            "web/app/page.tsx": """\
                export default async function Page() {
                  const reply = await fetch("/api/test");
                  return <pre>{await reply.text()}</pre>;
                }
                """,
        }
    )
    # `app/api/test/` is where Next.js serves `/api/test`, not test code.
    assert links(root) == [
        "web/app/page.tsx:2 GET /api/test -> web linked web/app/api/test/route.ts:1"
    ]


def test_a_mock_server_built_as_a_service_of_its_own_serves_its_callers(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n  app:\n    build: ./app\n  mock-api:\n    build: ./e2e/mock-api\n"
            ),
            "app/package.json": package_json("app", dependencies={"axios": "^1.7.0"}),
            "app/index.js": """\
                const axios = require("axios");
                axios.get("http://mock-api:9000/users/1");
                """,
            "e2e/mock-api/package.json": package_json(
                "mock-api", dependencies={"express": "^4.19.0"}
            ),
            "e2e/mock-api/server.js": """\
                const express = require("express");
                const app = express();
                app.get("/users/:id", (req, res) => res.json({ id: req.params.id }));
                app.listen(9000);
                """,
        }
    )
    # Its service is under `e2e/`, but its own files are no test code: it serves the app.
    assert links(root) == [
        "app/index.js:2 GET /users/1 -> mock-api linked e2e/mock-api/server.js:3"
    ]
