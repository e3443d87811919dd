"""Kubernetes Ingress: a React front end, a Node gateway and a FastAPI model service deployed
with Deployments, Services and an Ingress that is the public edge."""

from __future__ import annotations

from conftest import RepoFactory, package_json, run_cli
from seams_helpers import links, problems

WORKLOADS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "registry.example.com/acme/web:1.4"}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
spec:
  selector: {matchLabels: {app: gateway}}
  template:
    metadata: {labels: {app: gateway}}
    spec:
      containers: [{name: gateway, image: "registry.example.com/acme/gateway:1.4"}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ml
spec:
  selector: {matchLabels: {app: ml}}
  template:
    metadata: {labels: {app: ml}}
    spec:
      containers: [{name: ml, image: "registry.example.com/acme/ml:1.4"}]
---
apiVersion: v1
kind: Service
metadata: {name: web-svc}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: gateway-svc}
spec: {selector: {app: gateway}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: ml-svc}
spec: {selector: {app: ml}, ports: [{port: 8000}]}
"""

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: gateway-svc
                port: {number: 8080}
          - path: /models
            pathType: Prefix
            backend:
              service:
                name: ml-svc
                port: {number: 8000}
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web-svc
                port: {number: 80}
    # The partners' API host: its /api is the model service, not the gateway.
    - host: partners.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: ml-svc
                port: {number: 8000}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /v1(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service:
                name: gateway-svc
                port: {number: 8080}
          - path: /old
            pathType: Prefix
            backend:
              service:
                name: gateway-svc
                port: {number: 8080}
"""

FILES = {
    "deploy/k8s/workloads.yaml": WORKLOADS,
    "deploy/k8s/ingress.yaml": INGRESS,
    "web/package.json": package_json("web", dependencies={"react": "18", "vite": "5"}),
    "web/src/api.js": """\
        export const predict = () => fetch('/api/predict', { method: 'POST' });
        export const typo = () => fetch('/api/predcit', { method: 'POST' });
        export const score = () => fetch('/models/score', { method: 'POST' });
        export const old = () => fetch('/old/predict', { method: 'POST' });
        """,
    "gateway/package.json": package_json("gateway", dependencies={"express": "4"}),
    "gateway/server.js": """\
        const express = require('express');
        const app = express();
        app.post('/api/predict', (req, res) => res.json({}));
        app.listen(8080);
        """,
    "ml/requirements.txt": "fastapi\n",
    "ml/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/models/score")
        async def score(payload: dict) -> dict:
            return {"score": 1}
        """,
}


def test_browser_calls_go_through_the_ingress_that_serves_the_front_end(
    repo: RepoFactory,
) -> None:
    root = repo(FILES)
    # Before: Ingress objects were not read; every relative call was unresolved.
    assert links(root) == [
        "web/src/api.js:1 POST /api/predict -> gateway linked gateway/server.js:3 "
        "via Ingress public /api",
        "web/src/api.js:2 POST /api/predcit -> gateway broken - via Ingress public /api",
        "web/src/api.js:3 POST /models/score -> ml linked ml/main.py:6 via Ingress public /models",
        "web/src/api.js:4 POST /old/predict -> gateway unsure - via Ingress legacy /old",
    ]
    assert problems(root) == []


def test_an_ingress_path_to_an_internal_service_is_an_edge_bypass(repo: RepoFactory) -> None:
    root = repo(FILES)
    result = run_cli("check", str(root), "--select", "SC104,SC105,SC107")
    assert result.exit_code == 1
    # The Ingress is the way in: each path of it to the model service bypasses the edge (the
    # partners' host too), and so does the browser's call through it. Its typo is found
    # through the host that serves the front end: partners.example.com's /api is not
    # where the browser's /api calls go.
    assert result.output == (
        "deploy/k8s/ingress.yaml:17:1: SC105 Ingress public /models makes internal service "
        "'ml' reachable from outside; only edge services may face the public\n"
        "deploy/k8s/ingress.yaml:33:1: SC105 Ingress public /api makes internal service 'ml' "
        "reachable from outside; only edge services may face the public\n"
        "web/src/api.js:2:27: SC104 POST /api/predcit reaches 'gateway' through Ingress public "
        "/api (deploy/k8s/ingress.yaml:11), which serves no such route; did you mean POST "
        "/api/predict (gateway/server.js:3)?\n"
        "    deploy/k8s/ingress.yaml:11:1: Ingress public /api forwards as /api/predcit\n"
        "    gateway/server.js:3:1: gateway serves POST /api/predict\n"
        "web/src/api.js:3:28: SC105 browser app 'web' calls internal service 'ml' through "
        "Ingress public /models (POST /models/score); only edge services may face the "
        "public\n"
        "    deploy/k8s/ingress.yaml:17:1: Ingress public /models forwards here\n"
        "web/src/api.js:4:26: SC107 fetch call POST /old/predict not linked to a service "
        "route: Ingress legacy /old (deploy/k8s/ingress.yaml:57) may rewrite it "
        "(`nginx.ingress.kubernetes.io/rewrite-target: /$2`), which seamcheck cannot follow\n"
        "    deploy/k8s/ingress.yaml:57:1: Ingress legacy /old may rewrite it "
        "(`nginx.ingress.kubernetes.io/rewrite-target: /$2`), which seamcheck cannot follow\n"
        "5 findings (4 errors, 1 info) in 3 files across 3 services.\n"
    )


def test_an_ingress_that_does_not_serve_the_front_end_does_not_take_its_calls(
    repo: RepoFactory,
) -> None:
    # Another team's Ingress: its /api is the model service. The front end is served from a
    # CDN, so its relative calls never pass through it.
    admin = INGRESS.split("---")[0].replace("name: web-svc", "name: ml-svc")
    root = repo({**FILES, "deploy/k8s/ingress.yaml": admin.replace("gateway-svc", "ml-svc")})
    assert links(root) == []
    assert [p.split(": ", 1)[0] for p in problems(root)] == [
        "web/src/api.js:1 /api/predict",
        "web/src/api.js:2 /api/predcit",
        "web/src/api.js:3 /models/score",
        "web/src/api.js:4 /old/predict",
    ]


def test_an_ingress_written_in_flow_style_is_found_at_its_name(repo: RepoFactory) -> None:
    flow = (
        "apiVersion: networking.k8s.io/v1\n"
        "kind: Ingress\n"
        "metadata: {name: public}\n"
        "spec: {rules: [{http: {paths: [\n"
        "  {path: /models, pathType: Prefix, backend: {service: {name: ml-svc}}},\n"
        "  {path: /, pathType: Prefix, backend: {service: {name: web-svc}}}]}}]}\n"
    )
    root = repo({**FILES, "deploy/k8s/ingress.yaml": flow})
    result = run_cli("check", str(root), "--select", "SC105")
    assert result.output.splitlines()[0] == (
        "deploy/k8s/ingress.yaml:3:1: SC105 Ingress public /models makes internal service 'ml' "
        "reachable from outside; only edge services may face the public"
    )


# Two ingress controllers, each with its own load balancer: the public one serves the shop,
# the internal one the operators' tools, whose /api is the model service. Neither names a
# host: each takes every request its own address receives.
TWO_CLASSES = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: internal-tools
  annotations:
    kubernetes.io/ingress.class: nginx-internal
spec:
  rules:
    - http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: ml-svc
                port: {number: 8000}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: gateway-svc
                port: {number: 8080}
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web-svc
                port: {number: 80}
"""


def test_ingresses_without_a_host_under_two_classes_are_two_sites(repo: RepoFactory) -> None:
    root = repo({**FILES, "deploy/k8s/ingress.yaml": TWO_CLASSES})
    # Before: both were taken to serve one host, and the internal controller's /api (first
    # in the file) took the shop's calls: a false SC104 'ml serves no such route' on the
    # correct call /api/predict, and an SC105 for a call that never reaches the model.
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /api/predict -> gateway linked gateway/server.js:3 "
        "via Ingress public /api",
        "web/src/api.js:2 POST /api/predcit -> gateway broken - via Ingress public /api",
    ]
    result = run_cli("check", str(root), "--select", "SC104", "--no-cache")
    assert result.output.splitlines()[0] == (
        "web/src/api.js:2:27: SC104 POST /api/predcit reaches 'gateway' through Ingress public "
        "/api (deploy/k8s/ingress.yaml:27), which serves no such route; did you mean POST "
        "/api/predict (gateway/server.js:3)?"
    )


def test_an_ingress_without_a_class_is_of_the_default_class(repo: RepoFactory) -> None:
    # The front end's Ingress names no class: the cluster's default, which is nginx, the
    # class of the Ingress that sends /api to the gateway. Both are one site.
    default = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service: {name: web-svc, port: {number: 80}}
"""
    manifest = TWO_CLASSES.replace(
        "          - path: /\n            pathType: Prefix\n            backend:\n"
        "              service:\n                name: web-svc\n"
        "                port: {number: 80}\n",
        "",
    )
    root = repo({**FILES, "deploy/k8s/ingress.yaml": manifest + "---\n" + default})
    assert links(root)[:1] == [
        "web/src/api.js:1 POST /api/predict -> gateway linked gateway/server.js:3 "
        "via Ingress public /api",
    ]
