"""Routes written in example code (an app to copy from in a service's `examples/`, `samples/`
or `docs_src/` folder, with no manifest of its own) serve only that code, as test code's do
(`test_test_code_routes.py`). Before, such an app was folded into the enclosing service and
its routes were that service's: a gateway's call to a path the service does not serve linked
to the example's route and `check` said "No findings" (JupyterHub 6.1.1's example services
gave the hub a second `GET /`). An example folder that is a service of its own (a manifest,
a compose build context) and example code the deployed code imports still serve."""

from __future__ import annotations

import json

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import findings, links, routes

_GATEWAY = """\
    const express = require("express");
    const app = express();
    app.post("/api/run", async (req, res) => {
      const reply = await fetch("http://model:8000/predict", { method: "POST" });
      const label = await fetch("http://model:8000/classify", { method: "POST" });
      res.json([await reply.json(), await label.json()]);
    });
    app.listen(8080);
    """

_MODEL_APP = """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/classify")
    async def classify(payload: dict) -> dict:
        return {"label": "cat"}
    """

_EXAMPLE_APP = """\
    \"\"\"The smallest app serving a model: run with `uvicorn minimal_app:app`.\"\"\"
    from fastapi import FastAPI

    app = FastAPI()


    @app.post("/predict")
    async def predict(payload: dict) -> dict:
        return {"label": "dog"}
    """


def _model_files() -> dict[str, str]:
    return {
        "docker-compose.yml": "services:\n  gw:\n    build: ./gw\n  model:\n    build: ./model\n",
        "gw/package.json": package_json("gw", dependencies={"express": "^4.19.0"}),
        "gw/src/server.js": _GATEWAY,
        "model/requirements.txt": "fastapi\nrequests\n",
        "model/app/__init__.py": "",
        "model/app/main.py": _MODEL_APP,
        "model/examples/minimal_app.py": _EXAMPLE_APP,
        # The example's own client calls the example's route: it lands there, as before.
        "model/examples/call_it.py": """\
            import requests

            print(requests.post("http://model:8000/predict", json={}).json())
            """,
    }


def test_an_example_app_in_a_service_serves_no_call_of_the_gateway(repo: RepoFactory) -> None:
    root = repo(_model_files())
    # Before: POST /predict linked to model/examples/minimal_app.py:7 and check said
    # "No findings".
    assert findings(root) == [
        "SC104 gw/src/server.js:4 POST /predict reaches 'model', which serves no such route"
    ]
    assert links(root) == [
        "gw/src/server.js:4 POST /predict -> model broken -",
        "gw/src/server.js:5 POST /classify -> model linked model/app/main.py:6",
        "model/examples/call_it.py:3 POST /predict -> model linked model/examples/minimal_app.py:7",
    ]
    assert routes(root) == [
        "gw POST /api/run gw/src/server.js:3",
        "model POST /classify model/app/main.py:6",
    ]


def test_each_example_folder_name_marks_example_code_but_demo_does_not(
    repo: RepoFactory,
) -> None:
    files = _model_files()
    del files["model/examples/minimal_app.py"], files["model/examples/call_it.py"]
    for folder in ("example", "samples", "sample", "docs_src/tutorial001", "demo"):
        files[f"model/{folder}/app_{folder.replace('/', '_')}.py"] = _EXAMPLE_APP
    root = repo(files)
    # A `demo/` folder is often an app that is deployed: its route still serves.
    assert routes(root) == [
        "gw POST /api/run gw/src/server.js:3",
        "model POST /classify model/app/main.py:6",
        "model POST /predict model/demo/app_demo.py:7",
    ]


def test_an_example_folder_that_is_a_service_of_its_own_serves_its_callers(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": (
                "services:\n"
                "  kit:\n    build: .\n"
                "  inference:\n    build: ./examples/inference\n"
                "  dockerised:\n    build: ./examples/dockerised\n"
                "  web:\n    build: ./web\n"
            ),
            "pyproject.toml": '[project]\nname = "kit"\ndependencies = ["fastapi"]\n',
            "kit/__init__.py": "",
            "kit/server.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/health")
                async def health() -> dict:
                    return {}
                """,
            # An example with a manifest: a service of its own.
            "examples/inference/requirements.txt": "fastapi\n",
            "examples/inference/main.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/infer")
                async def infer(payload: dict) -> dict:
                    return {}
                """,
            # An example the compose file builds: deployed, though no manifest of its own
            # makes it a service.
            "examples/dockerised/Dockerfile": "FROM python:3.12\nRUN pip install fastapi\n",
            "examples/dockerised/app.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/status")
                async def status() -> dict:
                    return {}
                """,
            # An example to copy from: no manifest, built by nothing.
            "examples/quickstart/app.py": """\
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/items/{item_id}")
                async def item(item_id: int) -> dict:
                    return {}
                """,
            "web/package.json": package_json("web", dependencies={"axios": "^1.7.0"}),
            "web/index.js": """\
                const axios = require("axios");
                async function main() {
                  await axios.post("http://inference:8000/infer");
                  await axios.get("http://kit:8000/health");
                  await axios.get("http://kit:8000/items/1");
                }
                main();
                """,
        }
    )
    # Before: GET /items/1 linked to examples/quickstart/app.py:6.
    assert links(root) == [
        "web/index.js:3 POST /infer -> inference linked examples/inference/main.py:6",
        "web/index.js:4 GET /health -> kit linked kit/server.py:6",
        "web/index.js:5 GET /items/1 -> kit broken -",
    ]
    assert routes(root) == [
        "inference POST /infer examples/inference/main.py:6",
        "kit GET /health kit/server.py:6",
        "kit GET /status examples/dockerised/app.py:6",
    ]


def test_jupyterhub_example_services_add_no_route_to_the_hub(repo: RepoFactory) -> None:
    root = repo(
        {
            "pyproject.toml": '[project]\nname = "jupyterhub"\ndependencies = ["tornado"]\n',
            "jupyterhub/__init__.py": "",
            "jupyterhub/apihandlers/__init__.py": "",
            "jupyterhub/apihandlers/users.py": """\
                from tornado import web


                class UserListAPIHandler(web.RequestHandler):
                    def get(self):
                        self.write({})
                """,
            "jupyterhub/app.py": """\
                from tornado import web

                from jupyterhub.apihandlers.users import UserListAPIHandler

                app = web.Application([(r"/hub/api/users", UserListAPIHandler)])
                """,
            "examples/service-whoami/whoami.py": """\
                \"\"\"An example service authenticating with the Hub.\"\"\"
                from tornado.ioloop import IOLoop
                from tornado.web import Application, RequestHandler


                class WhoAmIHandler(RequestHandler):
                    def get(self):
                        self.write({})


                def main():
                    app = Application([(r"/", WhoAmIHandler)])
                    app.listen(10101)
                    IOLoop.current().start()
                """,
            "examples/service-whoami-flask/whoami-flask.py": """\
                from flask import Flask

                app = Flask(__name__)


                @app.route("/")
                def whoami():
                    return {}
                """,
        }
    )
    result = run_cli("seams", str(root), "--no-cache", "--format", "json")
    # Before: two routes `route:jupyterhub:GET /`, one per example service.
    assert [r["id"] for r in json.loads(result.stdout)["routes"]] == [
        "route:jupyterhub:GET /hub/api/users"
    ]


def test_example_code_the_deployed_code_imports_or_includes_is_deployed(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": "services:\n  api:\n    build: ./api\n  lab:\n    build: ./lab\n",
            # A LIMS whose `samples` package holds routers the app includes.
            "api/requirements.txt": "fastapi\n",
            "api/app/__init__.py": "",
            "api/app/samples/__init__.py": "",
            "api/app/samples/routes.py": """\
                from fastapi import APIRouter

                router = APIRouter(prefix="/samples")


                @router.get("/{sample_id}")
                async def sample(sample_id: str) -> dict:
                    return {}
                """,
            "api/app/main.py": """\
                from fastapi import FastAPI

                from app.samples import routes

                app = FastAPI()
                app.include_router(routes.router)
                """,
            # A Django app named `samples`, its URLconf included by name.
            "lab/requirements.txt": "django\n",
            "lab/samples/__init__.py": "",
            "lab/samples/views.py": """\
                from django.http import JsonResponse


                def listing(request):
                    return JsonResponse({})
                """,
            "lab/samples/urls.py": """\
                from django.urls import path

                from samples import views

                urlpatterns = [path("list/", views.listing)]
                """,
            "lab/project/__init__.py": "",
            "lab/project/urls.py": """\
                from django.urls import include, path

                urlpatterns = [path("samples/", include("samples.urls"))]
                """,
        }
    )
    assert routes(root) == [
        "api GET /samples/{sample_id} api/app/samples/routes.py:6",
        "lab ANY /samples/list lab/samples/urls.py:5",
    ]


def test_an_examples_folder_of_a_file_routed_app_is_a_segment_of_its_urls(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "docker-compose.yml": "services:\n  web:\n    build: ./web\n",
            "web/package.json": package_json("web", dependencies={"next": "14.2.0"}),
            "web/app/api/examples/route.ts": """\
                export async function GET() {
                  return Response.json([]);
                }
                """,
            "web/app/page.tsx": """\
                export default async function Page() {
                  const reply = await fetch("/api/examples");
                  return <pre>{await reply.text()}</pre>;
                }
                """,
        }
    )
    assert links(root) == [
        "web/app/page.tsx:2 GET /api/examples -> web linked web/app/api/examples/route.ts:1"
    ]
