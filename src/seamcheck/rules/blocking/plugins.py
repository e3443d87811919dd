"""pluggy's hook calls: `pm.hook.register_facet_classes()` runs, before it returns, every
function a plugin implements that hook with, on the caller's thread. Those implementations
are the functions marked with a `pluggy.HookimplMarker` (`hookimpl = HookimplMarker("app")`,
then `@hookimpl` or `@hookimpl(tryfirst=True)`), named by the hook or by the decorator's
`specname`. Plugins are registered at run time (`pm.register(module)`, setuptools entry
points), so every marked function of the project is taken as registered, test code aside:
a test's plugin is not the deployed service's."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from seamcheck.facts import Call, Definition
from seamcheck.project import is_test_file
from seamcheck.resolve.model import Resolution
from seamcheck.rules.blocking.reach import Edge

_MARKER = "pluggy.HookimplMarker()"
# `pm.hook.name(...)`, `pm.hook.name.call_historic(...)`, `.call_extra(...)`: each calls the
# implementations in turn. A project's subclass of PluginManager resolves to the library's.
_HOOK_CALL = re.compile(
    r"pluggy\.PluginManager\(\)\.hook\.([A-Za-z_]\w*)(?:\.(?:call_historic|call_extra))?"
)


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
        called = _HOOK_CALL.fullmatch(resolved.qualname)
        if called is None:
            continue
        caller = node_of(resolved.path, resolved.call)
        edges.extend(
            Edge(caller, target, resolved.call)
            for target in implementations.get(called.group(1), ())
        )
    return edges


def _implementations(
    resolution: Resolution, definitions: Mapping[str, Definition]
) -> dict[str, list[str]]:
    """Hook name -> the function nodes implementing it, in node order."""
    specnames = {
        (r.path, r.call.decorates): name
        for r in resolution.calls
        if r.call.decorates and r.qualname == _MARKER
        for name in _specname(r.call)
    }
    found: dict[str, list[str]] = {}
    for node, named in sorted(resolution.decorators.items()):
        path, _, qualname = node.partition("::")
        if _MARKER not in named or node not in definitions or is_test_file(path):
            continue
        hook = specnames.get((path, qualname), qualname.rsplit(".", 1)[-1])
        found.setdefault(hook, []).append(node)
    return found


def _specname(call: Call) -> list[str]:
    """The hook `@hookimpl(specname="filters_from_request")` names, if it names one."""
    return [a.value for a in call.args if a.keyword == "specname" and a.kind == "str"]
