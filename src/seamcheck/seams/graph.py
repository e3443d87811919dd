"""The seams in the graph: route nodes, `serves` and `requests` edges, and the service graph
as their projection (one edge per caller -> target service, listing its seams)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from seamcheck.seams.model import ClientCall, Link, Route, SeamMap


def add_seams(graph: nx.MultiDiGraph, seams: SeamMap) -> None:
    """Route nodes (`route:SERVICE:METHOD /path`), `contains` service -> route, `serves`
    route -> handler function, `requests` calling function -> route."""
    for route in seams.routes:
        _add_route(graph, route)
        if route.handler and route.handler in graph:
            graph.add_edge(route.node_id, route.handler, kind="serves", line=route.where.line)
    for call, link in seams.linked():
        assert link.route is not None
        if call.caller not in graph:
            continue
        _add_route(graph, link.route)  # one the framework serves on its own (`/docs`)
        graph.add_edge(call.caller, link.route.node_id, **_request_attributes(call, link))


def _add_route(graph: nx.MultiDiGraph, route: Route) -> None:
    if route.node_id in graph:
        return
    graph.add_node(
        route.node_id,
        kind="route",
        service=route.service,
        method=route.method,
        path=route.path,
        framework=route.framework,
        file=route.where.path,
        line=route.where.line,
    )
    graph.add_edge(f"service:{route.service}", route.node_id, kind="contains")


def _request_attributes(call: ClientCall, link: Link) -> dict[str, Any]:
    return {
        "kind": "requests",
        "client": call.client,
        "path": call.where.path,
        "line": call.where.line,
        "column": call.where.column,
        "method": call.method,
        "url": call.url,
        "via": link.via,
    }


def seam_record(call: ClientCall, link: Link) -> dict[str, Any]:
    """One seam as plain data (the JSON of `seamcheck seams` and the service graph)."""
    return {
        "caller": {"path": call.where.path, "line": call.where.line, "service": call.service},
        "client": call.client,
        "method": link.method or call.method,
        "url": call.url,
        "target": link.service,
        "path": link.path,
        "status": link.status,
        "via": link.via,
        "via_location": str(link.via_where) if link.via_where else "",
        "how": link.how,
        "route": (
            {
                "id": link.route.node_id,
                "path": link.route.where.path,
                "line": link.route.where.line,
                "handler": link.route.handler,
                # why its prefix is only the code's default ("" when known as written)
                "prefix_note": link.route.prefix_note,
            }
            if link.route
            else None
        ),
        "suggestions": [r.label for r in link.suggestions],
        "unread": [r.label for r in link.unread],
        # broken: the call's port, on which the target listens not (`listens_on` it does)
        "wrong_port": (
            {"port": link.wrong_port.port, "listens_on": list(link.wrong_port.ports)}
            if link.wrong_port is not None
            else None
        ),
        # A call made through wrapper functions: the calls it goes through, the client's last.
        "through": [str(w) for w in call.through],
    }


def service_graph(seams: SeamMap) -> nx.DiGraph:
    """Caller service -> target service, each edge with `seams`: its calls, in order."""
    projected = nx.DiGraph()
    for (source, target), pairs in sorted(seams.service_edges().items()):
        projected.add_edge(source, target, seams=[seam_record(c, link) for c, link in pairs])
    return projected
