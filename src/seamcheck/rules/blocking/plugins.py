"""pluggy's hook calls: `pm.hook.register_facet_classes()` runs, before it returns, every
function a plugin implements that hook with, on the caller's thread. Those implementations
are the functions marked with a `pluggy.HookimplMarker` (`hookimpl = HookimplMarker("app")`,
then `@hookimpl` or `@hookimpl(tryfirst=True)`), named by the hook or by the decorator's
`specname`. Plugins are registered at run time (`pm.register(module)`, setuptools entry
points), so every marked function of the project is taken as registered, test code aside:
a test's plugin is not the deployed service's; but a manager registers only what a marker
of its own project marked (`PluginManager("other")` none of `HookimplMarker("app")`'s),
where both project names are known (`resolve/pluggy.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from seamcheck.facts import Call, Definition
from seamcheck.project import is_test_file
from seamcheck.resolve.model import Resolution
from seamcheck.resolve.pluggy import HOOK_CALL, HOOKIMPL_MARKER
from seamcheck.rules.blocking.reach import Edge


def hook_edges(
    resolution: Resolution,
    definitions: Mapping[str, Definition],
    node_of: Callable[[str, Call], str],
) -> list[Edge]:
    """An edge from each function calling a pluggy hook to each implementation of it."""
    implementations = _implementations(resolution, definitions)
    if not implementations:
        return []
    edges: list[Edge] = []
    for resolved in resolution.calls:
        if resolved.kind != "external" or resolved.call.awaited:
            continue
        called = HOOK_CALL.fullmatch(resolved.qualname)
        if called is None:
            continue
        span = resolved.call.span
        project = resolution.hook_call_projects.get((resolved.path, span.line, span.column), "")
        caller = node_of(resolved.path, resolved.call)
        edges.extend(
            Edge(caller, target, resolved.call)
            for target, marked_for in implementations.get(called.group(1), ())
            if not project or not marked_for or marked_for == project
        )
    return edges


def _implementations(
    resolution: Resolution, definitions: Mapping[str, Definition]
) -> dict[str, list[tuple[str, str]]]:
    """Hook name -> the function nodes implementing it, in node order, each with the project
    its marker was made for ("" when not known)."""
    marked = [
        node
        for node, named in sorted(resolution.decorators.items())
        if HOOKIMPL_MARKER in named and node in definitions
    ]
    if not marked:  # most projects: no pluggy, and no pass over every call for `specname`
        return {}
    specnames = {
        (r.path, r.call.decorates): name
        for r in resolution.calls
        if r.qualname == HOOKIMPL_MARKER and r.call.decorates
        for name in _specname(r.call)
    }
    found: dict[str, list[tuple[str, str]]] = {}
    for node in marked:
        path, _, qualname = node.partition("::")
        if is_test_file(path):
            continue
        hook = specnames.get((path, qualname), qualname.rsplit(".", 1)[-1])
        found.setdefault(hook, []).append((node, resolution.hookimpl_projects.get(node, "")))
    return found


def _specname(call: Call) -> list[str]:
    """The hook `@hookimpl(specname="filters_from_request")` names, if it names one."""
    return [a.value for a in call.args if a.keyword == "specname" and a.kind == "str"]
