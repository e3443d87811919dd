"""The graph stage: one networkx MultiDiGraph of services, modules, functions and packages.

Node ids and edge kinds are a public interface, documented in docs/graph.md.
"""

from __future__ import annotations

import sys
from typing import Any

import networkx as nx

from seamcheck.facts import MODULE_SCOPE
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution

# Calls to builtins reach no imported package node, so theirs is made here.
_BUILTIN_ORIGIN = {"ext:python:builtins": "stdlib", "ext:js:globals": "builtin"}
# Reasons that only say "this is a local value": counted, not listed, to keep the graph small.
# An attribute of a first-party function (`task.delay()`, `f.cache_clear()`) is listed: it
# names the function.
_LOCAL_REASONS = ("is a parameter", "result of", "holds a")


def service_id(name: str) -> str:
    return f"service:{name}"


def function_id(path: str, qualname: str) -> str:
    return f"{path}::{qualname}"


def build_graph(project: Project, resolution: Resolution, *, calls: bool = True) -> nx.MultiDiGraph:
    """The graph of docs/graph.md, without seams (`seams.graph.add_seams` adds them).

    With `calls=False` it is the graph the rules read: services, modules and packages with
    their `contains` and `imports` edges, in the same order as in the whole graph, and no
    function nodes, no edge that ends at one and no unresolved list. The rules read modules,
    packages and imports only (the blocking rule follows the resolved calls themselves), and
    call edges are nine in ten of all edges: leaving them out took a 20k-file run's peak RSS
    from 2.15 GB to 1.69 GB; leaving out the functions too, from 1467 to 1226 MiB (the
    function nodes and their `contains` edges were half of what remained of the graph).
    """
    graph = nx.MultiDiGraph()
    for service in project.services:
        graph.add_node(
            service_id(service.name),
            kind="service",
            name=service.name,
            language=service.language,
            runtime=service.runtime,
            root=service.root,
            tags=list(service.tags),
        )
    service_of = {f.path: f.service for f in project.files}
    for path in sorted(resolution.facts):
        facts = resolution.facts[path]
        owner = service_of[path]
        graph.add_node(
            path,
            kind="module",
            service=owner,
            language=facts.language,
            name=resolution.python_names.get(path, path),
        )
        graph.add_edge(service_id(owner), path, kind="contains")
        if calls:
            _add_functions(graph, path, owner, facts.definitions)

    unresolved: list[dict[str, Any]] = []
    # Written by `add_edges` once all are known (gen-10000: 99k import edges, 0.1 s CPU
    # less than `add_edge` each).
    import_edges: list[tuple[str, str, dict[str, Any]]] = []
    for resolved in resolution.imports:
        imp = resolved.imp
        for target in resolved.targets:
            if target.kind == "module":
                node = target.path
                if node not in graph:  # made here, where `add_edge` would have made it
                    graph.add_node(node)
            elif target.kind == "external":
                node = target.package
                _add_external(graph, node, target.origin)
            elif target.kind == "unresolved":
                unresolved.append(
                    _unresolved(resolved.path, imp.span.line, "import", imp.module, target.reason)
                )
                continue
            else:
                continue  # namespace packages and assets have no module node
            import_edges.append(
                (
                    resolved.path,
                    node,
                    {
                        "kind": "imports",
                        "line": imp.span.line,
                        "column": imp.span.column,
                        "import_kind": imp.kind,
                        "specifier": imp.module,
                        "names": [n.name for n in imp.names],
                    },
                )
            )
    add_edges(graph, import_edges)
    if not calls:
        return graph

    local_unresolved = 0
    call_edges: list[tuple[str, str, dict[str, Any]]] = []
    # Whether a reason only says "a local value", per reason: calls share few reasons.
    is_local: dict[str, bool] = {}
    for call in resolution.calls:
        if call.kind == "unresolved":
            local = is_local.get(call.reason)
            if local is None:
                local = is_local[call.reason] = any(r in call.reason for r in _LOCAL_REASONS)
            if local:
                local_unresolved += 1
            else:
                unresolved.append(
                    _unresolved(call.path, call.call.line, "call", call.call.callee, call.reason)
                )
            continue
        # One string per caller, not per call: networkx keeps the source id of every
        # distinct (caller, callee) pair as a key of the callee's predecessor dict.
        caller = sys.intern(function_id(call.path, call.call.scope))
        if call.kind == "builtin" and call.target not in graph:
            _add_external(graph, call.target, _BUILTIN_ORIGIN[call.target])
        made = call.call
        call_edges.append(
            (
                caller,
                call.target,
                {
                    "kind": "calls",
                    "line": made.line,
                    "column": made.column,
                    "awaited": made.awaited,
                    "qualname": call.qualname,
                },
            )
        )
    add_edges(graph, call_edges)
    graph.graph["unresolved"] = sorted(
        unresolved, key=lambda u: (u["path"], u["line"], u["kind"], u["specifier"])
    )
    graph.graph["unresolved_local_calls"] = local_unresolved
    return graph


def add_edges(graph: nx.MultiDiGraph, edges: list[tuple[str, str, dict[str, Any]]]) -> None:
    """`graph.add_edge(u, v, **data)` for each edge, in order, with the same result (nodes,
    keys, attribute dicts) but without its per-call overhead: call edges are most of the
    graph (91k of 100k edges on a 1k-file tree) and `add_edge` was half the graph stage.
    It writes networkx's adjacency dicts directly, so it takes a plain MultiDiGraph only;
    `tests/test_graph_build.py` checks it against `add_edge`."""
    if type(graph) is not nx.MultiDiGraph:
        for source, target, data in edges:
            graph.add_edge(source, target, **data)
        return
    succ, pred, nodes = graph._succ, graph._pred, graph._node
    for source, target, data in edges:
        for node in (source, target):
            if node not in succ:
                succ[node] = {}
                pred[node] = {}
                nodes[node] = {}
        keydict = succ[source].get(target)
        if keydict is None:
            # One key dict shared by both directions, as add_edge does.
            succ[source][target] = pred[target][source] = {0: data}
        else:
            key = len(keydict)  # MultiGraph.new_edge_key
            while key in keydict:
                key += 1
            keydict[key] = data
    clear_cache = getattr(nx, "_clear_cache", None)  # networkx >= 3.3 caches conversions
    if clear_cache is not None:
        clear_cache(graph)


def _add_functions(graph: nx.MultiDiGraph, path: str, service: str, definitions: Any) -> None:
    module_scope = function_id(path, MODULE_SCOPE)
    graph.add_node(
        module_scope,
        kind="function",
        service=service,
        path=path,
        qualname=MODULE_SCOPE,
        def_kind="module",
        is_async=False,
        line=1,
    )
    graph.add_edge(path, module_scope, kind="contains")
    known = {d.qualname for d in definitions}
    for definition in definitions:
        node = function_id(path, definition.qualname)
        graph.add_node(
            node,
            kind="function",
            service=service,
            path=path,
            qualname=definition.qualname,
            def_kind=definition.kind,
            is_async=definition.is_async,
            line=definition.span.line,
        )
        parent = definition.qualname.rpartition(".")[0]
        while parent and parent not in known:
            parent = parent.rpartition(".")[0]
        graph.add_edge(function_id(path, parent) if parent else path, node, kind="contains")


def _add_external(graph: nx.MultiDiGraph, node: str, origin: str) -> None:
    """An external package node; its origin was decided by the resolver."""
    if node in graph:
        return
    _, ecosystem, package = node.split(":", 2)
    package = package.removeprefix("node:")
    graph.add_node(node, kind="external", ecosystem=ecosystem, package=package, origin=origin)


def _unresolved(path: str, line: int, kind: str, specifier: str, reason: str) -> dict[str, Any]:
    return {"path": path, "line": line, "kind": kind, "specifier": specifier, "reason": reason}


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(graph, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["edges"] = sorted(
        data["edges"],
        key=lambda e: (e["source"], e["target"], e["kind"], e.get("line", 0), e.get("column", 0)),
    )
    return data
