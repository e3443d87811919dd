"""Base URLs a Kubernetes Deployment gives a container from ConfigMaps and Secrets (`envFrom`,
`valueFrom`) and `$(NAME)` references: a Node gateway calling a FastAPI model service, both
deployed by the manifests under k8s/."""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links, problems

FILES = {
    "gateway/package.json": package_json("gateway", dependencies={"express": "4", "axios": "1"}),
    "gateway/src/index.js": """\
        const express = require('express');
        const axios = require('axios');
        const ml = axios.create({ baseURL: process.env.ML_URL });
        const app = express();
        app.post('/score', async (req, res) => {
          const r = await ml.post('/v1/predict', req.body);
          await ml.post('/v1/predcit', {});
          res.json(r.data);
        });
        app.listen(3000);
        """,
    "model/requirements.txt": "fastapi\n",
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
          namespace: shop
        spec:
          selector: {matchLabels: {app: model}}
          template:
            metadata:
              labels: {app: model}
            spec:
              containers:
                - name: model
                  image: registry.example.com/model:1.4
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: model-svc
          namespace: shop
        spec:
          selector: {app: model}
          ports: [{port: 8000}]
        """,
}

LINKED = [
    "gateway/src/index.js:6 POST /v1/predict -> model linked model/main.py:6",
    "gateway/src/index.js:7 POST /v1/predcit -> model broken -",
]


def gateway(container_env: str, namespace: str = "shop") -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
  namespace: {namespace}
spec:
  template:
    spec:
      containers:
        - name: gateway
          image: registry.example.com/gateway:2.0
{container_env}"""


def config_map(data: str, name: str = "gateway-config", namespace: str = "shop") -> str:
    return f"""\
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
  namespace: {namespace}
data:
{data}"""


def _repo(repo: RepoFactory, manifest: str) -> Path:
    return repo({**FILES, "k8s/gateway.yaml": manifest})


ENV_FROM = """\
          envFrom:
            - configMapRef:
                name: gateway-config
"""


def test_a_url_from_a_config_map_the_container_takes_whole(repo: RepoFactory) -> None:
    root = _repo(repo, gateway(ENV_FROM) + config_map("  ML_URL: http://model-svc:8000\n"))
    # Before: envFrom was not read: both calls were SC107 ("ML_URL is set nowhere").
    assert links(root) == LINKED


def test_a_url_from_one_key_of_a_config_map(repo: RepoFactory) -> None:
    env = """\
          env:
            - name: ML_URL
              valueFrom:
                configMapKeyRef: {name: endpoints, key: model}
"""
    data = "  model: http://model-svc.shop.svc.cluster.local:8000\n  other: http://x\n"
    root = _repo(repo, gateway(env) + config_map(data, name="endpoints"))
    assert links(root) == LINKED


def test_a_url_from_a_secret_and_a_prefix(repo: RepoFactory) -> None:
    encoded = base64.b64encode(b"http://model-svc:8000").decode()
    manifest = gateway(
        """\
          envFrom:
            - secretRef: {name: endpoints}
              prefix: ML_
"""
    ) + (
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: endpoints\n  namespace: shop\n"
        f"data:\n  URL: {encoded}\n"
    )
    root = _repo(repo, manifest)
    assert links(root) == LINKED


def test_env_wins_over_env_from_and_references_what_is_defined_before_it(
    repo: RepoFactory,
) -> None:
    env = (
        ENV_FROM
        + """\
          env:
            - name: ML_HOST
              value: model-svc
            - name: ML_URL
              value: http://$(ML_HOST):$(ML_PORT)
"""
    )
    data = "  ML_URL: http://elsewhere:8000\n  ML_PORT: '8000'\n"
    root = _repo(repo, gateway(env) + config_map(data))
    assert links(root) == LINKED


def test_the_config_map_of_the_workloads_namespace_is_read(repo: RepoFactory) -> None:
    manifest = (
        gateway(ENV_FROM)
        + config_map("  ML_URL: http://localhost:8000\n", namespace="dev")
        + config_map("  ML_URL: http://model-svc:8000\n")
    )
    root = _repo(repo, manifest)
    assert links(root) == LINKED


def test_a_value_from_elsewhere_hides_the_config_map_one(repo: RepoFactory) -> None:
    env = (
        ENV_FROM
        + """\
          env:
            - name: ML_URL
              valueFrom:
                fieldRef: {fieldPath: metadata.annotations['ml-url']}
"""
    )
    root = _repo(repo, gateway(env) + config_map("  ML_URL: http://model-svc:8000\n"))
    # The pod's annotation, which seamcheck does not read, is the value, not the ConfigMap's
    # (a guard: before, neither was read).
    assert links(root) == []
    assert len(problems(root)) == 2


def test_a_config_map_a_kustomization_generates(repo: RepoFactory) -> None:
    kustomization = """\
resources: [gateway.yaml, model.yaml]
namespace: shop
configMapGenerator:
  - name: gateway-config
    envs: [config/gateway.env]
    literals:
      - LOG_LEVEL=info
"""
    root = repo(
        {
            **FILES,
            "k8s/gateway.yaml": gateway(ENV_FROM),
            "k8s/kustomization.yaml": kustomization,
            "k8s/config/gateway.env": "# the model service\nML_URL=http://model-svc:8000\n",
        }
    )
    # Before: generators were not read (and a kustomization naming no kind not loaded).
    assert links(root) == LINKED


def test_a_reference_to_a_value_from_elsewhere_is_not_a_url(repo: RepoFactory) -> None:
    env = """\
          env:
            - name: ML_PORT
              valueFrom:
                fieldRef: {fieldPath: "metadata.annotations['ml-port']"}
            - name: ML_URL
              value: http://model-svc:$(ML_PORT)
"""
    root = _repo(repo, gateway(env))
    # Before: http://model-svc:$(ML_PORT) was read as the path /:$(ML_PORT)/v1/predict of
    # model, two false SC104s. The port is the pod's annotation's, not known here.
    # Before: SC107 said ML_URL "is set nowhere in the repository".
    note = (
        "environment variable ML_URL is set to 'http://model-svc:$(ML_PORT)', and ML_PORT is "
        "set from the pod's field metadata.annotations['ml-port'] (k8s/gateway.yaml)"
    )
    assert problems(root) == [
        f"gateway/src/index.js:6 {{ML_URL}}/v1/predict: URL is not known before run time: {note}",
        f"gateway/src/index.js:7 {{ML_URL}}/v1/predcit: URL is not known before run time: {note}",
    ]


def test_a_quoted_literal_a_kustomization_generates(repo: RepoFactory) -> None:
    kustomization = """\
resources: [gateway.yaml, model.yaml]
namespace: shop
configMapGenerator:
  - name: gateway-config
    literals:
      - ML_URL="http://model-svc:8000"
"""
    root = repo(
        {**FILES, "k8s/gateway.yaml": gateway(ENV_FROM), "k8s/kustomization.yaml": kustomization}
    )
    # Kustomize takes the quotes around a literal's value off. Before: the URL was
    # '"http://model-svc:8000"/v1/predict', not known.
    assert links(root) == LINKED


def test_a_properties_file_a_kustomization_generates_from_and_its_edit(
    repo: RepoFactory, tmp_path: Path
) -> None:
    kustomization = """\
resources: [gateway.yaml, model.yaml]
namespace: shop
configMapGenerator:
  - name: gateway-config
    envs: [config.properties]
"""
    files = {
        **FILES,
        "k8s/gateway.yaml": gateway(ENV_FROM),
        "k8s/kustomization.yaml": kustomization,
        "k8s/config.properties": "ML_URL=http://model-svc:8000\n",
    }
    root = repo(files)
    # Before: a variable file not named .env was not read: ML_URL was set nowhere.
    assert links(root) == LINKED
    cache = ["--cache-dir", str(tmp_path / "cache")]
    past = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    assert "SC104" in run_cli("check", str(root), *cache).stdout
    properties = root / "k8s/config.properties"
    properties.write_text("ML_URL=http://elsewhere:8000\n")
    os.utime(properties, (past, past))
    assert "SC104" not in run_cli("check", str(root), *cache).stdout


def test_config_maps_of_one_name_that_disagree_are_not_chosen_between(repo: RepoFactory) -> None:
    def overlay(url: str) -> str:
        return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gateway-config\ndata:\n  ML_URL: {url}\n"

    files = {
        **FILES,
        "k8s/gateway.yaml": gateway(ENV_FROM, namespace="shop"),
        "k8s/overlays/dev/config.yaml": overlay("http://localhost:8000"),
        "k8s/overlays/prod/config.yaml": overlay("http://model-svc:8000"),
    }
    # Before: the dev overlay's, first by path, was taken. Which is applied is not known;
    # SC107 says so (before, that ML_URL "is set nowhere in the repository").
    assert [p.split(": ", 2)[-1] for p in problems(repo(files))] == [
        "environment variable ML_URL is set from ConfigMap 'gateway-config', which "
        "k8s/overlays/dev/config.yaml and k8s/overlays/prod/config.yaml set to different "
        "values (k8s/gateway.yaml)"
    ] * 2
    # Alike, they are one value.
    same = {**files, "k8s/overlays/dev/config.yaml": overlay("http://model-svc:8000")}
    assert links(repo(same)) == LINKED
    # An overlay that adds a key of its own (kustomize's `behavior: merge`) hides none of
    # the base's.
    debug = overlay("http://model-svc:8000").replace("ML_URL: http://model-svc:8000", "DEBUG: '1'")
    assert links(repo({**same, "k8s/overlays/dev/config.yaml": debug})) == LINKED


def test_a_secret_encoded_with_its_newline(repo: RepoFactory) -> None:
    # `echo http://model-svc:8000 | base64`: the value ends in a newline, which URL parsers
    # drop. Before: the path was '/\n/v1/predict', two false SC104s.
    encoded = base64.b64encode(b"http://model-svc:8000\n").decode()
    manifest = gateway("          envFrom:\n            - secretRef: {name: endpoints}\n") + (
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: endpoints\n  namespace: shop\n"
        f"data:\n  ML_URL: {encoded}\n"
    )
    assert links(_repo(repo, manifest)) == LINKED
    # The same from a ConfigMap's `|` block.
    block = "  ML_URL: |\n    http://model-svc:8000\n"
    assert links(_repo(repo, gateway(ENV_FROM) + config_map(block))) == LINKED
