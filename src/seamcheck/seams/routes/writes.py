"""Attributes of a FastAPI router written after it is made, which change where the routes
added to it later are served: its prefix (`router.prefix = "/flows"`, `setattr(router,
"prefix", ...)`), its route class (`router.route_class = V2Route`), or an attribute whose name
is not written out (`setattr(router, key, value)`), which may be either. And a Flask
blueprint's `url_prefix` (`bp.url_prefix = "/items"`), which Flask reads when the blueprint is
registered: for all of its routes, those added before the write too.

FastAPI puts a router's prefix before each route's path, and hands it to its route class,
when the route is added (`route_class(self.prefix + path, ...)`). One write of the prefix at
the top of the module that makes the router there, before anything is added to it in that
module (the modules importing it run after), is read as its prefix; any other write makes
its routes unsure, never served at a path seamcheck made up: so does one written in a
branch, loop, `with` or `try` (`if V2: router.prefix = "/v2"`), which may not run, and one
by `setattr` (which may be in one). "Added to it" counts the router handed to a call before
the write (`add_routes(router)`), and for a blueprint, "registered" any registration the
module may make of it (through a loop's variable, another name, a function) and any call of
the repository's it is handed to (`register_all(app, [bp])`)."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import BRANCHED, MODULE_SCOPE, Arg, Binding, Call, Span, call_at
from seamcheck.records import dataclass
from seamcheck.seams.model import Where
from seamcheck.seams.values import Located, Values

PREFIX = "prefix"
URL_PREFIX = "url_prefix"  # a Flask blueprint's
_ROUTE_CLASS = "route_class"
_WRITTEN = frozenset({PREFIX, _ROUTE_CLASS, URL_PREFIX})
_SETATTR = "setattr"
_REGISTER = "register_blueprint"


@dataclass(frozen=True, slots=True)
class Write:
    """A write of a router's attribute (`attribute`, "" when its name is not written out)
    in `path` at `scope`, with the value written (None when it is not an argument seamcheck
    may read) and the text that shows it."""

    path: str
    scope: str
    line: int
    column: int
    attribute: str
    value: Arg | None
    shown: str
    # Written in a branch, loop, `with` or `try` of the module (`if V2: router.prefix =
    # ...`): it may not run.
    branched: bool = False

    @property
    def where(self) -> Where:
        return Where(self.path, self.line, self.column)


def _value(binding: Binding) -> Arg | None:
    """The value an assignment writes, as an argument `Values.of_arg` reads."""
    if binding.kind in ("str", "name"):
        return Arg(binding.kind, binding.value)
    if binding.kind == "expr":
        return Arg("expr", binding.value, pieces=binding.pieces)
    return None


class RouterWrites:
    """The writes of routers' attributes in the repository's Python files, by the id of
    the object written (`Values.object_id`), found when first asked."""

    def __init__(self, values: Values) -> None:
        self.values = values
        self._by_object: dict[str, list[Write]] | None = None

    def of(self, key: str) -> list[Write]:
        if self._by_object is None:
            self._by_object = self._find()
        return self._by_object.get(key, [])

    def _find(self) -> dict[str, list[Write]]:
        found: dict[str, list[Write]] = {}
        for path in sorted(self.values.symbols):
            file = self.values.symbols[path]
            if not file.is_python:
                continue
            branched = {
                (b.line, b.target.removeprefix(BRANCHED))
                for b in file.facts.bindings
                if b.target.startswith(BRANCHED)
            }
            for binding in file.facts.bindings:
                receiver, _, attribute = binding.target.rpartition(".")
                if attribute not in _WRITTEN or not receiver or receiver == "self":
                    continue
                if receiver.startswith(BRANCHED):
                    continue
                write = Write(
                    path, binding.scope, binding.line, 0, attribute, _value(binding),
                    f"{binding.target} = ...", (binding.line, binding.target) in branched,
                )  # fmt: skip
                self._add(found, receiver, write)
            for call in file.facts.calls:
                if call.callee != _SETATTR or len(call.args) < 2:
                    continue
                receiver_arg, name = call.args[0], call.args[1]
                if receiver_arg.kind != "name" or receiver_arg.value == "self":
                    continue
                attribute = name.value if name.kind == "str" else ""
                if name.kind == "str" and attribute not in _WRITTEN:
                    continue
                value = call.args[2] if len(call.args) > 2 and attribute else None
                shown = f"setattr({receiver_arg.value}, {attribute or '...'!r}, ...)"
                # Whether a call sits in a branch of the module (`if V2: setattr(router,
                # "prefix", "/v2")`) is not recorded: it may not run.
                write = Write(
                    path, call.scope, call.span.line, call.span.column, attribute, value, shown,
                    branched=True,
                )  # fmt: skip
                self._add(found, receiver_arg.value, write)
        return found

    def _add(self, found: dict[str, list[Write]], receiver: str, write: Write) -> None:
        written = self.values.locate(write.path, write.scope, receiver)
        located = self.values.aliased(written)
        if located is None or located.binding.kind not in ("call", "new"):
            return
        if located is not written:
            # Through another name for it (`alias = bp`, then `alias.url_prefix = "/x"`):
            # what else that name is handed to is not followed, so the write is not read
            # as its prefix, only as a write that makes its routes unsure.
            write = replace(
                write, branched=True, shown=f"{write.shown}, through another name for it"
            )
        found.setdefault(self.values.object_id(located), []).append(write)


def read_prefix(values: Values, located: Located, writes: list[Write]) -> Write | None:
    """The one write of a router's prefix that is read as its prefix (the module's own,
    written out, before anything is added to the router there); None when there is none."""
    write = _sole_top_write(located, writes, PREFIX)
    if write is None:
        return None
    file = values.symbols.get(located.path)
    target = located.binding.target
    for call in file.facts.calls if file is not None else ():
        if call.span.line > write.line:
            continue
        if call.callee.startswith(target + "."):
            return None  # added to it before: under the prefix it had then
        if any(_mentions(arg, target) for arg in call.args):
            # Handed to a call before (`add_routes(router)`, `register([router])`), which
            # may add routes to it under the prefix it had then.
            return None
    return write


def read_url_prefix(values: Values, located: Located, writes: list[Write]) -> Write | None:
    """The one write of a blueprint's `url_prefix` that is read as its prefix: written out
    at the top of the module that makes the blueprint there, before the module registers it
    (the modules that import it to register it run after); None when there is none."""
    write = _sole_top_write(located, writes, URL_PREFIX)
    if write is None:
        return None
    file = values.symbols.get(located.path)
    target, key = located.binding.target, values.object_id(located)
    for call in file.facts.calls if file is not None else ():
        if call.span.line > write.line:
            continue
        if call.callee.rpartition(".")[2] == _REGISTER and not _another_blueprint(
            values, located.path, call, key
        ):
            # Registered before (by name, through a loop's variable or another name for
            # it, in a function called before): under the prefix it had then.
            return None
        if any(_names_register(arg) for arg in call.args):
            return None  # `map(app.register_blueprint, [bp])`
        if any(_mentions(arg, target) for arg in call.args) and not _library_call(
            values, located.path, call
        ):
            # Handed to a function of the repository, or one seamcheck cannot name, before
            # (`register(app, bp)`, `register_all(app, [bp])`), which may register it then:
            # not to a library's (`Api(bp)`), which registers nothing.
            return None
    return write


def _another_blueprint(values: Values, path: str, call: Call, key: str) -> bool:
    """Whether a `register_blueprint` call registers an object other than `key` for sure:
    its first argument names one made by a call, not a loop's variable or a parameter."""
    first = next((a for a in call.args if a.keyword is None), None)
    if first is None or first.kind != "name":
        return False
    located = values.locate(path, call.scope, first.value)
    if located is None or located.binding.kind not in ("call", "new"):
        return False
    return values.object_id(located) != key


def _library_call(values: Values, path: str, call: Call) -> bool:
    """Whether a call is to a library's API (`flask_restx.Api(bp)`), as the resolver names
    it, not to a function of the repository or one it cannot name."""
    return values.names.resolve_call(path, call).kind == "external"


def _mentions(arg: Arg, name: str) -> bool:
    """Whether an argument holds the value of `name`: is it, or an item of a list, dict or
    spread written in place, or a piece of a value built from it."""
    if arg.kind in ("name", "spread") and (arg.value == name or arg.value.startswith(name + ".")):
        return True
    if any(p.kind == "name" and p.value == name for p in arg.pieces):
        return True
    return any(_mentions(item, name) for item in arg.items)


def _names_register(arg: Arg) -> bool:
    """Whether an argument is a blueprint's registering method (`app.register_blueprint`),
    handed on to be called (`map(app.register_blueprint, blueprints)`)."""
    return arg.kind == "name" and arg.value.rpartition(".")[2] == _REGISTER


def _sole_top_write(located: Located, writes: list[Write], attribute: str) -> Write | None:
    """The one write of `writes`, when it sets `attribute` to a value seamcheck may read, in
    no branch, at the top of the module that makes the object there, after it is made."""
    if len(writes) != 1:
        return None
    write, binding = writes[0], located.binding
    if (
        write.attribute != attribute
        or write.value is None
        or write.branched
        or write.path != located.path
        or write.scope != MODULE_SCOPE
        or binding.scope != MODULE_SCOPE
        or write.line < binding.line
    ):
        return None
    return write


def write_call(write: Write) -> Call:
    """A stand-in call at the write, for what reports where a prefix is read."""
    return call_at(_SETATTR, write.scope, Span(write.line, write.column, write.line, write.column))
