"""A base URL read from an environment variable that the places running the caller's code
set to different values: two Kubernetes workloads of the gateway (the main Deployment and a
canary), or compose for development and the manifests for production. The repository does
not say which makes a given call, so the call is checked with each value: linked when each
lands on a route, broken when each is broken, unsure (SC107, naming the values and where
they are set) otherwise. Before, the first place by path gave the value and the others were
never looked at. A Node gateway calls a FastAPI model service."""

from __future__ import annotations

from conftest import RepoFactory, package_json
from seams_helpers import findings, links

FILES = {
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
    "k8s/model.yaml": """\
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
        """,
}


def gateway(name: str, ml_url: str) -> str:
    """A Deployment of the gateway's image named `name`, with ML_URL set to `ml_url`."""
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
        - name: gateway
          image: registry.example.com/shop/gateway:2.0
          env:
            - name: ML_URL
              value: {ml_url}
"""


def _deployed(main: str, canary: str) -> dict[str, str]:
    return {
        **FILES,
        "k8s/gateway.yaml": gateway("gateway", main),
        "k8s/gateway-canary.yaml": gateway("gateway-canary", canary),
    }


def test_a_canary_whose_value_breaks_the_call_makes_it_unsure(repo: RepoFactory) -> None:
    root = repo(_deployed("http://model-svc:8000", "http://model-svc:8000/v2"))
    # Before: the canary's file comes first by path, its value alone was checked: "SC104
    # POST /v2/v1/predict reaches 'model', which serves no such route", though the main
    # Deployment's value lands.
    assert findings(root) == [
        "SC107 gateway/src/index.js:6 axios call POST {ML_URL}/v1/predict not linked to a "
        "service route: URL is not known before run time: environment variable ML_URL is set "
        "to different values where gateway runs: 'http://model-svc:8000/v2' "
        "(k8s/gateway-canary.yaml) and 'http://model-svc:8000' (k8s/gateway.yaml); with "
        "'http://model-svc:8000/v2' (k8s/gateway-canary.yaml), 'model' serves no POST "
        "/v2/v1/predict"
    ]


def test_values_that_each_land_link_the_call(repo: RepoFactory) -> None:
    # Two names of the same Service: the call lands on the route whichever runs it.
    root = repo(
        _deployed("http://model-svc:8000", "http://model-svc.default.svc.cluster.local:8000")
    )
    assert links(root) == [
        "gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6"
    ]
    assert findings(root) == []


def test_values_that_each_break_the_call_are_each_reported(repo: RepoFactory) -> None:
    root = repo(_deployed("http://model-svc:8000/v3", "http://model-svc:8000/v2"))
    # Before: only the canary's, the first by path.
    assert [f.split(" reaches")[0] for f in findings(root) if f.startswith("SC104")] == [
        "SC104 gateway/src/index.js:6 POST /v2/v1/predict",
        "SC104 gateway/src/index.js:6 POST /v3/v1/predict",
    ]


def test_workloads_that_agree_give_their_value(repo: RepoFactory) -> None:
    root = repo(_deployed("http://model-svc:8000", "http://model-svc:8000"))
    assert links(root) == [
        "gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6"
    ]


COMPOSE = """\
services:
  gateway:
    build: ./gateway
    ports: ["3000:3000"]
    environment:
      ML_URL: http://model:8000
  model:
    build: ./model
    command: uvicorn main:app --host 0.0.0.0 --port 8000
"""


def test_compose_and_the_manifests_disagreeing(repo: RepoFactory) -> None:
    # Compose runs the gateway for development, the manifests in production, whose value
    # has the model's path wrong.
    files = {
        **FILES,
        "docker-compose.yml": COMPOSE,
        "k8s/gateway.yaml": gateway("gateway", "http://model-svc:8000/api"),
    }
    # Before: compose's value came first, and the call was linked.
    assert findings(repo(files)) == [
        "SC107 gateway/src/index.js:6 axios call POST {ML_URL}/v1/predict not linked to a "
        "service route: URL is not known before run time: environment variable ML_URL is set "
        "to different values where gateway runs: 'http://model:8000' (docker-compose.yml "
        "(gateway)) and 'http://model-svc:8000/api' (k8s/gateway.yaml); with "
        "'http://model-svc:8000/api' (k8s/gateway.yaml), 'model' serves no POST /api/v1/predict"
    ]
    # Each value landing on the route (compose's name of the model, the Service's): linked.
    both = {**files, "k8s/gateway.yaml": gateway("gateway", "http://model-svc:8000")}
    assert links(repo(both)) == [
        "gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6"
    ]


def test_a_workload_setting_it_to_what_the_cluster_knows(repo: RepoFactory) -> None:
    # The canary reads ML_URL from a ConfigMap the platform team makes in the cluster.
    canary = gateway("gateway-canary", "x").replace(
        "value: x", "valueFrom:\n                configMapKeyRef: {name: ml-endpoints, key: url}"
    )
    files = {
        **FILES,
        "k8s/gateway.yaml": gateway("gateway", "http://model-svc:8000"),
        "k8s/gateway-canary.yaml": canary,
    }
    # Before: the main Deployment's value was taken, as if the canary did not run.
    assert findings(repo(files)) == [
        "SC107 gateway/src/index.js:6 axios call POST {ML_URL}/v1/predict not linked to a "
        "service route: URL is not known before run time: environment variable ML_URL is set "
        "from ConfigMap 'ml-endpoints', which is not in the repository "
        "(k8s/gateway-canary.yaml); other places running gateway set it to "
        "'http://model-svc:8000' (k8s/gateway.yaml)"
    ]
