"""What a library's class is given for one keyword through the constructors of a first-party
subclass (Prefect's `class PrefectRouter(APIRouter)`, whose `__init__(self, **kwargs)` hands
`prefix=` on with `super().__init__(**kwargs)`; a router class setting its own prefix,
`super().__init__(prefix="/v1", **kwargs)`; a client class handing `base_url=` on): the
argument, where it is written, or why it is not known.

Each constructor of the chain is read in the one shape in which what it hands on is certain:
it calls its base class's constructor once, in its own body (`super().__init__(...)`), and
gives the keyword there as written, as one of its own parameters, or within its `**`
parameter, which its body does not change otherwise than by `setdefault` or `pop` of another
key (`kwargs.setdefault("route_class", PrefectAPIRoute)`). A class of the chain setting the
attribute itself (`self.prefix = ...`, `setattr(self, "prefix", ...)`, or a `setattr` on
itself of a name not written out) makes it unknown, as does anything else. An override
of one of the library's methods (`add_api_route`) is read the same way with stand-ins for
what its caller gives (`hands_on`): it must hand its first argument and the keywords that
say where its routes are served on as they are given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from seamcheck.facts import Arg, Binding, Call, Definition, call_at, call_within
from seamcheck.records import dataclass
from seamcheck.resolve.names import FileSymbols
from seamcheck.seams.arguments import Default, argument
from seamcheck.seams.values import Values, parameter_names

Cls = tuple[str, str]  # (path, qualname) of a class
# An argument with the file and scope its names are read in.
Given = tuple[Arg, str, str]

_CONSTRUCTOR = "__init__"
_NEW = "__new__"
# Class decorators that leave the class as it is written.
_PLAIN_DECORATORS = frozenset({"final", "typing.final", "typing_extensions.final"})
_KEYWORDS_SPREAD = "**"
# What a constructor may call on its `**` parameter without changing what it hands on.
_READS = frozenset({"get", "copy", "items", "keys", "values"})
# What it may call with another key than the one read, without changing that one.
_OTHER_KEYS = frozenset({"setdefault", "pop"})


@dataclass(frozen=True, slots=True)
class Handed:
    """The argument the library's class gets for a keyword (`arg`, None for none), read in
    `path` at `scope`; or why it is not known (`unread`, then the rest says nothing)."""

    arg: Arg | None
    path: str = ""
    scope: str = ""
    unread: str = ""


def handed_keyword(values: Values, chain: list[Cls], call: Call, path: str, keyword: str) -> Handed:
    """What the library's class above `chain` (the first-party classes from the one `call`
    makes, in `path`, up to the one deriving from the library's) is given for `keyword`."""
    given: list[Given] = [(a, path, call.scope) for a in call.args]
    for cls_path, cls in chain:
        file = values.symbols.get(cls_path)
        if file is None:
            return Handed(None, unread=f"{cls} is not read")
        setter = _sets_attribute(file.facts.bindings, file.facts.calls, cls, keyword)
        if setter:
            return Handed(None, unread=f"{cls} sets {setter} itself")
        remade = _remade(file, cls)
        if remade:
            return Handed(None, unread=f"{cls} {remade}")
        constructor = file.definitions.get(f"{cls}.{_CONSTRUCTOR}")
        if constructor is None:
            continue  # the arguments reach the next class as they are
        through = _through(values, cls_path, constructor, call, given, keyword)
        if isinstance(through, str):
            return Handed(None, unread=f"{cls}'s constructor {through}")
        given = through
    named = [g for g in given if g[0].keyword == keyword]
    if named:
        return Handed(*named[-1])
    spreads = [g for g in given if _spread(g[0], _KEYWORDS_SPREAD)]
    if any((at, scope) != (path, call.scope) for _, at, scope in spreads):
        return Handed(None, unread=f"a constructor may give '{keyword}' in a `**` argument")
    return Handed(None, path, call.scope)  # none, or in the call's own `**` argument


def _remade(file: FileSymbols, cls: str) -> str:
    """Why what a class's constructors are given may not be what its instances are made
    with: a decorator, which may give it another constructor, or its own `__new__`, which
    may return another object; ""."""
    definition = file.definitions.get(cls)
    decorators = (
        [d for d in definition.decorators if d not in _PLAIN_DECORATORS] if definition else []
    )
    if decorators:
        return f"is decorated with @{decorators[0]}, which may give it another constructor"
    if f"{cls}.{_NEW}" in file.definitions:
        return f"makes its instances itself ({_NEW})"
    return ""


def _sets_attribute(
    bindings: Sequence[Binding], calls: Sequence[Call], cls: str, keyword: str
) -> str:
    """`self.KEYWORD`, when a method of `cls` assigns it (the attribute the library's class
    keeps the keyword in, as APIRouter keeps `prefix`), also with `setattr(self, "KEYWORD",
    ...)` or a `setattr` on itself of a name not written out, which may be it; ""."""
    target = f"self.{keyword}"
    inside = cls + "."
    for binding in bindings:
        if binding.target == target and binding.scope.startswith(inside):
            return target
    for call in calls:
        if call.callee != "setattr" or not call.scope.startswith(inside) or len(call.args) < 2:
            continue
        receiver, name = call.args[0], call.args[1]
        if receiver.kind != "name" or receiver.value != "self":
            continue
        if name.kind != "str":
            return "attributes named at run time (setattr())"
        if name.value == keyword:
            return f"setattr(self, {keyword!r}, ...)"
    return ""


def hands_on(
    values: Values,
    path: str,
    override: Definition,
    keywords: tuple[str, ...],
    others: frozenset[str] = frozenset(),
    leading: int = 1,
) -> str:
    """Why a first-party override of a library's method (`def add_api_route(self, path,
    endpoint, **kwargs)` in an `APIRouter` subclass) may not give the library's method its
    first argument (its first `leading`, each in its place: a blueprint's `register(app,
    options)`), and `keywords` (`methods`, a mount's `prefix`), as its caller gave them
    ("" when it does): it must make one call handing them on, `super().add_api_route(path,
    ...)`, or one to another of the library's methods `others` names on itself (Airflow's
    `api_route` returning a decorator that calls `self.add_api_route(path, func,
    **kwargs)`, as FastAPI's own does), with them as `_through` reads a constructor's
    arguments handed on."""
    params = override.params[1 : 1 + leading]  # after `self`
    firsts = [p.removesuffix("=") for p in params]
    if len(firsts) < leading or any(not p or p[0] in "*/" for p in firsts):
        return "takes what it is given in a way seamcheck does not follow"
    scope = override.qualname
    call = call_at(scope, scope, override.span)
    markers = [_marker(p, None) for p in firsts]
    for keyword in keywords or ("",):
        marker = _marker(keyword, keyword) if keyword else None
        given: list[Given] = [(m, path, scope) for m in markers]
        if marker is not None:
            given.append((marker, path, scope))
        handed = _through(values, path, override, call, given, keyword, others)
        if isinstance(handed, str):
            return handed
        positional = _positional(handed)
        for index, (name, leader) in enumerate(zip(firsts, markers, strict=True)):
            if index >= len(positional) or not _is(positional[index], leader):
                return f"does not hand its '{name}' on as it is given"
        named = [g[0] for g in handed if g[0].keyword == keyword]
        if marker is not None and (not named or not _is(named[-1], marker)):
            return f"does not hand '{keyword}' on as it is given"
    return ""


def _positional(handed: list[Given]) -> list[Arg]:
    """The positional arguments handed on, in order (a spread among them included)."""
    return [g[0] for g in handed if g[0].keyword is None and not _spread(g[0], _KEYWORDS_SPREAD)]


def _marker(name: str, keyword: str | None) -> Arg:
    """An argument standing for what a caller gives `name`: no name of the code is so."""
    return Arg("other", "\0" + name, keyword)


def _is(arg: Arg, marker: Arg) -> bool:
    return arg.kind == "other" and arg.value == marker.value


def _through(
    values: Values,
    path: str,
    constructor: Definition,
    call: Call,
    given: list[Given],
    keyword: str,
    others: frozenset[str] = frozenset(),
) -> list[Given] | str:
    """What a constructor (or an override of another method) given `given` hands its base
    class's, as far as `keyword` goes; why it is not known, as a phrase after "its
    constructor" (`call` is any call, its arguments replaced by `given`'s). A constructor
    hands on in its own body; an override may in a function written inside it (a
    decorator it returns), by calling `others` on itself (`self.add_api_route`), where
    that function does not bind the names it hands on itself."""
    file = values.symbols[path]
    scope = constructor.qualname
    method = scope.rpartition(".")[2]
    callees = {f"super().{method}", *(f"self.{other}" for other in others)}
    supers = [c for c in file.facts.calls if c.callee in callees and _within(c.scope, scope)]
    if len(supers) != 1 or (supers[0].scope != scope and not others):
        if not others:
            return f"does not call its base class's {method} once, in its own body"
        return f"does not make one call of the library's {method}, or of another of its own"
    params = constructor.params[1:]  # `self`
    named = set(parameter_names(params))
    handing = named | set(constructor.keywords[:1])
    if supers[0].scope != scope and _rebinds(file, supers[0], scope, handing):
        return "does not hand on the names it is given, but names a function inside it binds"
    if any(not p for p in params) and any(g[0].keyword == keyword for g in given):
        # A parameter it assigns again (left unnamed): what it hands on is no longer what
        # the call gave it.
        return f"assigns a parameter again, which may be the '{keyword}' it is given"
    as_called = replace(call, args=tuple(g[0] for g in given))
    written_at = {id(g[0]): (g[1], g[2]) for g in given}
    handed: list[Given] = []
    for arg in supers[0].args:
        if _spread(arg, _KEYWORDS_SPREAD):
            spread = arg.pieces[0].value if arg.pieces and arg.pieces[0].kind == "name" else ""
            own = constructor.keywords
            if not spread or not own or spread != own[0]:
                handed.append((arg, path, scope))  # a dict of its own: entries not known
                continue
            if keyword in own[1:]:  # `kwargs["prefix"] = ...`, `del kwargs["prefix"]`
                return f"sets or deletes '{keyword}' in the keyword arguments it hands on"
            alias = _alias(file, scope, spread)
            if alias:  # `options = kwargs`, then `options["prefix"] = ...`
                return f"gives its keyword arguments another name ({alias}), which may change them"
            changed = keywords_changed(file.facts.calls, scope, supers[0], spread, keyword)
            if isinstance(changed, str):
                return changed
            extras = [
                g for g in given
                if (g[0].keyword is not None and g[0].keyword not in named)
                or _spread(g[0], _KEYWORDS_SPREAD)
            ]  # fmt: skip
            if changed is _POPPED:
                extras = [g for g in extras if g[0].keyword != keyword]
            elif isinstance(changed, Arg) and not any(g[0].keyword == keyword for g in extras):
                extras.append((replace(changed, keyword=keyword), path, scope))
            handed.extend(extras)
        elif arg.kind == "name" and arg.value in named:
            # One of its own parameters: what the call gives it, or its default.
            value = argument(as_called, constructor, arg.value, True)
            if isinstance(value, Default):
                handed.append((replace(value.arg, keyword=arg.keyword), path, value.scope))
            elif isinstance(value, Arg):
                at = written_at.get(id(value), (path, scope))
                handed.append((replace(value, keyword=arg.keyword), *at))
            elif arg.keyword == keyword:
                return f"gives '{keyword}' its parameter '{arg.value}', and {value}"
            else:
                handed.append((Arg("other", keyword=arg.keyword), path, scope))
        else:
            handed.append((arg, path, scope))
    return handed


def _rebinds(file: FileSymbols, handing: Call, override: str, names: set[str]) -> bool:
    """Whether a function written inside `override` that holds the call handing its
    arguments on (a decorator it returns) takes or binds one of the names (of `names`, the
    override's parameters) the call hands on, so that they are not the override's own."""
    used = {a.value for a in handing.args if a.kind == "name"}
    used |= {a.pieces[0].value for a in handing.args if _spread(a, _KEYWORDS_SPREAD) and a.pieces}
    at = handing.scope
    while at != override and at.startswith(override + "."):
        inner = file.definitions.get(at)
        taken = set(parameter_names(inner.params)) | set(inner.keywords[:1]) if inner else set()
        if any(name in taken or (at, name) in file.bindings for name in used & names):
            return True
        at = at.rpartition(".")[0]
    return False


def _alias(file: FileSymbols, scope: str, name: str) -> str:
    """A name the function `scope` (or one inside it) binds to its `**` parameter `name`
    itself (`options = kwargs`): through it, the dict may be changed as no call on `name`
    shows; ""."""
    for binding in file.facts.bindings:
        if binding.kind == "name" and binding.value == name and _within(binding.scope, scope):
            return binding.target
    return ""


class _Popped:
    """`kwargs.pop(keyword)`: the keyword is no longer handed on."""


_POPPED = _Popped()


def keywords_changed(
    calls: Sequence[Call], scope: str, handing: Call, name: str, keyword: str
) -> Arg | _Popped | str | None:
    """How the calls of the function `scope` (a constructor) made before `handing` (its
    `super().__init__(**name)`) change `keyword` in its `**` parameter `name`: not at all
    (None), set when not given (`kwargs.setdefault("prefix", "/v1")`: the default), taken
    out (`kwargs.pop("prefix")`); or why that is not known (`kwargs.update(...)`, the dict
    handed to another function, which may change it; anything a function inside it does,
    which may run before; all of its own calls, when `handing` is in a function inside it
    that runs after it returns)."""
    before = (handing.span.line, handing.span.column)
    found: Arg | _Popped | None = None
    for call in calls:
        if not _within(call.scope, scope) or call is handing:
            continue
        # Written inside the call's parentheses, it runs before the call.
        after = (call.span.line, call.span.column) > before and not call_within(call, handing)
        if call.scope == scope == handing.scope and after:
            continue  # after the arguments are handed on
        if any(a.kind == "name" and a.value == name for a in call.args):
            return f"hands its keyword arguments to {call.callee}(), which may change them"
        receiver, _, method = call.callee.rpartition(".")
        if receiver != name or method in _READS:
            continue
        first = call.args[0] if call.args else None
        key = first.value if first is not None and first.kind == "str" else None
        if method in _OTHER_KEYS and key is not None and key != keyword:
            continue
        if found is None and key == keyword and method == "setdefault" and len(call.args) > 1:
            found = call.args[1]
        elif found is None and key == keyword and method == "pop":
            found = _POPPED
        else:
            return f"changes the keyword arguments it hands on ({call.callee}())"
    return found


def _within(inner: str, scope: str) -> bool:
    return inner == scope or inner.startswith(scope + ".")


def _spread(arg: Arg, mark: str) -> bool:
    return arg.kind == "other" and arg.value == mark and arg.keyword is None
