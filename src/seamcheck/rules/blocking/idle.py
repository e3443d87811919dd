"""Sync calls that run nothing blocking: a Python function whose first statement returns when a
parameter is falsy (`if not path: return False`, `Definition.falsy_exits`), called with None,
False, "" or 0 written there, or with that argument left to such a default. So is a function
that blocks only by handing its own parameter on to such a one (`create_route(favicon)`
calling `is_file(favicon)`), holding no blocking call itself.

nicegui's `page('')` leaves `favicon` to its default None, which `page.__init__` hands to
`create_favicon_route` and that to `is_file`, which returns before `Path().is_file()`: six
error pages and property reads reported as reaching it were SC202s that could not happen.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from seamcheck.facts import Arg, Call, Definition
from seamcheck.rules.blocking.reach import Edge

# Arguments Python reads as false, as the extractor writes them.
_FALSY = frozenset({("other", "None"), ("other", "False"), ("str", ""), ("num", "0")})


def idle_edges(
    edges: Sequence[Edge], holders: Collection[str], definitions: Mapping[str, Definition]
) -> set[Edge]:
    """The edges whose callee returns at once, given the falsy argument the call passes."""
    idle = _idle_parameters(edges, holders, definitions)
    if not idle:
        return set()
    # Binding arguments to parameters is most of the cost: only for calls of idle functions.
    callees = {node for node, _ in idle}
    return {
        edge
        for edge in edges
        if edge.callee in callees
        and any(
            (edge.callee, name) in idle and _falsy(arg)
            for name, arg in _bound(edge, definitions.get(edge.callee))
        )
    }


def _idle_parameters(
    edges: Sequence[Edge], holders: Collection[str], definitions: Mapping[str, Definition]
) -> set[tuple[str, str]]:
    """(function, parameter) pairs where a falsy value makes the function block nowhere: its
    own guard, or, to a fixed point, every edge out of it towards a blocking call handing
    the parameter on to an idle one, when it holds no blocking call itself."""
    idle = {
        (node, name)
        for node, d in definitions.items()
        if d.falsy_exits and _is_python(node)
        for name in d.falsy_exits
        if name in _parameter_names(d)
    }
    if not idle:
        return idle
    blocking = _reaching(edges, holders)
    outgoing: dict[str, list[Edge]] = {}
    for edge in edges:
        if edge.callee in blocking:
            outgoing.setdefault(edge.caller, []).append(edge)
    changed = True
    while changed:
        changed = False
        for node, out in outgoing.items():
            definition = definitions.get(node)
            if definition is None or node in holders or not _is_python(node):
                continue
            for name in _parameter_names(definition):
                if (node, name) not in idle and all(
                    _hands_on(e, name, idle, definitions) for e in out
                ):
                    idle.add((node, name))
                    changed = True
    return idle


def _hands_on(
    edge: Edge, name: str, idle: set[tuple[str, str]], definitions: Mapping[str, Definition]
) -> bool:
    """Whether `edge` gives parameter `name`, as is, to a parameter of an idle pair."""
    return any(
        arg.kind == "name" and arg.value == name and (edge.callee, param) in idle
        for param, arg in _bound(edge, definitions.get(edge.callee))
    )


def _reaching(edges: Sequence[Edge], holders: Collection[str]) -> set[str]:
    """Functions from which some blocking call is reached, by any chain of sync calls."""
    callers: dict[str, list[str]] = {}
    for edge in edges:
        callers.setdefault(edge.callee, []).append(edge.caller)
    found = set(holders)
    stack = list(found)
    while stack:
        for caller in callers.get(stack.pop(), ()):
            if caller not in found:
                found.add(caller)
                stack.append(caller)
    return found


def _bound(edge: Edge, definition: Definition | None) -> Iterable[tuple[str, Arg]]:
    """Each parameter of the callee the call fills, with the argument filling it (its
    default where the call leaves it out); nothing when that is not sure: a callback
    handed on, a property read, `*args`/`**kwargs` spread into the call, an argument past
    the positional parameters."""
    call = edge.call
    if definition is None or edge.passed or call.getter:
        return ()
    if any(a.kind == "other" and a.value in ("*", "**") for a in call.args):
        return ()
    skipped = _receiver_count(call, definition)
    if skipped is None:
        return ()
    params = list(definition.params[skipped:])
    given: dict[str, Arg] = {}
    positional = [a for a in call.args if a.keyword is None]
    for index, arg in enumerate(positional):
        if index >= len(params) or not params[index] or params[index][0] in "*/":
            return ()
        given[params[index].removesuffix("=")] = arg
    for arg in call.args:
        if arg.keyword is not None:
            given[arg.keyword] = arg
    for default in definition.defaults:
        if default.keyword is not None:
            given.setdefault(default.keyword, default)
    return given.items()


def _receiver_count(call: Call, definition: Definition) -> int | None:
    """How many leading parameters the call fills without an argument: a method's `self`
    or `cls`, none of a static method's; None when not sure, a method called on a name
    spelt as its class (`Base.method(self, x)`, or an instance so named)."""
    if definition.kind != "method" or "staticmethod" in definition.decorators:
        return 0
    if "classmethod" in definition.decorators:
        return 1
    owner = definition.qualname.rsplit(".", 2)[-2]
    return None if call.callee.rsplit(".", 2)[-2:-1] == [owner] else 1


def _falsy(arg: Arg) -> bool:
    return not arg.pieces and not arg.items and (arg.kind, arg.value) in _FALSY


def _parameter_names(definition: Definition) -> Iterable[str]:
    return (p.removesuffix("=") for p in definition.params if p and p[0] not in "*/")


def _is_python(node: str) -> bool:
    return node.split("::", 1)[0].endswith((".py", ".pyi"))
