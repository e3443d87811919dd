"""A base URL with a default in the code (`process.env.ML_URL || 'http://localhost:8000'`,
`os.getenv("ML_URL", "http://localhost:8000")`, a settings field's default) whose variable
the Deployment sets from what only the cluster knows (a ConfigMap or Secret that is not in
the repository). The deployed value is what runs, so the call is unsure (SC107 says where
the variable is set), not checked against the default. Before, the default was taken: here
it reaches the model that compose publishes on port 8000 for development, so the call was
linked, or, with a stale default path, reported broken. A gateway calls a FastAPI model
service; compose runs the model locally, the manifests deploy both."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

MODEL = {
    "model/requirements.txt": "fastapi\nuvicorn\n",
    "model/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/v1/predict")
        async def predict() -> dict:
            return {}
        """,
    # For development: the model on localhost:8000, the gateway run with `npm start`.
    "docker-compose.yml": """\
        services:
          model:
            build: ./model
            ports: ["8000:8000"]
        """,
}


def _seam_findings(root: Path) -> list[str]:
    """The findings on calls (compose publishing the model's port for development is an
    SC103 of the default policy)."""
    return [f for f in findings(root) if not f.startswith("SC103")]


def deployment(service: str, env: str) -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {service}
spec:
  selector: {{matchLabels: {{app: {service}}}}}
  template:
    metadata:
      labels: {{app: {service}}}
    spec:
      containers:
        - name: {service}
          image: registry.example.com/shop/{service}:2.0
{env}"""


FROM_CONFIG_MAP = """\
          env:
            - name: ML_URL
              valueFrom:
                configMapKeyRef: {name: ml-endpoints, key: url}
"""
FROM_PLATFORM = """\
          envFrom:
            - configMapRef: {name: platform-endpoints}
"""

NODE = {
    "gateway/package.json": package_json("gateway", dependencies={"express": "4", "axios": "1"}),
    "gateway/src/index.js": """\
        const express = require('express');
        const axios = require('axios');
        const ml = axios.create({ baseURL: process.env.ML_URL || 'http://localhost:8000' });
        const app = express();
        app.post('/score', async (req, res) => {
          const r = await ml.post('/v1/predict', req.body);
          res.json(r.data);
        });
        app.listen(3000);
        """,
}
NODE_LINKED = ["gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6"]
NOT_IN_REPOSITORY = (
    "environment variable ML_URL is set from ConfigMap 'ml-endpoints', which is not in the "
    "repository (k8s/gateway.yaml); the code's default 'http://localhost:8000' holds only "
    "where it is not set"
)


def test_a_js_default_when_the_deployment_sets_the_variable_from_the_cluster(
    repo: RepoFactory,
) -> None:
    root = repo({**MODEL, **NODE, "k8s/gateway.yaml": deployment("gateway", FROM_CONFIG_MAP)})
    # Before: linked through the default, which is what runs only on a developer's machine.
    assert _seam_findings(root) == [
        "SC107 gateway/src/index.js:6 axios call POST {ML_URL}/v1/predict not linked to a "
        f"service route: URL is not known before run time: {NOT_IN_REPOSITORY}"
    ]
    # Nothing setting it, the default holds.
    assert links(repo({**MODEL, **NODE})) == NODE_LINKED


def test_a_stale_default_is_not_reported_broken(repo: RepoFactory) -> None:
    stale = NODE["gateway/src/index.js"].replace("localhost:8000'", "localhost:8000/api'")
    files = {
        **MODEL,
        **NODE,
        "gateway/src/index.js": stale,
        "k8s/gateway.yaml": deployment("gateway", FROM_CONFIG_MAP),
    }
    # Before: "SC104 POST /api/v1/predict reaches 'model', which serves no such route".
    assert [f.split(" ", 1)[0] for f in _seam_findings(repo(files))] == ["SC107"]


def test_a_source_that_may_set_any_variable_hides_the_default(repo: RepoFactory) -> None:
    # The platform's ConfigMap, made in the cluster, is taken whole: it may set ML_URL.
    root = repo({**MODEL, **NODE, "k8s/gateway.yaml": deployment("gateway", FROM_PLATFORM)})
    assert [p.split(": ", 2)[-1] for p in problems(root)] == [
        "environment variable ML_URL may be set from ConfigMap 'platform-endpoints', which is "
        "not in the repository (k8s/gateway.yaml); the code's default 'http://localhost:8000' "
        "holds only where it is not set"
    ]


def _python_gateway(read: str) -> dict[str, str]:
    """A FastAPI gateway whose module reads the model's URL with `read`."""
    return {
        "gateway/requirements.txt": "fastapi\nhttpx\npydantic-settings\n",
        "gateway/main.py": f"""\
import os

import httpx
from fastapi import FastAPI

{read}
app = FastAPI()


@app.post("/score")
async def score() -> dict:
    async with httpx.AsyncClient() as client:
        return (await client.post(f"{{ML_URL}}/v1/predict")).json()
""",
    }


def test_python_defaults_when_the_deployment_sets_the_variable_from_the_cluster(
    repo: RepoFactory,
) -> None:
    secret = FROM_CONFIG_MAP.replace(
        "configMapKeyRef: {name: ml-endpoints", "secretKeyRef: {name: ml"
    )
    for read in (
        'ML_URL = os.getenv("ML_URL", "http://localhost:8000")',
        'ML_URL = os.environ.get("ML_URL") or "http://localhost:8000"',
        'ML_URL = os.environ.get("ML_URL", "http://localhost:8000")',
    ):
        gateway = _python_gateway(read)
        root = repo({**MODEL, **gateway, "k8s/gateway.yaml": deployment("gateway", secret)})
        # Before: linked through the default.
        assert problems(root) == [
            "gateway/main.py:13 {ML_URL}/v1/predict: URL is not known before run time: "
            "environment variable ML_URL is set from Secret 'ml', which is not in the "
            "repository (k8s/gateway.yaml); the code's default 'http://localhost:8000' holds "
            "only where it is not set"
        ], read
        assert links(repo({**MODEL, **gateway})) == [
            "gateway/main.py:13 POST /v1/predict -> model linked model/main.py:6"
        ], read


def test_a_settings_fields_default_when_the_deployment_sets_it_from_the_cluster(
    repo: RepoFactory,
) -> None:
    read = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ml_url: str = "http://localhost:8000"


ML_URL = Settings().ml_url
"""
    gateway = _python_gateway(read)
    root = repo({**MODEL, **gateway, "k8s/gateway.yaml": deployment("gateway", FROM_CONFIG_MAP)})
    # Before: the field's default was taken.
    assert [p.split(": ", 2)[-1] for p in problems(root)] == [
        "environment variable ML_URL is set from ConfigMap 'ml-endpoints', which is not in the "
        "repository (k8s/gateway.yaml)"
    ]
