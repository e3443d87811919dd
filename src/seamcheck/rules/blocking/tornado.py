"""Tornado's async paths: Tornado calls every method of a request handler on its IOLoop
thread, sync `def get(self)` as much as `async def get(self)`, and drives a `@gen.coroutine`
generator on that thread between its `yield`s. A blocking call in either stalls the server.

A handler class is one that derives, through any chain of first-party bases seamcheck can
follow, from `tornado.web.RequestHandler` or `tornado.websocket.WebSocketHandler`, or from a
third-party base known to be one (`frameworks.TORNADO_HANDLERS`, drawn from the table the
routes read: the Jupyter servers' and JupyterHub's). The methods Tornado itself calls on it are
entries (`_REQUEST_METHODS`, and for a websocket `_SOCKET_METHODS`); the helpers they call are
reached through them. Bases are qualified through each file's imports (the name binder is
gone when rules run), and a first-party name through the module names of the resolution.

Not entries: a method under `@run_on_executor` (the handler's executor runs it: the
catalog's `[offload]` list makes it a barrier), and async methods, already entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from seamcheck.facts import Definition, FileFacts
from seamcheck.project import is_test_file
from seamcheck.resolve.model import Resolution
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
_MAX_DEPTH = 12


class _Classes:
    """Which classes are Tornado handlers, read from their bases as written."""

    def __init__(self, resolution: Resolution) -> None:
        self._facts = resolution.facts
        self._names = resolution.python_names
        self._paths: dict[str, list[str]] = {}  # module name -> its files (services may clash)
        for path, name in sorted(resolution.python_names.items()):
            self._paths.setdefault(name, []).append(path)
        self._classes: dict[str, dict[str, Definition]] = {}
        self._kind: dict[tuple[str, str], str] = {}

    def kind(self, path: str, cls: str, depth: int = 0) -> str:
        """`RequestHandler`, `WebSocketHandler`, or "" for a class that is no handler."""
        key = (path, cls)
        if key not in self._kind:
            self._kind[key] = ""  # a class deriving from itself is no handler
            self._kind[key] = self._find(path, cls, depth)
        return self._kind[key]

    def _find(self, path: str, cls: str, depth: int) -> str:
        definition = self._definitions(path).get(cls)
        facts = self._facts.get(path)
        if definition is None or facts is None or depth > _MAX_DEPTH:
            return ""
        for base in definition.bases:
            found = self._name_kind(path, facts, base, depth)
            if found:
                return found
        return ""

    def _name_kind(self, path: str, facts: FileFacts, written: str, depth: int) -> str:
        """The kind of the class `written` names in `path`: Tornado's, or first-party, maybe
        imported into the module it is imported from (`handlers/__init__.py`)."""
        for _ in range(_MAX_DEPTH):
            name = qualify(written, facts, path, self._names.get(path))
            if name in TORNADO_WEBSOCKETS:
                return _WEBSOCKET
            if name in TORNADO_HANDLERS:
                return _REQUEST
            located = self._locate(path, name)
            if located is None:
                return ""
            where, inner = located
            if inner in self._definitions(where):
                return self.kind(where, inner, depth + 1)
            following = self._facts.get(where)
            if following is None or "." in inner or (where, inner) == (path, written):
                return ""
            path, facts, written = where, following, inner  # a re-export: read it there
        return ""

    def _locate(self, near: str, name: str) -> tuple[str, str] | None:
        """The first-party file of the longest module `name` starts with, and the rest of
        the name; of files sharing a module name, the one nearest `near`."""
        parts = name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            paths = self._paths.get(".".join(parts[:cut]))
            if paths:
                where = max(paths, key=lambda p: (_shared(p, near), p))
                return where, ".".join(parts[cut:])
        return None

    def _definitions(self, path: str) -> dict[str, Definition]:
        found = self._classes.get(path)
        if found is None:
            facts = self._facts.get(path)
            found = {
                d.qualname: d for d in (facts.definitions if facts else ()) if d.kind == "class"
            }
            self._classes[path] = found
        return found


def _shared(path: str, other: str) -> int:
    """How many leading folders two paths share."""
    count = 0
    for a, b in zip(path.split("/")[:-1], other.split("/")[:-1], strict=False):
        if a != b:
            break
        count += 1
    return count


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
        kind = classes.kind(path, owner)
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
    """The catalog's asyncio advice in a shape a Tornado entry can take: a sync handler
    cannot await until it is made `async def`; a `@gen.coroutine` yields what it waits on.
    Tornado's own hand-off to a thread is `IOLoop.current().run_in_executor`."""
    advice = suggestion.replace("asyncio.to_thread(", "IOLoop.current().run_in_executor(None, ")
    if kind == COROUTINE:
        advice = advice.replace("await asyncio.sleep(", "yield gen.sleep(")
        return advice.replace("await ", "yield ").replace(" with await", " with yield")
    return f"{advice}, once `{method}` is an `async def`"


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
