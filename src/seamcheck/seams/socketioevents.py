"""Socket.IO events: the events a Node socket.io server's connection handlers take, and those a
socket.io-client connection emits (`seams.socketio` says how connections are written).

An event is written after the engine path, before the namespace: `/socket.io/!predict/@/ml`
(`event_path`), so that what is not known of a namespace's handlers is an `UnreadRoute`
starting with the engine path and `/!` (a `partial` head: any event) and ending with `/@` and
the namespace, which no connection path matches. A server's events are read only where its
handlers are all in sight: `socket.on('x', h)` in the function given to `io.on('connection',
...)` (or a namespace's `nsp.on`), the socket handed nowhere else and no `onAny`; otherwise,
and for python-socketio servers (not read here), any event of the namespace may be taken. An
emit is checked only on a connection that links (`keep_emits`), and shown only where it links
or is broken: an unsure emit says nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from seamcheck.facts import Arg, Call, Definition, FileFacts
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.model import SIO, ClientCall, Where
from seamcheck.seams.paths import normalise

_EVENT_MARK = "!"
# Event names written into a path as they are: others are not checked.
_PLAIN_EVENT = re.compile(r"^[A-Za-z0-9_.\-]+$")
# Reserved by socket.io: a client cannot emit them, a server's handler of them takes no event.
_RESERVED = frozenset(
    {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}
)
_CONNECTION_EVENTS = frozenset({"connection", "connect"})
_HANDLER_METHODS = frozenset({"on", "once", "addListener", "prependListener"})
_CATCH_ALL_METHODS = frozenset({"onAny", "prependAny", "onAnyOutgoing"})
# The namespace a connection handler's receiver is: "/" for the server itself, a namespace's
# for `io.of('/chat').on(...)` or `chat.on(...)`; None when not known.
NamespaceOf = Callable[[ResolvedCall], "str | None"]
# The services running the code a call is written in (`runners.Runners`).
Runners = Callable[[ResolvedCall], "tuple[str, ...]"]


def event_path(engine: str, namespace: str, event: str) -> str:
    """The path an event emitted to `namespace` over `engine` links as."""
    name = namespace.strip("/")
    tail = f"/{name}" if name else ""
    return normalise(f"{engine.rstrip('/')}/{_EVENT_MARK}{event}/@{tail}")


def events_head(engine: str) -> str:
    """The literal start of every event path over `engine` (a `partial` head)."""
    return f"{engine.rstrip('/')}/{_EVENT_MARK}"


def event_of(path: str) -> str:
    """The event an event path names; "" for a connection path."""
    for segment in path.split("/"):
        if segment.startswith(_EVENT_MARK):
            return segment[len(_EVENT_MARK) :]
    return ""


def without_event(path: str) -> str:
    """The connection path of an event path."""
    return "/".join(s for s in path.split("/") if not s.startswith(_EVENT_MARK)) or "/"


def plain_event(arg: Arg | None) -> str:
    """An event name written as a plain string, "" otherwise (or reserved)."""
    if arg is None or arg.kind != "str" or not _PLAIN_EVENT.match(arg.value):
        return ""
    return "" if arg.value in _RESERVED else arg.value


class NodeHandlers:
    """The events each Node socket.io service's connection handlers take, by namespace."""

    def __init__(self, resolution: Resolution, calls: Sequence[ResolvedCall]) -> None:
        self.resolution = resolution
        self.calls = calls  # those of the files read (`socketio._Servers`)
        self.events: dict[str, list[tuple[str, str, Where]]] = {}  # service -> (ns, event, at)
        # service -> the namespaces ("" for any) whose events are not all read, with why
        self.unread: dict[str, list[tuple[str, str, Where]]] = {}
        self._by_path: dict[str, list[ResolvedCall]] = {}  # filled by `read`

    def read(self, runners: Runners, services: set[str], namespace_of: NamespaceOf) -> None:
        """Read the connection handlers of `services` (those running a Node server), each
        in the services `runners` says run its code."""
        if not services:
            return  # most trees: no Node socket.io server
        for resolved in self.calls:
            self._by_path.setdefault(resolved.path, []).append(resolved)
        for resolved in self.calls:
            call = resolved.call
            if resolved.path.endswith(".py"):
                continue
            if call.callee.endswith(".use"):
                namespace = namespace_of(resolved)
                handler = next((a for a in call.args if a.kind == "func"), None)
                if namespace is None or handler is None:
                    continue  # Express's and others' `use`, or middleware given no socket here
                for service in runners(resolved):
                    if service in services:
                        self._middleware(resolved, service, namespace, handler.value)
                continue
            if not call.callee.endswith(".on"):
                continue
            first = call.args[0] if call.args else None
            if first is None or first.kind != "str" or first.value not in _CONNECTION_EVENTS:
                continue
            if resolved.qualname.startswith("socket.io-client"):
                continue  # a client's own `connect` event
            for service in runners(resolved):
                if service in services:
                    self._connection(resolved, service, namespace_of)

    def _connection(self, resolved: ResolvedCall, service: str, namespace_of: NamespaceOf) -> None:
        """`io.on('connection', (socket) => ...)`: the events its handler adds."""
        call = resolved.call
        where = Where(resolved.path, call.span.line, call.span.column)
        namespace = namespace_of(resolved)
        if namespace is None:
            self._unread(service, "", "the events a connection handler takes", where)
            return
        handler = call.args[1] if len(call.args) > 1 else None
        if handler is None or handler.kind != "func":
            what = "the events a connection handler given by name takes"
            self._unread(service, namespace, what, where)
            return
        self._handler(resolved, service, namespace, handler.value, where)

    def _middleware(
        self, resolved: ResolvedCall, service: str, namespace: str, handler: str
    ) -> None:
        """`io.use((socket, next) => ...)` on a server or namespace: the middleware is given
        each socket too, and may add handlers to it as a connection handler does."""
        where = Where(resolved.path, resolved.call.span.line, resolved.call.span.column)
        self._handler(resolved, service, namespace, handler, where)

    def _handler(
        self, resolved: ResolvedCall, service: str, namespace: str, function: str, where: Where
    ) -> None:
        facts = self.resolution.facts.get(resolved.path)
        definition = _definition(facts.definitions if facts else (), function)
        socket = definition.params[0] if definition is not None and definition.params else ""
        if not socket or socket in ("*", "**"):
            self._unread(service, namespace, "the events of a connection handler", where)
            return
        sockets = self._held(resolved.path, function, socket, service, namespace, facts)
        inside = [
            r for r in self._by_path.get(resolved.path, ()) if _within(r.call.scope, function)
        ]
        for other in inside:
            call = other.call
            receiver, _, method = call.callee.rpartition(".")
            receiver = _unchained(receiver)
            at = Where(other.path, call.span.line, call.span.column)
            if receiver in sockets and method in _CATCH_ALL_METHODS:
                self._unread(service, namespace, "the events socket.onAny() takes", at)
            elif receiver in sockets and method in _HANDLER_METHODS:
                event = call.args[0] if call.args else None
                if event is not None and event.kind == "str":
                    self.events.setdefault(service, []).append((namespace, event.value, at))
                else:
                    self._unread(service, namespace, "an event named at run time", at)
            elif any(_hands_on(call, name) for name in sockets):
                self._unread(service, namespace, "the events of a socket handed on", at)

    def _held(
        self,
        path: str,
        function: str,
        socket: str,
        service: str,
        namespace: str,
        facts: FileFacts | None,
    ) -> set[str]:
        """The names a connection handler holds its socket by: its parameter and the local
        names it is copied to (`const client = socket`); a socket stored where other code
        may reach it (`this.socket = socket`, `{ socket }`) may be given handlers there."""
        sockets = {socket}
        bindings = [b for b in (facts.bindings if facts else ()) if _within(b.scope, function)]
        for binding in bindings:  # in the order written: a copy of a copy follows its source
            if binding.kind == "name" and binding.value in sockets:
                if "." in binding.target or "[" in binding.target:
                    at = Where(path, binding.line, 0)
                    self._unread(service, namespace, "the events of a socket stored", at)
                else:
                    sockets.add(binding.target)
            elif binding.kind == "object" and any(_holds(item, sockets) for item in binding.items):
                at = Where(path, binding.line, 0)
                self._unread(service, namespace, "the events of a socket stored", at)
        return sockets

    def unknown(self, service: str, what: str, where: Where) -> None:
        """Any event of any namespace of `service` may be taken."""
        self._unread(service, "", what, where)

    def _unread(self, service: str, namespace: str, what: str, where: Where) -> None:
        self.unread.setdefault(service, []).append((namespace, what, where))


def _definition(definitions: Sequence[Definition], qualname: str) -> Definition | None:
    return next((d for d in definitions if d.qualname == qualname), None)


def _within(scope: str, function: str) -> bool:
    return scope == function or scope.startswith(function + ".")


def _unchained(receiver: str) -> str:
    """The receiver a chain of handler registrations starts from: `socket.on('a', f).on('b',
    g)` registers both on `socket`, as `on` returns the emitter (callee `socket.on().on`)."""
    while receiver.endswith("()"):
        head, _, method = receiver[:-2].rpartition(".")
        if method not in _HANDLER_METHODS and method not in _CATCH_ALL_METHODS:
            break
        receiver = head
    return receiver


def _holds(arg: Arg, sockets: set[str]) -> bool:
    """Whether an entry is the socket itself (`{ socket }`), not a value read from it
    (`{ ip: socket.handshake.address }`, which adds no handler)."""
    if arg.kind == "name" and arg.value in sockets:
        return True
    return any(_holds(item, sockets) for item in arg.items)


def _hands_on(call: Call, socket: str) -> bool:
    """Whether a call is given the socket (or a member of it), which may add handlers."""
    return any(_names(arg, socket) for arg in call.args)


def _names(arg: Arg, socket: str) -> bool:
    if arg.kind == "name" and (arg.value == socket or arg.value.startswith(socket + ".")):
        return arg.value == socket or not arg.value.startswith(socket + ".id")
    return any(_names(item, socket) for item in arg.items)


def keep_emits(
    calls: Sequence[ClientCall], connections: dict[Where, Where]
) -> Iterator[ClientCall]:
    """The calls to keep: every call but an emit (`connections`: emit -> its connection)
    whose connection does not link, or which is itself unsure or unlinked: an emit says
    something only where it is checked."""
    linked = {
        c.where
        for c in calls
        if c.method == SIO
        and not event_of(c.url)
        and c.links
        and all(link.status == "linked" for link in c.links)
    }
    for call in calls:
        connection = connections.get(call.where) if event_of(call.url) else None
        if connection is None or (
            connection in linked
            and call.links
            and all(link.status in ("linked", "broken") for link in call.links)
        ):
            yield call
