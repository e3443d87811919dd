"""A Ray Serve application is served under its `route_prefix`: given to `serve.run`, to an
older Ray's `@serve.deployment(...)`, or in a Serve config file. Before, the ingress app's
routes stayed at the root, so a call to `/ml/generate` was a false SC104 error."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import links

COMPOSE = """\
services:
  api:
    build: ./api
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
"""

INGRESS = """\
import os

from fastapi import FastAPI
from ray import serve

api = FastAPI()


@serve.deployment({deployment})
@serve.ingress(api)
class Inference:
    @api.post("/generate")
    async def generate(self, body: dict):
        return {{}}


app = Inference.bind()
"""


def repo_with(files: dict[str, str], calls: str) -> dict[str, str]:
    return {
        "docker-compose.yml": COMPOSE,
        "api/requirements.txt": "ray[serve]\nfastapi\n",
        "gateway/package.json": package_json("gateway", dependencies={"axios": "^1.7.0"}),
        "gateway/index.js": (
            "const axios = require('axios');\n"
            "const api = axios.create({ baseURL: 'http://api:8000' });\n"
            "async function main() {\n"
            + "".join(f"  await api.post('{c}');\n" for c in calls.split())
            + "}\nmain();\n"
        ),
        **files,
    }


def test_serve_run_route_prefix_moves_the_ingress_routes(repo: RepoFactory) -> None:
    main = INGRESS.format(deployment="num_replicas=1") + (
        'serve.run(Inference.options(num_replicas=2).bind(), route_prefix="/ml")\n'
    )
    root = repo(repo_with({"api/main.py": main}, "/ml/generate /generate"))
    assert links(root) == [
        "gateway/index.js:4 POST /ml/generate -> api linked api/main.py:12",
        "gateway/index.js:5 POST /generate -> api broken -",
    ]


def test_a_bound_app_run_from_another_file_and_an_older_rays_deployment_prefix(
    repo: RepoFactory,
) -> None:
    files = {
        "api/serve_app.py": INGRESS.format(deployment='route_prefix="/v2"'),
        "api/run.py": 'from ray import serve\n\nfrom serve_app import app\n\nserve.run(app, route_prefix="/v3")\n',
    }
    root = repo(repo_with(files, "/v2/generate /v3/generate /generate"))
    assert links(root) == [
        "gateway/index.js:4 POST /v2/generate -> api linked api/serve_app.py:12",
        "gateway/index.js:5 POST /v3/generate -> api linked api/serve_app.py:12",
        "gateway/index.js:6 POST /generate -> api broken -",
    ]


def test_a_serve_config_files_route_prefix(repo: RepoFactory) -> None:
    config = """\
        proxy_location: EveryNode
        http_options:
          host: 0.0.0.0
          port: 8000
        applications:
          - name: llm
            route_prefix: /llm
            import_path: inference.serve_app:app
        """
    files = {
        "api/inference/__init__.py": "",
        "api/inference/serve_app.py": INGRESS.format(deployment=""),
        "api/serve_config.yaml": config,
    }
    root = repo(repo_with(files, "/llm/generate /generate"))
    assert links(root) == [
        "gateway/index.js:4 POST /llm/generate -> api linked api/inference/serve_app.py:12",
        "gateway/index.js:5 POST /generate -> api broken -",
    ]


def test_a_route_prefix_known_only_at_run_time_makes_the_routes_unsure(
    repo: RepoFactory,
) -> None:
    main = INGRESS.format(deployment="") + 'serve.run(app, route_prefix=os.environ["PREFIX"])\n'
    root = repo(repo_with({"api/main.py": main}, "/ml/generate /generate"))
    assert links(root) == [
        "gateway/index.js:4 POST /ml/generate -> api unsure -",
        "gateway/index.js:5 POST /generate -> api unsure -",
    ]
