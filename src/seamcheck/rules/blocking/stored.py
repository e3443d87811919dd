"""Callbacks a Python object keeps to call later: `__init__(self, ..., data_callback)` stores
`self.data_callback = data_callback`, and a method calls `self.data_callback()`. That call
runs, where the method runs, each function handed to the constructor for that parameter:
`JsonDataView(ds, "versions.json", self._versions)`, also through a class method that only
hands its arguments on to the class (`JsonDataView.as_view(ds, "versions.json",
self._versions)`, written `def as_view(cls, *args, **kwargs)`, as Flask's and Django's
views are made). The resolver names one target per call; these calls have as many as the
functions handed in, so they are edges of their own, as pluggy's hooks are."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from seamcheck.facts import Binding, Call, Definition
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall, ResolvedReference, ancestors
from seamcheck.rules.blocking.reach import Edge

_INIT = ".__init__"
# A class method with these parameters hands whatever it is given on to `cls(...)`.
_FORWARDING = ("cls", "*", "**")


@dataclass(frozen=True, slots=True)
class _Slot:
    """An attribute `__init__` of class `owner` sets from its parameter `param`, the
    `position`-th a caller fills."""

    owner: str
    attribute: str
    param: str
    position: int


def stored_callback_edges(
    resolution: Resolution,
    definitions: Mapping[str, Definition],
    node_of: Callable[[str, Call], str],
) -> list[Edge]:
    """An edge from each method calling a kept callback to each function handed in for it."""
    slots = _slots(resolution, definitions)
    if not slots:
        return []
    holders = _holders(resolution, definitions, slots, node_of)
    if not holders:
        return []
    by_call = {(r.path, id(r.call)): r for r in resolution.calls if r.kind == "function"}
    derived: dict[str, tuple[str, ...]] = {}  # class -> the classes deriving from it
    edges: list[Edge] = []
    for ref in resolution.references:
        resolved = by_call.get((ref.path, id(ref.call)))
        if ref.item >= 0 or resolved is None:
            continue
        for made in _constructed(resolved, definitions, resolution, derived):
            for slot in _filled(ref, made, slots, resolution):
                edges.extend(
                    Edge(caller, ref.target, call)
                    for cls, method, caller, call in holders.get((slot.owner, slot.attribute), ())
                    if _runs_on(made, cls, method, definitions, resolution)
                    and _accepts(call, definitions.get(ref.target))
                )
    return edges


def _runs_on(
    made: str,
    cls: str,
    method: str,
    definitions: Mapping[str, Definition],
    resolution: Resolution,
) -> bool:
    """Whether an instance of class `made` runs `cls`'s `method`: `cls` is `made` or one of
    its bases, and no class between them overrides the method."""
    if made == cls:
        return True
    bases = resolution.class_bases
    if cls not in ancestors(bases, made):
        return False
    return not any(
        f"{between}.{method}" in definitions
        for between in (made, *ancestors(bases, made))
        if between != cls and cls in ancestors(bases, between)
    )


def _accepts(call: Call, definition: Definition | None) -> bool:
    """Whether `call` may call the function `definition` without a TypeError: as many
    positional arguments as it takes (`self.data_callback(request)` is not a call of
    `def _versions(self)`, handed in where a callback without arguments goes)."""
    if definition is None:
        return False
    params = definition.params
    if definition.kind == "method" and "staticmethod" not in definition.decorators:
        params = params[1:]  # handed over bound, `self._versions`: its receiver is given
    if any(a.kind == "other" and a.value in ("*", "**") for a in call.args):
        return True
    given = sum(1 for a in call.args if a.keyword is None)
    positional = [p for p in params if p not in ("/", "**")]
    if "*" in positional:  # `*args` or a bare `*`: no limit known
        positional = positional[: positional.index("*")]
        return given >= sum(1 for p in positional if p and not p.endswith("="))
    required = sum(1 for p in positional if p and not p.endswith("="))
    return required <= given <= len(positional) or any(a.keyword for a in call.args)


def _slots(resolution: Resolution, definitions: Mapping[str, Definition]) -> dict[str, list[_Slot]]:
    """Class node -> the attributes its `__init__` sets from its parameters, as they are."""
    found: dict[str, list[_Slot]] = {}
    by_scope: dict[str, dict[str, list[Binding]]] = {}  # per file with an `__init__`
    for node, definition in definitions.items():
        if definition.kind != "method" or not node.endswith(_INIT):
            continue
        path, _, qualname = node.partition("::")
        scopes = by_scope.get(path)
        if scopes is None:
            scopes = by_scope[path] = {}
            for binding in resolution.facts[path].bindings:
                scopes.setdefault(binding.scope, []).append(binding)
        filled = [p.removesuffix("=") for p in definition.params[1:]]
        for binding in scopes.get(qualname, ()):
            target = binding.target
            if (
                binding.kind == "name"
                and target.startswith("self.")
                and target.count(".") == 1
                and binding.value in filled
            ):
                position = filled.index(binding.value)
                if "*" in filled[:position]:  # after `*args`: filled by keyword only
                    position = -1
                owner = node.removesuffix(_INIT)
                found.setdefault(owner, []).append(
                    _Slot(owner, target[5:], binding.value, position)
                )
    return found


def _holders(
    resolution: Resolution,
    definitions: Mapping[str, Definition],
    slots: Mapping[str, list[_Slot]],
    node_of: Callable[[str, Call], str],
) -> dict[tuple[str, str], list[tuple[str, str, str, Call]]]:
    """(class keeping a callback, attribute) -> (class, method, function, call) of each call
    of it made on `self` in a method of that class or of one deriving from it (or in a
    function nested in one), not awaited: an awaited one is an async callback, whose call
    only makes a coroutine."""
    kept = {(s.owner, s.attribute) for owned in slots.values() for s in owned}
    found: dict[tuple[str, str], list[tuple[str, str, str, Call]]] = {}
    for resolved in resolution.calls:
        call = resolved.call
        if resolved.kind != "unresolved" or call.awaited or not call.callee.startswith("self."):
            continue
        attribute = call.callee[5:]
        if "." in attribute or "(" in attribute:
            continue
        method_of = _method_of(resolved.path, call.scope, definitions)
        if method_of is None:
            continue
        cls, method = method_of
        for owner in (cls, *ancestors(resolution.class_bases, cls)):
            if (owner, attribute) in kept:
                caller = node_of(resolved.path, call)
                found.setdefault((owner, attribute), []).append((cls, method, caller, call))
                break
    return found


def _method_of(
    path: str, scope: str, definitions: Mapping[str, Definition]
) -> tuple[str, str] | None:
    """The class and the name of the method `scope` is, or a function nested in one, is."""
    parts = scope.split(".")
    for end in range(len(parts) - 1, 0, -1):
        node = f"{path}::{'.'.join(parts[:end])}"
        definition = definitions.get(node)
        if definition is not None and definition.kind == "class":
            method = definitions.get(f"{node}.{parts[end]}")
            return (node, parts[end]) if method is not None and method.kind == "method" else None
    return None


def _constructed(
    resolved: ResolvedCall,
    definitions: Mapping[str, Definition],
    resolution: Resolution,
    derived: dict[str, tuple[str, ...]],
) -> Iterator[str]:
    """The class a call makes an instance of: its own (`JsonDataView(...)`, resolved to its
    `__init__` or, without one, to the class), or the class a forwarding class method is
    called on (`JsonDataView.as_view(...)`, by the name it is written with)."""
    target = resolved.target
    definition = definitions.get(target)
    if definition is None:
        return
    if definition.kind == "class":
        yield target
    elif target.endswith(_INIT) and definition.kind == "method":
        yield target.removesuffix(_INIT)
    elif (
        definition.kind == "method"
        and "classmethod" in definition.decorators
        and definition.params == _FORWARDING
    ):
        named = resolved.call.callee.rsplit(".", 2)
        if len(named) < 2:
            return
        base = target.rsplit(".", 1)[0]
        if base not in derived:
            bases = resolution.class_bases
            derived[base] = tuple(n for n in bases if base in ancestors(bases, n))
        for cls in (base, *derived[base]):
            if cls.partition("::")[2].rsplit(".", 1)[-1] == named[-2]:
                yield cls


def _filled(
    ref: ResolvedReference,
    made: str,
    slots: Mapping[str, list[_Slot]],
    resolution: Resolution,
) -> Iterator[_Slot]:
    """The kept callbacks of class `made` (its own `__init__`'s, or the nearest base's
    with one) that the argument `ref` hands fills."""
    owner = next((c for c in (made, *ancestors(resolution.class_bases, made)) if c in slots), None)
    if owner is None:
        return
    args = ref.call.args
    arg = args[ref.index]
    before = args[: ref.index]
    if any(a.kind == "other" and a.value in ("*", "**") for a in before):
        return  # where the spread ends is not known
    position = -1 if arg.keyword else sum(1 for a in before if a.keyword is None)
    for slot in slots[owner]:
        if (arg.keyword and arg.keyword == slot.param) or (
            not arg.keyword and slot.position == position
        ):
            yield slot
