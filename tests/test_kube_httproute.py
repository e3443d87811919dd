"""Kubernetes Gateway API: the React front end, Node gateway and FastAPI model service of
test_kube_ingress.py, made public by a Gateway and its HTTPRoutes instead of an Ingress."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, run_cli
from seams_helpers import links, problems
from test_kube_ingress import FILES

ROUTES = """\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
spec:
  gatewayClassName: envoy
  listeners:
    - {name: http, protocol: HTTP, port: 80}
    - {name: https, protocol: HTTPS, port: 443}
---
# The http listener only sends the browser to https: the app's calls never meet it.
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: to-https
spec:
  parentRefs: [{name: public, sectionName: http}]
  hostnames: [shop.example.com]
  rules:
    - filters:
        - type: RequestRedirect
          requestRedirect: {scheme: https, statusCode: 301}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs: [{name: public, sectionName: https}]
  hostnames: [shop.example.com]
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api
      backendRefs:
        - name: gateway-svc
          port: 8080
    # The model service's API under /ml, its prefix taken off on the way.
    - matches:
        - path:
            type: PathPrefix
            value: /ml
      filters:
        - type: URLRewrite
          urlRewrite:
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /models}
      backendRefs:
        - name: ml-svc
          port: 8000
    - matches:
        - path:
            type: PathPrefix
            value: /beta
      backendRefs:
        - {name: gateway-svc, port: 8080, weight: 90}
        - {name: gateway-canary-svc, port: 8080, weight: 10}
    - backendRefs:
        - name: web-svc
          port: 80
"""

CANARY = """\
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway-canary
spec:
  selector: {matchLabels: {app: gateway-canary}}
  template:
    metadata: {labels: {app: gateway-canary}}
    spec:
      containers: [{name: gateway, image: "registry.example.com/acme/gateway:1.5-rc1"}]
---
apiVersion: v1
kind: Service
metadata: {name: gateway-canary-svc}
spec: {selector: {app: gateway-canary}, ports: [{port: 8080}]}
"""

API = """\
export const predict = () => fetch('/api/predict', { method: 'POST' });
export const typo = () => fetch('/api/predcit', { method: 'POST' });
export const score = () => fetch('/ml/score', { method: 'POST' });
export const scoreTypo = () => fetch('/ml/scor', { method: 'POST' });
export const beta = () => fetch('/beta/predict', { method: 'POST' });
"""


def _repo(repo: RepoFactory, routes: str = ROUTES) -> Path:
    files = {
        **FILES,
        "deploy/k8s/workloads.yaml": FILES["deploy/k8s/workloads.yaml"] + CANARY,
        "deploy/k8s/ingress.yaml": None,
        "deploy/k8s/routes.yaml": routes,
        "web/src/api.js": API,
    }
    return repo({k: v for k, v in files.items() if v is not None})


def test_browser_calls_go_through_the_httproute_that_serves_the_front_end(
    repo: RepoFactory,
) -> None:
    root = _repo(repo)
    # Before: HTTPRoutes were not read; every relative call was unresolved (SC107) and a
    # typo in one went unseen.
    assert links(root) == [
        "web/src/api.js:1 POST /api/predict -> gateway linked gateway/server.js:3 "
        "via HTTPRoute shop /api",
        "web/src/api.js:2 POST /api/predcit -> gateway broken - via HTTPRoute shop /api",
        # ReplacePrefixMatch: /ml/score reaches the model service as /models/score.
        "web/src/api.js:3 POST /models/score -> ml linked ml/main.py:6 via HTTPRoute shop /ml",
        "web/src/api.js:4 POST /models/scor -> ml broken - via HTTPRoute shop /ml",
        # A canary split: which gateway build answers is not known, so nothing is broken.
        "web/src/api.js:5 POST /beta/predict -> gateway unsure - via HTTPRoute shop /beta",
    ]
    assert problems(root) == []


def test_an_httproute_to_an_internal_service_is_an_edge_bypass(repo: RepoFactory) -> None:
    root = _repo(repo)
    result = run_cli("check", str(root), "--select", "SC104,SC105", "--no-cache")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if not line.startswith(" ")]
    assert lines == [
        "deploy/k8s/routes.yaml:43:1: SC105 HTTPRoute shop /ml makes internal service 'ml' "
        "reachable from outside; only edge services may face the public",
        "web/src/api.js:2:27: SC104 POST /api/predcit reaches 'gateway' through HTTPRoute shop "
        "/api (deploy/k8s/routes.yaml:35), which serves no such route; did you mean POST "
        "/api/predict (gateway/server.js:3)?",
        # One SC105 for the way in, however many calls take it (the typo's is related).
        "web/src/api.js:3:28: SC105 browser app 'web' calls internal service 'ml' through "
        "HTTPRoute shop /ml (POST /models/score, and 1 other call); only edge services may "
        "face the public",
        "web/src/api.js:4:32: SC104 POST /models/scor reaches 'ml' through HTTPRoute shop /ml "
        "(deploy/k8s/routes.yaml:43), which serves no such route; did you mean POST "
        "/models/score (ml/main.py:6)?",
        "4 findings (4 errors) in 3 files across 3 services.",
    ]


def test_what_an_httproute_does_besides_the_path_makes_its_calls_unsure(
    repo: RepoFactory,
) -> None:
    # Matched on a header, or its whole path replaced: which requests the rule takes, or
    # what path it passes on, is not followed. A typo through it must not be an error.
    routes = ROUTES.replace(
        "            value: /api\n",
        "            value: /api\n          headers: [{name: x-tenant, value: acme}]\n",
    ).replace(
        "path: {type: ReplacePrefixMatch, replacePrefixMatch: /models}",
        "path: {type: ReplaceFullPath, replaceFullPath: /models/score}",
    )
    root = _repo(repo, routes)
    assert [line for line in links(root) if "broken" in line] == []
    result = run_cli("check", str(root), "--select", "SC104,SC107", "--no-cache")
    assert "SC104" not in result.output
    assert (
        "HTTPRoute shop /ml (deploy/k8s/routes.yaml:44) may rewrite it (`URLRewrite "
        "ReplaceFullPath /models/score`), which seamcheck cannot follow" in result.output
    )
    assert (
        "web/src/api.js:2:27: SC107 fetch call POST /api/predcit not linked to a service route: "
        "HTTPRoute shop /api (deploy/k8s/routes.yaml:35) takes only requests with the headers "
        "it names" in result.output
    )


def test_an_httproute_for_another_host_does_not_take_the_front_ends_calls(
    repo: RepoFactory,
) -> None:
    # The partners' host sends /api to the model service; the front end is not served
    # there, so its calls do not go through it.
    partners = """\
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: partners
spec:
  hostnames: [partners.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: ml-svc, port: 8000}]
"""
    root = _repo(repo, ROUTES + partners)
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /api/predict -> gateway linked gateway/server.js:3 "
        "via HTTPRoute shop /api",
        "web/src/api.js:2 POST /api/predcit -> gateway broken - via HTTPRoute shop /api",
    ]


# Two Gateways, each with its own host name on its listener; their routes name no host of
# their own, as is usual when the Gateway holds it.
TWO_GATEWAYS = """\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: partners
spec:
  gatewayClassName: envoy
  listeners:
    - {name: https, protocol: HTTPS, port: 443, hostname: partners.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: partners
spec:
  parentRefs: [{name: partners}]
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api
      backendRefs:
        - name: ml-svc
          port: 8000
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  gatewayClassName: envoy
  listeners:
    - {name: https, protocol: HTTPS, port: 443, hostname: shop.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs: [{name: shop, sectionName: https}]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: gateway-svc, port: 8080}]
    - backendRefs: [{name: web-svc, port: 80}]
"""


def test_routes_without_host_names_serve_the_hosts_of_their_gateways(repo: RepoFactory) -> None:
    root = _repo(repo, TWO_GATEWAYS)
    # Before: both routes were taken to serve one host, and the partners' /api (first in the
    # file) took the front end's calls: a false SC104 'ml serves no such route' on the
    # correct call, and SC105/SC103 for a call that never reaches the model service.
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /api/predict -> gateway linked gateway/server.js:3 "
        "via HTTPRoute shop /api",
        "web/src/api.js:2 POST /api/predcit -> gateway broken - via HTTPRoute shop /api",
    ]
    result = run_cli("check", str(root), "--select", "SC104", "--no-cache")
    # Its flow-style lines not found, the route's name's line, not that of the Gateway of
    # the same name above it (line 28).
    assert result.output.splitlines()[0] == (
        "web/src/api.js:2:27: SC104 POST /api/predcit reaches 'gateway' through HTTPRoute shop "
        "/api (deploy/k8s/routes.yaml:37), which serves no such route; did you mean POST "
        "/api/predict (gateway/server.js:3)?"
    )


def test_a_mesh_httproute_is_not_a_way_in(repo: RepoFactory) -> None:
    mesh = """\
---
# GAMMA: calls to ml-svc inside the cluster go to it through the mesh; not the public's.
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ml-retries
spec:
  parentRefs:
    - {group: "", kind: Service, name: ml-svc, port: 8000}
  rules:
    - backendRefs:
        - {name: ml-svc, port: 8000}
"""
    root = _repo(repo, ROUTES + mesh)
    result = run_cli("check", str(root), "--select", "SC105", "--no-cache")
    # Before: 'HTTPRoute ml-retries / makes internal service 'ml' reachable from outside'.
    assert "ml-retries" not in result.output
    assert "HTTPRoute shop /ml makes internal service 'ml' reachable" in result.output
