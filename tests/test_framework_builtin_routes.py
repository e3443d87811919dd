"""What frameworks serve on their own, with no route in the service's code: a FastAPI app's
OpenAPI schema and docs pages (`/openapi.json`, `/docs`, `/redoc`, moved or turned off by its
arguments), and Ray Serve's `/-/routes` and `/-/healthz`. A gateway fetching a model
service's schema, or checking a Ray Serve app's health, was a false SC104 error."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links, route_labels

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
"""


def repo_with(main: str, calls: str) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/requirements.txt": "fastapi\n",
        "api/main.py": main,
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:8000' });\n"
            "async function main() {\n" + calls + "}\nmain();\n"
        ),
    }


def test_a_fastapi_apps_schema_and_docs_pages_are_served_where_its_arguments_say(
    repo: RepoFactory,
) -> None:
    root = repo(
        repo_with(
            """\
            from fastapi import FastAPI

            app = FastAPI(title="ml", docs_url="/swagger", redoc_url=None)
            admin = FastAPI(openapi_url=None)
            app.mount("/admin", admin)


            @app.get("/items")
            def items():
                return []
            """,
            """\
              await api.get('/openapi.json');
              await api.get('/swagger');
              await api.get('/swagger/oauth2-redirect');
              await api.get('/docs');
              await api.get('/redoc');
              await api.get('/admin/openapi.json');
            """,
        )
    )
    # Before: the first two were SC104 errors. /docs and /redoc are not served here, nor is
    # the schema of an app that turns it off; the redirect page stays at its own default.
    assert links(root) == [
        "gateway/index.js:4 GET /openapi.json -> api linked api/main.py:3",
        "gateway/index.js:5 GET /swagger -> api linked api/main.py:3",
        "gateway/index.js:6 GET /swagger/oauth2-redirect -> api broken -",
        "gateway/index.js:7 GET /docs -> api broken -",
        "gateway/index.js:8 GET /redoc -> api broken -",
        "gateway/index.js:9 GET /admin/openapi.json -> api broken -",
    ]
    # They are the framework's, not routes of the service's code.
    assert route_labels(root, "api") == ["GET /items"]


def test_a_fastapi_apps_docs_are_served_under_the_prefix_it_is_mounted_at(
    repo: RepoFactory,
) -> None:
    root = repo(
        repo_with(
            """\
            from fastapi import FastAPI

            app = FastAPI()
            v1 = FastAPI()
            app.mount("/v1", v1)


            @v1.get("/items")
            def items():
                return []
            """,
            """\
              await api.get('/v1/docs');
              await api.get('/v1/openapi.json');
              await api.get('/docs/oauth2-redirect');
            """,
        )
    )
    assert links(root) == [
        "gateway/index.js:4 GET /v1/docs -> api linked api/main.py:4",
        "gateway/index.js:5 GET /v1/openapi.json -> api linked api/main.py:4",
        "gateway/index.js:6 GET /docs/oauth2-redirect -> api linked api/main.py:3",
    ]


def test_ray_serves_proxy_answers_its_own_routes_and_health_paths(repo: RepoFactory) -> None:
    root = repo(
        {
            **repo_with(
                """\
                from fastapi import FastAPI
                from ray import serve

                api = FastAPI()


                @serve.deployment(num_replicas=1)
                @serve.ingress(api)
                class Inference:
                    @api.post("/generate")
                    async def generate(self, body: dict):
                        return {}


                app = Inference.bind()
                """,
                """\
                  await api.get('/-/routes');
                  await api.get('/-/healthz');
                  await api.post('/generate');
                  await api.get('/-/status');
                """,
            ),
            "api/requirements.txt": "ray[serve]\nfastapi\n",
        }
    )
    # Before: GET /-/routes and GET /-/healthz were SC104 errors.
    assert links(root) == [
        "gateway/index.js:4 GET /-/routes -> api linked api/main.py:7",
        "gateway/index.js:5 GET /-/healthz -> api linked api/main.py:7",
        "gateway/index.js:6 POST /generate -> api linked api/main.py:10",
        "gateway/index.js:7 GET /-/status -> api broken -",
    ]


def test_docs_pages_at_paths_known_only_at_run_time_make_their_calls_unsure(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            **repo_with(
                """\
                from fastapi import FastAPI

                from settings import settings

                app = FastAPI(docs_url=settings.docs_url, redoc_url=None)


                @app.get("/items")
                def items():
                    return []
                """,
                """\
                  await api.get('/docs');
                  await api.get('/api/docs');
                  await api.get('/openapi.json');
                  await api.get('/redoc');
                  await api.get('/itemz');
                  await api.get('/docs/oauth2-redirect');
                """,
            ),
            "api/settings.py": """\
                import os


                class Settings:
                    docs_url = os.environ.get("DOCS_URL")


                settings = Settings()
                """,
        }
    )
    # Before: GET /docs was a false SC104 error. The schema is still where it is, ReDoc is
    # off, and a call ending otherwise is still checked.
    assert links(root) == [
        "gateway/index.js:4 GET /docs -> api unsure -",
        "gateway/index.js:5 GET /api/docs -> api unsure -",
        "gateway/index.js:6 GET /openapi.json -> api linked api/main.py:5",
        "gateway/index.js:7 GET /redoc -> api broken -",
        "gateway/index.js:8 GET /itemz -> api broken -",
        "gateway/index.js:9 GET /docs/oauth2-redirect -> api unsure -",
    ]
