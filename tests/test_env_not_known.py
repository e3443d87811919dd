"""What SC107 says of a base URL read from an environment variable the repository sets to a
value seamcheck cannot know: where it is set and why its value is not known (a pod's field,
a ConfigMap the cluster makes, overlays that disagree, the shell running compose), never
that it "is set nowhere in the repository". A Node gateway calls a FastAPI model service."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, package_json
from seams_helpers import findings, links, problems

GATEWAY = {
    "gateway/package.json": package_json("gateway", dependencies={"express": "4", "axios": "1"}),
    "gateway/src/index.js": """\
        const express = require('express');
        const axios = require('axios');
        const ml = axios.create({ baseURL: process.env.ML_URL });
        const app = express();
        app.post('/score', async (req, res) => {
          const r = await ml.post('/v1/predict', req.body);
          res.json(r.data);
        });
        app.listen(3000);
        """,
    "model/requirements.txt": "fastapi\nuvicorn\n",
    "model/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/v1/predict")
        async def predict() -> dict:
            return {}
        """,
}

LINKED = ["gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6"]


def gateway_deployment(env: str, namespace: str = "") -> str:
    placed = f"  namespace: {namespace}\n" if namespace else ""
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
{placed}spec:
  selector: {{matchLabels: {{app: gateway}}}}
  template:
    metadata:
      labels: {{app: gateway}}
    spec:
      containers:
        - name: gateway
          image: registry.example.com/shop/gateway:2.0
          ports: [{{containerPort: 3000}}]
{env}"""


MODEL = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: model
spec:
  selector: {matchLabels: {app: model}}
  template:
    metadata:
      labels: {app: model}
    spec:
      containers:
        - name: model
          image: registry.example.com/shop/model:1.4
---
apiVersion: v1
kind: Service
metadata:
  name: model-svc
spec:
  selector: {app: model}
  ports: [{port: 8000}]
"""


def _unsure(root: Path) -> list[str]:
    """Why the gateway's call is not known, as SC107 says it."""
    return [p.split(": ", 2)[-1] for p in problems(root)]


def test_a_url_made_from_the_pods_own_field(repo: RepoFactory) -> None:
    # The model runs on every node (a DaemonSet with a hostPort); the gateway calls the one on
    # its own node, whose address only the running pod knows.
    env = """\
          env:
            - name: NODE_IP
              valueFrom:
                fieldRef: {fieldPath: status.hostIP}
            - name: ML_URL
              value: http://$(NODE_IP):8000
"""
    root = repo({**GATEWAY, "k8s/gateway.yaml": gateway_deployment(env), "k8s/model.yaml": MODEL})
    # Before: "environment variable ML_URL is set nowhere in the repository".
    assert findings(root) == [
        "SC107 gateway/src/index.js:6 axios call POST {ML_URL}/v1/predict not linked to a "
        "service route: URL is not known before run "
        "time: environment variable ML_URL is set to 'http://$(NODE_IP):8000', and NODE_IP is "
        "set from the pod's field status.hostIP (k8s/gateway.yaml)"
    ]


def test_a_url_the_pod_gets_from_its_annotation(repo: RepoFactory) -> None:
    env = """\
          env:
            - name: ML_URL
              valueFrom:
                fieldRef: {fieldPath: "metadata.annotations['shop.example.com/model-url']"}
"""
    root = repo({**GATEWAY, "k8s/gateway.yaml": gateway_deployment(env), "k8s/model.yaml": MODEL})
    assert _unsure(root) == [
        "environment variable ML_URL is set from the pod's field "
        "metadata.annotations['shop.example.com/model-url'] (k8s/gateway.yaml)"
    ]


def test_a_reference_to_a_variable_the_container_does_not_set(repo: RepoFactory) -> None:
    # The kubelet's own service variables (MODEL_SVC_SERVICE_HOST), which no manifest writes.
    env = """\
          env:
            - name: ML_URL
              value: http://$(MODEL_SVC_SERVICE_HOST):8000
"""
    root = repo({**GATEWAY, "k8s/gateway.yaml": gateway_deployment(env), "k8s/model.yaml": MODEL})
    assert _unsure(root) == [
        "environment variable ML_URL is set to 'http://$(MODEL_SVC_SERVICE_HOST):8000', and the "
        "container sets no MODEL_SVC_SERVICE_HOST before it (k8s/gateway.yaml)"
    ]


def test_a_key_of_a_config_map_the_cluster_makes(repo: RepoFactory) -> None:
    # The platform team's `ml-endpoints` ConfigMap is created in the cluster, not here.
    env = """\
          env:
            - name: ML_URL
              valueFrom:
                configMapKeyRef: {name: ml-endpoints, key: model}
"""
    root = repo({**GATEWAY, "k8s/gateway.yaml": gateway_deployment(env), "k8s/model.yaml": MODEL})
    assert _unsure(root) == [
        "environment variable ML_URL is set from ConfigMap 'ml-endpoints', which is not in the "
        "repository (k8s/gateway.yaml)"
    ]
    # Adding it makes the URL known.
    config_map = (
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ml-endpoints\n"
        "data:\n  model: http://model-svc:8000\n"
    )
    fixed = repo(
        {
            **GATEWAY,
            "k8s/gateway.yaml": gateway_deployment(env) + config_map,
            "k8s/model.yaml": MODEL,
        }
    )
    assert links(fixed) == LINKED


def test_a_key_the_repositorys_secret_does_not_have(repo: RepoFactory) -> None:
    env = """\
          env:
            - name: ML_URL
              valueFrom:
                secretKeyRef: {name: gateway-secrets, key: model-url}
"""
    secret = (
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: gateway-secrets\n"
        "stringData:\n  api-token: changeme\n"
    )
    root = repo(
        {**GATEWAY, "k8s/gateway.yaml": gateway_deployment(env) + secret, "k8s/model.yaml": MODEL}
    )
    assert _unsure(root) == [
        "environment variable ML_URL is set from the key 'model-url' of Secret 'gateway-secrets', "
        "which has no such key in the repository (k8s/gateway.yaml)"
    ]


def test_an_env_from_source_the_cluster_makes(repo: RepoFactory) -> None:
    env = """\
          envFrom:
            - configMapRef: {name: platform-endpoints}
              prefix: ML_
"""
    root = repo({**GATEWAY, "k8s/gateway.yaml": gateway_deployment(env), "k8s/model.yaml": MODEL})
    assert _unsure(root) == [
        "environment variable ML_URL may be set from ConfigMap 'platform-endpoints', which is "
        "not in the repository (k8s/gateway.yaml)"
    ]
    # A source that gives only variables of another prefix sets no ML_URL.
    other = env.replace("prefix: ML_", "prefix: PAYMENTS_")
    elsewhere = repo(
        {**GATEWAY, "k8s/gateway.yaml": gateway_deployment(other), "k8s/model.yaml": MODEL}
    )
    assert _unsure(elsewhere) == ["environment variable ML_URL is set nowhere in the repository"]


def _overlays(dev_url: str, prod_url: str) -> dict[str, str]:
    """A kustomize base (the gateway reads ML_URL from the `model-endpoint` ConfigMap) and a
    dev and a prod overlay, each in its namespace, generating that ConfigMap."""

    def overlay(namespace: str, url: str) -> str:
        return f"""\
resources: [../../base]
namespace: {namespace}
configMapGenerator:
  - name: model-endpoint
    literals:
      - url={url}
"""

    env = """\
          env:
            - name: ML_URL
              valueFrom:
                configMapKeyRef: {name: model-endpoint, key: url}
"""
    return {
        **GATEWAY,
        "k8s/base/kustomization.yaml": "resources: [gateway.yaml, model.yaml]\n",
        "k8s/base/gateway.yaml": gateway_deployment(env),
        "k8s/base/model.yaml": MODEL,
        "k8s/overlays/dev/kustomization.yaml": overlay("shop-dev", dev_url),
        "k8s/overlays/prod/kustomization.yaml": overlay("shop", prod_url),
    }


def test_overlays_that_set_the_url_to_different_values(repo: RepoFactory) -> None:
    root = repo(_overlays("http://localhost:8000", "http://model-svc:8000"))
    # Before: "environment variable ML_URL is set nowhere in the repository".
    assert _unsure(root) == [
        "environment variable ML_URL is set from the key 'url' of ConfigMap 'model-endpoint', "
        "which k8s/overlays/dev/kustomization.yaml and k8s/overlays/prod/kustomization.yaml "
        "set to different values (k8s/base/gateway.yaml)"
    ]
    # Overlays that agree give the base's workload, which names no namespace, their value
    # (before: none, as if neither namespace were the workload's).
    same = repo(_overlays("http://model-svc:8000", "http://model-svc:8000"))
    assert links(same) == LINKED


COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      - ML_URL
  model:
    build: ./model
    command: uvicorn main:app --host 0.0.0.0 --port 8000
"""


def test_a_compose_variable_passed_on_from_the_shell(repo: RepoFactory) -> None:
    root = repo({**GATEWAY, "docker-compose.yml": COMPOSE})
    # Before: read as empty, the call was "relative URL '/v1/predict' with no base URL".
    assert findings(root) == [
        "SC107 gateway/src/index.js:6 axios call POST {ML_URL}/v1/predict not linked to a "
        "service route: URL is not known before run "
        "time: environment variable ML_URL is taken from the shell by docker-compose.yml "
        "(gateway)"
    ]
    # The same written as an interpolation.
    written = COMPOSE.replace("- ML_URL", "ML_URL: ${ML_URL}")
    assert _unsure(repo({**GATEWAY, "docker-compose.yml": written})) == [
        "environment variable ML_URL is taken from the shell by docker-compose.yml (gateway)"
    ]
    # Compose takes it from the `.env` beside the compose file when the shell sets none.
    dotenv = {**GATEWAY, "docker-compose.yml": COMPOSE, ".env": "ML_URL=http://model:8000\n"}
    assert links(repo(dotenv)) == [
        "gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6"
    ]


def test_a_settings_field_compose_passes_on_from_the_shell(repo: RepoFactory) -> None:
    # A FastAPI gateway whose pydantic settings read ML_URL, the class's default otherwise.
    files = {
        "api/requirements.txt": "fastapi\nhttpx\npydantic-settings\n",
        "api/main.py": """\
            import httpx
            from fastapi import FastAPI
            from pydantic_settings import BaseSettings


            class Settings(BaseSettings):
                ml_url: str = "http://model:8000"


            settings = Settings()
            app = FastAPI()


            @app.post("/score")
            async def score() -> dict:
                return httpx.post(f"{settings.ml_url}/v1/predict").json()
            """,
        "model/requirements.txt": GATEWAY["model/requirements.txt"],
        "model/main.py": GATEWAY["model/main.py"],
        "docker-compose.yml": COMPOSE.replace("gateway", "api"),
    }
    # Before: read as empty ("relative URL '/v1/predict' with no base URL"); written
    # `ML_URL: ${ML_URL}`, as the text '${ML_URL}'.
    assert problems(repo(files)) == [
        "api/main.py:16 {ml_url}/v1/predict: URL is not known before run time: environment "
        "variable ML_URL is taken from the shell by docker-compose.yml (api)"
    ]
    written = COMPOSE.replace("gateway", "api").replace("- ML_URL", "ML_URL: ${ML_URL}")
    assert _unsure(repo({**files, "docker-compose.yml": written})) == [
        "environment variable ML_URL is taken from the shell by docker-compose.yml (api)"
    ]


def test_a_host_read_with_an_empty_default_is_not_known(repo: RepoFactory) -> None:
    # Chainlit's OAuth providers: `self.domain = f"https://{os.environ.get('OAUTH_GITLAB_DOMAIN',
    # '').rstrip('/')}"`, then `client.post(f"{self.domain}/oauth/token")`. Before, the
    # `rstrip` took the slashes off `https://` too once the default left the host empty, and
    # SC107 said "URL is not known before run time: https:/oauth/token".
    root = repo(
        {
            "app/requirements.txt": "fastapi\nhttpx\n",
            "app/oauth.py": """\
                import os

                import httpx


                class GitlabOAuthProvider:
                    def __init__(self):
                        self.domain = f"https://{os.environ.get('OAUTH_GITLAB_DOMAIN', '').rstrip('/')}"

                    async def get_token(self, code: str) -> dict:
                        async with httpx.AsyncClient() as client:
                            response = await client.post(f"{self.domain}/oauth/token", data={"code": code})
                            return response.json()
                """,
        }
    )
    assert problems(root) == [
        "app/oauth.py:12 https:///oauth/token: host is not known before run time: environment"
        " variable OAUTH_GITLAB_DOMAIN is set nowhere in the repository, and the code's default"
        " is empty"
    ]
