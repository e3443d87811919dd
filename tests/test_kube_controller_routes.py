"""Ingress controllers with routing objects of their own: the front end, gateway and model
service of test_kube_ingress.py made public by a Traefik IngressRoute or an OpenShift Route."""

from __future__ import annotations

from pathlib import Path

from conftest import RepoFactory, run_cli
from seams_helpers import links, problems
from test_kube_ingress import FILES, WORKLOADS
from test_kube_ingress_annotations import API, GATEWAY, STRIP_API

INGRESS_ROUTE = """\
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: shop
  namespace: shop
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(`shop.example.com`) && PathPrefix(`/api`)
      kind: Rule
      services:
        - name: gateway-svc
          port: 8080
      middlewares:
        - name: strip-api
    - match: Host(`shop.example.com`) && PathPrefix(`/models`)
      kind: Rule
      services:
        - name: ml-svc
          port: 8000
    - match: Host(`shop.example.com`)
      kind: Rule
      services:
        - name: web-svc
          port: 80
"""

ROUTES = """\
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: gateway
  annotations:
    haproxy.router.openshift.io/rewrite-target: /
spec:
  host: shop.example.com
  path: /api
  to: {kind: Service, name: gateway-svc}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
spec:
  host: shop.example.com
  to: {kind: Service, name: web-svc}
"""


def _repo(repo: RepoFactory, manifest: str) -> Path:
    return repo(
        {
            **FILES,
            "deploy/k8s/workloads.yaml": WORKLOADS,
            "deploy/k8s/ingress.yaml": manifest,
            "gateway/server.js": GATEWAY,
            "web/src/api.js": API
            + "export const score = () => fetch('/models/score', { method: 'POST' });\n",
        }
    )


def test_calls_go_through_a_traefik_ingress_route_and_its_middlewares(repo: RepoFactory) -> None:
    root = _repo(repo, INGRESS_ROUTE + STRIP_API)
    # Before: IngressRoutes were not read; every relative call was SC107.
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via IngressRoute shop /api",
        "web/src/api.js:2 POST /predcit -> gateway broken - via IngressRoute shop /api",
        "web/src/api.js:3 POST /models/score -> ml linked ml/main.py:6 via IngressRoute shop /models",
    ]
    result = run_cli("check", str(root), "--select", "SC105", "--no-cache")
    assert result.output.splitlines()[0] == (
        "deploy/k8s/ingress.yaml:16:1: SC105 IngressRoute shop /models makes internal "
        "service 'ml' reachable from outside; only edge services may face the public"
    )


def test_a_traefik_rule_that_asks_more_than_host_and_path_makes_calls_unsure(
    repo: RepoFactory,
) -> None:
    rule = "Host(`shop.example.com`) && PathPrefix(`/api`) && Headers(`X-Tenant`, `acme`)"
    manifest = INGRESS_ROUTE.replace(
        "Host(`shop.example.com`) && PathPrefix(`/api`)", rule
    ).replace("      middlewares:\n        - name: strip-api\n", "")
    root = _repo(repo, manifest)
    assert [line.split(" via ")[0] for line in links(root)][:2] == [
        "web/src/api.js:1 POST /api/predict -> gateway unsure -",
        "web/src/api.js:2 POST /api/predcit -> gateway unsure -",
    ]


def test_calls_go_through_an_openshift_route_and_its_rewrite_target(repo: RepoFactory) -> None:
    root = _repo(repo, ROUTES)
    # The router replaces /api with /: /api/predict reaches the gateway as /predict.
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via Route gateway /api",
        "web/src/api.js:2 POST /predcit -> gateway broken - via Route gateway /api",
    ]


VIRTUAL_SERVICES = """\
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/public-gateway]
  http:
    - match:
        - uri: {prefix: /api/}
      rewrite: {uri: /}
      route:
        - destination: {host: gateway-svc.shop.svc.cluster.local, port: {number: 8080}}
    - match:
        - uri: {prefix: /models}
          headers: {x-beta: {exact: "1"}}
      route:
        - destination: {host: ml-svc}
    - route:
        - destination: {host: web-svc}
---
# Inside the mesh only: shapes the gateway's own calls, not the public's way in.
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: ml-internal
spec:
  hosts: [ml-svc]
  http:
    - match: [{uri: {prefix: /}}]
      route: [{destination: {host: ml-svc}}]
"""


def test_calls_go_through_an_istio_virtual_service_bound_to_a_gateway(
    repo: RepoFactory,
) -> None:
    root = _repo(repo, VIRTUAL_SERVICES)
    # Before: VirtualServices were not read; every relative call was SC107.
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via VirtualService shop /api/",
        "web/src/api.js:2 POST /predcit -> gateway broken - via VirtualService shop /api/",
        # Matched on a header too: the browser's request may not be taken by this route.
        "web/src/api.js:3 POST /models/score -> ml unsure - via VirtualService shop /models",
    ]
    result = run_cli("check", str(root), "--select", "SC105", "--no-cache")
    assert result.output.splitlines()[0] == (
        "deploy/k8s/ingress.yaml:16:1: SC105 VirtualService shop /models makes internal "
        "service 'ml' reachable from outside; only edge services may face the public"
    )
    assert "ml-internal" not in result.output


def test_a_traefik_path_regexp_is_a_regular_expression_not_every_path(repo: RepoFactory) -> None:
    # Listed first, a route of Traefik 3's PathRegexp, whose expression holds parentheses.
    regexp = """\
    - match: Host(`shop.example.com`) && PathRegexp(`^/models/(score|rank)$`)
      kind: Rule
      services:
        - name: ml-svc
          port: 8000
"""
    manifest = INGRESS_ROUTE.replace("  routes:\n", "  routes:\n" + regexp)
    root = _repo(repo, manifest + STRIP_API)
    # Before: the matcher was not seen, the route read as taking every path of the host:
    # the host was taken to send the app's page to the model service, and every call was
    # SC107 (listed after the front end's route, each call not under /api went to ml).
    assert links(root) == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via IngressRoute shop /api",
        "web/src/api.js:2 POST /predcit -> gateway broken - via IngressRoute shop /api",
        "web/src/api.js:3 POST /models/score -> ml linked ml/main.py:6 "
        "via IngressRoute shop ^/models/(score|rank)$",
    ]


def test_a_traefik_2_path_with_variables_is_the_expression_they_make(repo: RepoFactory) -> None:
    manifest = INGRESS_ROUTE.replace("PathPrefix(`/models`)", "PathPrefix(`/models/{name:[a-z]+}`)")
    root = _repo(repo, manifest + STRIP_API)
    # Before: read as the literal prefix /models/{name:[a-z]+}, which no call starts with.
    assert links(root)[2] == (
        "web/src/api.js:3 POST /models/score -> ml linked ml/main.py:6 "
        "via IngressRoute shop ^/models/(?:[a-z]+)"
    )


# Two Istio ingress gateways, each with its own load balancer: the public one serves the
# shop; the internal one, the operators' tools, whose /api/ is the model service. Their
# VirtualServices take any host (`*`): each, whatever its own gateway's address receives.
TWO_GATEWAYS = """\
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: tools
  namespace: ops
spec:
  hosts: ["*"]
  gateways: [istio-system/internal-gateway]
  http:
    - match: [{uri: {prefix: /api/}}]
      route: [{destination: {host: ml-svc.shop.svc.cluster.local}}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: shop
  namespace: istio-system
spec:
  hosts: ["*"]
  gateways: [public-gateway]
  http:
    - match: [{uri: {prefix: /api/}}]
      rewrite: {uri: /}
      route: [{destination: {host: gateway-svc.shop.svc.cluster.local}}]
    - route: [{destination: {host: web-svc.shop.svc.cluster.local}}]
"""


def test_virtual_services_for_any_host_of_two_gateways_are_two_sites(repo: RepoFactory) -> None:
    root = _repo(repo, TWO_GATEWAYS)
    # Before: both were taken to serve one host, and the internal gateway's /api/ (first in
    # the file) took the shop's calls: a false SC104 'ml serves no such route' on the
    # correct call /api/predict.
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via VirtualService shop /api/",
        "web/src/api.js:2 POST /predcit -> gateway broken - via VirtualService shop /api/",
    ]
    result = run_cli("check", str(root), "--select", "SC104", "--no-cache")
    assert result.output.splitlines()[0] == (
        "web/src/api.js:2:27: SC104 POST /predcit reaches 'gateway' through VirtualService "
        "shop /api/ (deploy/k8s/ingress.yaml:22), which serves no such route; did you mean "
        "POST /predict (gateway/server.js:3)?"
    )


# Routes without `host`: the router makes one of each Route's name and namespace
# (tools-ops.apps.example.com), or of the `subdomain` the shop's two Routes share
# (shop.apps.example.com): the operators' /api is the model service, on a host of its own.
HOSTLESS_ROUTES = """\
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: tools
  namespace: ops
spec:
  path: /api
  to: {kind: Service, name: ml-svc}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: gateway
  namespace: shop
  annotations:
    haproxy.router.openshift.io/rewrite-target: /
spec:
  subdomain: shop
  path: /api
  to: {kind: Service, name: gateway-svc}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
  namespace: shop
spec:
  subdomain: shop
  to: {kind: Service, name: web-svc}
"""


def test_routes_without_a_host_each_serve_the_host_the_router_makes(repo: RepoFactory) -> None:
    root = _repo(repo, HOSTLESS_ROUTES)
    # Before: all three were taken to serve one host, and the tools Route's /api (first in
    # the file) took the shop's calls: a false SC104 'ml serves no such route' on the
    # correct call /api/predict.
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via Route gateway /api",
        "web/src/api.js:2 POST /predcit -> gateway broken - via Route gateway /api",
    ]
    # Without its subdomain, the shop's page is on a host of its own, whose every path goes
    # to the page's own service: no Route takes the app's calls (SC107, never an SC104).
    alone = HOSTLESS_ROUTES.replace(
        "  subdomain: shop\n  to: {kind: Service, name: web", "  to: {kind: Service, name: web"
    )
    root = _repo(repo, alone)
    assert links(root) == []
    assert [p.split(": ", 1)[0] for p in problems(root)] == [
        "web/src/api.js:1 /api/predict",
        "web/src/api.js:2 /api/predcit",
        "web/src/api.js:3 /models/score",
    ]


# Traefik with two entry points: the public `websecure` serves the shop; `internal`, reached
# inside the company network only, the operators' tools, whose /api is the model service.
# Neither names a host: each rule takes any host its entry points receive.
TWO_ENTRY_POINTS = """\
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: tools, namespace: ops}
spec:
  entryPoints: [internal]
  routes:
    - match: PathPrefix(`/api`)
      kind: Rule
      services: [{name: ml-svc, port: 8000}]
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: shop, namespace: shop}
spec:
  entryPoints: [websecure]
  routes:
    - match: PathPrefix(`/api`)
      kind: Rule
      services: [{name: gateway-svc, port: 8080}]
      middlewares: [{name: strip-api}]
    - match: PathPrefix(`/`)
      kind: Rule
      services: [{name: web-svc, port: 80}]
"""


def test_traefik_rules_without_a_host_of_two_entry_points_are_two_sites(
    repo: RepoFactory,
) -> None:
    root = _repo(repo, TWO_ENTRY_POINTS + STRIP_API)
    # Before: both were taken to serve one host, and the tools' /api (first in the file)
    # took the shop's calls: a false SC104 'ml serves no such route' on a correct call.
    assert links(root)[:2] == [
        "web/src/api.js:1 POST /predict -> gateway linked gateway/server.js:3 "
        "via IngressRoute shop /api",
        "web/src/api.js:2 POST /predcit -> gateway broken - via IngressRoute shop /api",
    ]
