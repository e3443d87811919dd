"""SC103 — request edge outside allowed services.

## What it does
Finds the services that serve HTTP to the outside world — tagged `edge`, using an HTTP
server framework (the `http-server` catalog) with a port published in a compose file, or
called by a browser front end — and reports each one the edge policy (`[edge] allow = {...}`)
does not allow, once per service. (SC105 reports each way in, a browser app's proxy or a
public route, that bypasses the edge.) The hybrid-ai pack
allows the request edge only in Node.js services. A Python model service that serves HTTP to
internal callers only (compose `expose`, no `ports`) is the intended shape and is not
reported.

## Why is this bad?
The public edge handles many slow, concurrent, mostly I/O-bound connections: authentication,
fan-out, streaming, websockets. Node.js's event loop is built for that; a Python model
service is built to spend CPU on inference. Publishing the model service directly puts
untrusted traffic, retries and timeouts on the process that should only run models, and lets
clients bypass the gateway's auth, rate limits and caching.

## Example
```yaml
# docker-compose.yml
  ml:
    build: ./services/ml-service   # FastAPI
    ports:
      - "8000:8000"                # published to the world
```

## Use instead
```yaml
  ml:
    build: ./services/ml-service
    expose:
      - "8000"                     # reachable by the gateway only
  gateway:
    build: ./services/gateway      # Express: the public edge
    ports:
      - "8080:8080"
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.catalogs import dependency_categories
from seamcheck.findings import Finding, fingerprint
from seamcheck.project import compose_folder
from seamcheck.rules import Rule
from seamcheck.rules.edgeindex import external_import_categories, import_edges, node_attributes

if TYPE_CHECKING:
    from seamcheck.project import Service
    from seamcheck.rules.context import RuleContext

SERVER_CATEGORY = "http-server"


def server_libraries(context: RuleContext, service: Service) -> list[str]:
    """The HTTP server libraries a service declares or imports."""
    return sorted(context.view("server-libraries", _server_libraries).get(service.name, ()))


def _server_libraries(context: RuleContext) -> dict[str, set[str]]:
    """Per service, in one pass over the import edges: the catalogued server libraries."""
    catalogs = context.config.catalogs
    found: dict[str, set[str]] = {}
    if SERVER_CATEGORY not in catalogs:
        return found

    def add(service: str, categories: list[tuple[str, str]]) -> None:
        names = {name for category, name in categories if category == SERVER_CATEGORY}
        if names:
            found.setdefault(service, set()).update(names)

    for service in context.project.services:
        for dependency in service.dependencies:
            add(service.name, dependency_categories(catalogs, service.runtime, dependency))
    nodes = node_attributes(context)
    for importer, imported, edge in import_edges(context):
        target = nodes[imported]
        if target.get("kind") != "external":
            continue
        categories = external_import_categories(context, target, edge)
        add(str(nodes[importer]["service"]), categories)
    return found


def may_face_the_public(context: RuleContext, service: Service) -> bool:
    """The edge policy's verdict; without one, Node.js services and services tagged `edge`."""
    policy = context.config.edge
    if policy is None:
        return service.runtime == "node" or "edge" in service.tags
    return policy.allow.matches(service)


def check(context: RuleContext) -> Iterator[Finding]:
    policy = context.config.edge
    if policy is None:
        return
    for service in context.project.services:
        if policy.allow.matches(service):
            continue
        evidence = _edge_evidence(context, service)
        if evidence is None:
            continue
        path, line, column, why = evidence
        yield Finding(
            code="SC103",
            severity="error",
            message=(
                f"service '{service.name}' ({service.language}) serves HTTP to the outside: "
                f"{why}; policy '{policy.policy}' allows the request edge only in "
                f"{policy.allow.describe()}"
            ),
            path=path,
            line=line,
            column=column,
            end_line=line,
            end_column=column,
            service=service.name,
            fingerprint=fingerprint("SC103", service.name),
        )


def _edge_evidence(context: RuleContext, service: Service) -> tuple[str, int, int, str] | None:
    """Where and why the service is on the public edge, or None when it is not."""
    if "edge" in service.tags:
        path, line = _tag_place(context, service) or (service.manifest, 1)
        return (
            (path or service.manifest or service.root).split(" [", 1)[0],
            line,
            1,
            "it is tagged 'edge'",
        )
    servers = server_libraries(context, service)
    if not servers:
        return None
    roots = {s.root for s in context.project.services}
    for compose in context.project.compose:
        if compose_folder(compose, roots) == service.root and compose.published_ports:
            ports = ", ".join(repr(p) for p in compose.published_ports)
            why = (
                f"it runs {', '.join(servers)} and compose service '{compose.name}' publishes "
                f"port {ports} in {compose.file}"
            )
            line, column = next(
                (at for at in (compose.ports_at, compose.declared_at) if at[0]), (1, 1)
            )
            return compose.file, line, column, why
    return _browser_evidence(context, service)


def _browser_evidence(context: RuleContext, service: Service) -> tuple[str, int, int, str] | None:
    """The first call from a browser front end that lands on the service, if any: the API a
    browser calls is the public edge, whatever the deployment files say."""
    browsers = {s.name for s in context.project.services if "browser" in s.tags}
    for call in sorted(context.seams.calls, key=lambda c: (c.where.path, c.where.line)):
        if call.service not in browsers:
            continue
        for link in call.links:
            if link.service == service.name:
                via = f" through {link.via}" if link.via else ""
                why = (
                    f"browser app '{call.service}' calls it{via} "
                    f"({link.method or 'any'} {link.path})"
                )
                return call.where.path, call.where.line, call.where.column, why
    return None


def _tag_place(context: RuleContext, service: Service) -> tuple[str, int] | None:
    """The config file and line that tag the service 'edge' (the user's file, or one its
    `extends` reads; line 1 when the line is not found); None when the tag comes from the
    service's own manifest."""
    if context.config.file is None:
        return None
    for declared in context.config.services:
        if declared.name == service.name and "edge" in declared.tags:
            return declared.tags_file or context.config.file, max(declared.tags_line, 1)
    return None


RULE = Rule(
    code="SC103",
    name="request-edge",
    severity="error",
    summary="Request edge outside allowed services",
    doc=__doc__ or "",
    check=check,
)
