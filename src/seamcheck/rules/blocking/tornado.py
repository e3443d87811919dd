"""Tornado's async paths: Tornado calls every method of a request handler on its IOLoop
thread, sync `def get(self)` as much as `async def get(self)`, and drives a `@gen.coroutine`
generator on that thread between its `yield`s. A blocking call in either stalls the server.

A handler class is one that derives, through any chain of first-party bases seamcheck can
follow (however deep: the kind of Tornado's base is passed down the chain, so the answer does
not depend on the order classes are read in), from `tornado.web.RequestHandler` or
`tornado.websocket.WebSocketHandler`, or from a third-party base known to be one
(`frameworks.TORNADO_HANDLERS`, drawn from the table the routes read: the Jupyter servers' and
JupyterHub's). The methods Tornado itself calls on it are entries (`_REQUEST_METHODS`, and for
a websocket `_SOCKET_METHODS`); the helpers they call are reached through them. Bases are
the resolve stage's (`Resolution.class_bases`): followed through imports, star imports,
re-exports and aliases as a call's name is.

Not entries: a method under `@run_on_executor` (the handler's executor runs it: the
catalog's `[offload]` list makes it a barrier), and async methods, already entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from seamcheck.facts import Binding, Definition, FileFacts
from seamcheck.project import is_test_file
from seamcheck.resolve.model import Resolution, ResolvedImport, derived_from
from seamcheck.resolve.names import FileSymbols
from seamcheck.rules.blocking.dialects import TORNADO_COROUTINE, TORNADO_HANDLER, in_library
from seamcheck.rules.blocking.offload import qualify
from seamcheck.seams.frameworks import HTTP_METHODS, TORNADO_HANDLERS, TORNADO_WEBSOCKETS

HANDLER = "handler"  # a sync method Tornado calls on a handler
COROUTINE = "coroutine"  # a `@gen.coroutine` function
_REQUEST = "RequestHandler"
_WEBSOCKET = "WebSocketHandler"
# Methods Tornado calls on every request handler, on the IOLoop thread.
_REQUEST_METHODS = frozenset(
    {*HTTP_METHODS, "prepare", "on_finish", "on_connection_close", "write_error",
     "get_current_user"}
)  # fmt: skip
_SOCKET_METHODS = frozenset({"open", "on_message", "on_close", "on_ping", "on_pong"})
_COROUTINES = frozenset({"tornado.gen.coroutine"})
# Packages whose import makes a file worth reading for handler classes at all.
_PACKAGES = frozenset(
    {n.split(".", 1)[0] for n in TORNADO_HANDLERS | TORNADO_WEBSOCKETS | _COROUTINES}
)
# Calls that return Tornado's IOLoop. Not asyncio's loop getters: an asyncio loop has no
# `add_callback`, and its `call_soon`, `call_later`, ... count whatever names the loop.
_LOOP_GETTERS = frozenset({"tornado.ioloop.IOLoop.current", "tornado.ioloop.IOLoop.instance"})


class _Classes:
    """Which classes are Tornado handlers: those deriving, through any chain of first-party
    bases (`Resolution.class_bases`), from one of Tornado's handler classes; a class deriving
    from a `WebSocketHandler` is one whatever its other bases (it is a `RequestHandler`
    too)."""

    def __init__(self, resolution: Resolution) -> None:
        bases = resolution.class_bases
        self._websockets = derived_from(bases, TORNADO_WEBSOCKETS)
        self._handlers = derived_from(bases, TORNADO_HANDLERS | TORNADO_WEBSOCKETS)

    def kind(self, node: str) -> str:
        """`RequestHandler`, `WebSocketHandler`, or "" for a class that is no handler."""
        if node in self._websockets:
            return _WEBSOCKET
        return _REQUEST if node in self._handlers else ""


class LoopHolders:
    """Names that hold Tornado's IOLoop however they are spelled (`io = IOLoop.current()`,
    `self.main = IOLoop.instance()`): a name of a function or the module, or an attribute of
    the instances of the class whose method reads it, every assignment of which (and there is
    one) is such a call. Which assignments a name has is looked up in the file's `FileSymbols`,
    built again here for the few files that need it (the resolution keeps no symbol tables:
    analysis drops the name binder's before the rules, where a run peaks); whether each is
    such a call, in the resolve stage's resolved calls, so an alias or a star import of
    `IOLoop` is followed as for any call."""

    def __init__(self, resolution: Resolution) -> None:
        self._resolution = resolution
        self._imports: dict[str, list[ResolvedImport]] | None = None
        self._symbols: dict[str, FileSymbols] = {}
        # (path, scope, line, callee) of each call resolved to a getter of the IOLoop.
        self._getters: set[tuple[str, str, int, str]] | None = None

    def holds_loop(self, path: str, scope: str, owner: str, line: int) -> bool:
        """Whether `owner`, read in `scope` at `line` of `path`, holds Tornado's IOLoop."""
        symbols = self._of(path)
        head, dot, attribute = owner.partition(".")
        if not dot:
            binder = symbols.binder(scope, owner, line)
            if binder is None or (binder, owner) not in symbols.bindings:
                return False  # unbound, or an import or a definition: no call's result
            first = symbols.binding_in(binder, owner, line)
            assigned = [first, *symbols.rebindings.get((binder, owner), ())]
        elif head == "self" and "." not in attribute:
            cls = symbols.class_of(scope)
            if cls is None:
                return False
            kept = symbols.class_attribute(cls, attribute)
            assigned = [*symbols.member_writes.get(f"{cls}.{attribute}", ()), *filter(None, [kept])]
        else:
            return False
        return bool(assigned) and all(self._gets_loop(path, b) for b in assigned)

    def _gets_loop(self, path: str, binding: Binding) -> bool:
        """Whether `binding` assigns the result of a call the resolve stage resolved to a
        getter of the IOLoop (a call binding and its call share scope, line and callee)."""
        if binding.kind != "call":
            return False
        if self._getters is None:
            self._getters = {
                (resolved.path, resolved.call.scope, resolved.call.span.line, resolved.call.callee)
                for resolved in self._resolution.calls
                if resolved.kind == "external" and resolved.qualname in _LOOP_GETTERS
            }
        return (path, binding.scope, binding.line, binding.value) in self._getters

    def _of(self, path: str) -> FileSymbols:
        symbols = self._symbols.get(path)
        if symbols is None:
            if self._imports is None:
                self._imports = {}
                for resolved in self._resolution.imports:
                    self._imports.setdefault(resolved.path, []).append(resolved)
            facts = self._resolution.facts[path]
            symbols = self._symbols[path] = FileSymbols(facts, self._imports.get(path, []))
        return symbols


def tornado_entries(
    resolution: Resolution, definitions: Mapping[str, Definition]
) -> dict[str, tuple[str, str]]:
    """Sync functions Tornado runs on its IOLoop -> (`HANDLER` or `COROUTINE`, how the
    message names it). Test files aside."""
    if not _uses_tornado(resolution.facts.values()):
        return {}
    classes = _Classes(resolution)
    found: dict[str, tuple[str, str]] = {}
    for node, definition in sorted(definitions.items()):
        if definition.is_async or definition.kind not in ("function", "method"):
            continue
        path = node.split("::", 1)[0]
        facts = resolution.facts.get(path)
        if facts is None or facts.language != "python" or is_test_file(path):
            continue
        qualname = definition.qualname
        if definition.decorators and _is_coroutine(definition, facts, path, resolution):
            found[node] = (COROUTINE, f"Tornado coroutine `{qualname}` (@gen.coroutine)")
            continue
        owner, _, method = qualname.rpartition(".")
        if definition.kind != "method" or method not in _REQUEST_METHODS | _SOCKET_METHODS:
            continue
        kind = classes.kind(f"{path}::{owner}")
        if kind == _REQUEST and method in _SOCKET_METHODS:
            continue  # `open` of a plain request handler is no hook of Tornado's
        if kind:
            found[node] = (HANDLER, f"sync handler `{qualname}` of a Tornado {kind}")
    return found


def _uses_tornado(files: Iterable[FileFacts]) -> bool:
    return any(
        imported.module.split(".", 1)[0] in _PACKAGES
        for facts in files
        if facts.language == "python"
        for imported in facts.imports
    )


def _is_coroutine(
    definition: Definition, facts: FileFacts, path: str, resolution: Resolution
) -> bool:
    module = resolution.python_names.get(path)
    return any(
        written.rsplit(".", 1)[-1] == "coroutine"
        and qualify(written, facts, path, module) in _COROUTINES
        for written in definition.decorators
    )


def tornado_advice(suggestion: str, kind: str, method: str) -> str:
    """The catalog's advice in a shape a Tornado entry can take (`dialects`): Tornado's own
    hand-off to a thread is `IOLoop.current().run_in_executor`; a sync handler cannot await
    until it is made `async def`; a `@gen.coroutine` yields what it waits on."""
    if kind == COROUTINE:
        advice = in_library(suggestion, TORNADO_COROUTINE)
        return advice.replace("await ", "yield ").replace(" with await", " with yield")
    return f"{in_library(suggestion, TORNADO_HANDLER)}, once `{method}` is an `async def`"


def fix_reason(kind: str) -> str:
    """Why `fix` leaves a call in a Tornado entry alone."""
    if kind == COROUTINE:
        return (
            "a @gen.coroutine cannot await: yield IOLoop.current().run_in_executor(None, f, "
            "...) instead, or make it an async def"
        )
    return (
        "a sync Tornado handler method cannot await: make it an async def first, then await "
        "IOLoop.current().run_in_executor(None, f, ...)"
    )


def tornado_handoff(kind: str, helper: str) -> str:
    """SC202's hand-off of the whole helper to a thread, from a Tornado entry."""
    if kind == COROUTINE:
        return f", or yield IOLoop.current().run_in_executor(None, {helper}, ...) here"
    return (
        f", or make the handler an async def and await "
        f"IOLoop.current().run_in_executor(None, {helper}, ...) here"
    )
