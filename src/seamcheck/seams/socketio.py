"""Socket.IO seams: the socket.io servers each service runs, in Node (`socket.io`) and Python
(python-socketio), and the paths connections to them link as (the connections themselves:
`socketioclients.py`; events: `socketioevents.py`).

Socket.IO speaks its own protocol under one HTTP path (the engine path, `/socket.io` by
default) and multiplexes namespaces (`/`, `/chat`) over it. A connection lands where a
server of the target takes both, so both are written into one path that links as any call
does (through proxies, rewrites, ports): the engine path, then `/@`, then the namespace
(`/socket.io/@/chat`; the root namespace `/socket.io/@`), under the method `SIO`, which fits
nothing else (`link._method_fits`). A proxy forwarding `/socket.io` rewrites the engine path
and carries the namespace along, as the protocol does (the namespace travels in packets, not
in the URL).

What a server's code decides at run time (an engine path read from the environment, a
namespace made by a function or regular expression, `namespaces='*'`, a server attached
where seamcheck does not read) is an `UnreadRoute` that may take any connection there: the
linker then says unsure (SC107), never broken. A service with no socket.io server read says
unsure too (`link._no_socketio_server`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from seamcheck.facts import Arg, Call, call_within, result_of
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.model import SIO, Route, UnreadRoute, Where
from seamcheck.seams.paths import normalise
from seamcheck.seams.runners import Runners
from seamcheck.seams.socketioevents import (
    NodeHandlers,
    event_of,
    event_path,
    events_head,
    without_event,
)
from seamcheck.seams.undeployed import listed_calls
from seamcheck.seams.values import Located, Values, literal

FRAMEWORK = "socket.io"
_DEFAULT_PATH = "/socket.io"
_OPTIONS_NOT_READ = "the path of a socket.io server whose options are not all read"
_NAMESPACE_MARK = "@"  # the segment between the engine path and the namespace
# Node: `new Server(httpServer, opts)`, `require('socket.io')(server, opts)`, 1.x's `listen`.
_NODE_SERVERS = frozenset(
    {
        "socket.io.Server",
        "socket.io.default.Server",
        "socket.io",
        "socket.io.default",
        # socket.io 1.x: `require('socket.io').listen(server, opts)`.
        "socket.io.listen",
        "socket.io.default.listen",
    }
)
# The methods of a Node socket.io server that set its path.
_PATH_SETTERS = ("path", "attach", "listen")
# The Socket.IO Admin UI for a Node server: `instrument(io, { namespace })`.
_NODE_ADMIN = "@socket.io/admin-ui.instrument"
# A NestJS gateway: its adapter makes the server, with the options, namespace and handlers
# the decorators say (not read here).
_NEST_GATEWAY = "@nestjs/websockets.WebSocketGateway"
# python-socketio's servers: their handlers' `namespace=` and `register_namespace` name the
# namespaces they take (a namespace no handler takes is refused: "Unable to connect").
_PY_SERVERS = frozenset({"socketio.AsyncServer", "socketio.Server"})
# The methods adding a handler (and so a namespace) to a python-socketio server.
_HANDLER_METHODS = frozenset({"on", "event", "register_namespace", "instrument"})
# The methods that may add a namespace to a server not tied to them (`_Servers._loose`).
_LOOSE_METHODS = frozenset({"of", "on", "event", "register_namespace"})
# The apps that serve a python-socketio server at `socketio_path`: ASGI, WSGI (`Middleware`
# is WSGIApp's old name).
_PY_APPS = frozenset({"socketio.ASGIApp", "socketio.WSGIApp", "socketio.Middleware"})


def connection_path(engine: str, namespace: str) -> str:
    """The path a connection to `namespace` over the engine path `engine` links as:
    `/socket.io/@/chat`, `/socket.io/@` for the root namespace."""
    name = namespace.strip("/")
    tail = f"/{name}" if name else ""
    return normalise(f"{engine.rstrip('/')}/{_NAMESPACE_MARK}{tail}")


def described(path: str) -> str:
    """A connection or event path said in words: "namespace '/chat' at '/socket.io'",
    "event 'x' of namespace '/chat' at '/socket.io'"."""
    engine, namespace = parts(path)
    event = event_of(path)
    said = f"event '{event}' of " if event else ""
    return f"{said}namespace '{namespace}' at '{engine}'"


def parts(path: str) -> tuple[str, str]:
    """A connection or event path's engine path and namespace: `/socket.io/@/chat` and
    `/socket.io/!x/@/chat` are `/socket.io` and `/chat`."""
    engine, _, namespace = without_event(path).partition(f"/{_NAMESPACE_MARK}")
    return engine or "/", namespace or "/"


def nearest_first(path: str, routes: Sequence[Route]) -> tuple[Route, ...]:
    """A broken connection's near misses, connections only, those over its engine path
    first, then another namespace before the root (which every server takes, and so says
    little); a broken event's, the events of its namespace over its engine path only."""
    engine, namespace = parts(path)
    if event_of(path):
        return tuple(r for r in routes if event_of(r.path) and parts(r.path) == (engine, namespace))

    def rank(route: Route) -> tuple[bool, bool]:
        theirs = parts(route.path)
        return theirs[0] != engine, namespace != "/" and theirs[1] == "/"

    return tuple(sorted((r for r in routes if not event_of(r.path)), key=rank))


def socketio_servers(
    resolution: Resolution, values: Values, external: Sequence[ResolvedCall]
) -> tuple[list[Route], list[UnreadRoute]]:
    """The connections each service's socket.io servers take: each engine path with the
    root namespace and every namespace the service's code names. `external`: the calls of
    `resolution.calls` that are libraries', in order."""
    return _Servers(resolution, values, external).find()


class _Servers:
    def __init__(
        self, resolution: Resolution, values: Values, external: Sequence[ResolvedCall]
    ) -> None:
        self.resolution = resolution
        self.values = values
        self.routes: list[Route] = []
        self.unread: list[UnreadRoute] = []
        # service -> its engine paths (with where each is set), its namespaces (likewise)
        self.engines: dict[str, list[tuple[str, Where]]] = {}
        self.namespaces: dict[str, list[tuple[str, Where]]] = {}
        self.node: set[str] = set()  # the services running a Node socket.io server
        self.python: dict[str, Where] = {}  # a python-socketio server of each service
        self.served: set[str] = set()  # the services where a python server's app is read
        # namespaces not known (service, what, where): any, over each engine path
        self.pending: list[tuple[str, str, Where]] = []
        # The calls of the files the reader walks: those of tests and examples serve only
        # them (`undeployed.deployed_only`), so a stub server there is none of the service's.
        listed = set(resolution.facts)
        self.calls = listed_calls(resolution)
        # Those of libraries, all that `find` and `_mounted_elsewhere` look at first.
        self.external = listed_calls(resolution, external)
        self.handlers = NodeHandlers(resolution, self.calls)  # the events Node servers take
        # A server a workspace package's function makes is the services' that call it.
        references = (r for r in resolution.references if r.path in listed)
        self.runners = Runners(self.calls, references, values.service_of)
        # service -> the services mounting the python-socketio app it makes at module level
        # and serves nowhere itself (`_mounted_elsewhere`)
        self.moved: dict[str, tuple[str, ...]] = {}

    def find(self) -> tuple[list[Route], list[UnreadRoute]]:
        calls = self.calls
        self._mounted_elsewhere()
        for resolved in self.external:
            qualname = resolved.qualname
            if not resolved.path.endswith(".py"):
                self._node(resolved, qualname)
            elif qualname in _PY_SERVERS:
                for service in self._services(resolved):
                    self._python_server(resolved, service)
            elif qualname in _PY_APPS:
                for service in self._services(resolved):
                    self._python_app(resolved, service)
            elif _on_python_server(qualname) and _adds_handler(qualname):
                for service in self._services(resolved):
                    self._python_handler(resolved, service, qualname.rpartition(".")[2])
        self._in_place()
        self._loose(calls)
        self.handlers.read(self._services, self.node, self._namespace_of)
        for service, where in sorted(self.python.items()):
            if service not in self.served:
                what = "where a python-socketio server is served (no ASGIApp or WSGIApp read)"
                self._unread(service, "", what, where)
        self._compose()
        return self.routes, self.unread

    def _in_place(self) -> None:
        """`require('socket.io')(server, opts)` written in place, a server made by a call
        of the call the binder does not record: it may take any connection."""
        for path, facts in sorted(self.resolution.facts.items()):
            for written in facts.imports:
                if (
                    written.module == "socket.io"
                    and written.kind == "require"
                    and not written.names
                ):
                    where = Where(path, written.span.line, written.span.column)
                    what = "a socket.io server made by require('socket.io')(...) in place"
                    # A workspace package's function making it: each calling service's.
                    for service in self.runners.services(path, written.scope):
                        self.node.add(service)
                        self._unread(service, "", what, where)

    def _loose(self, calls: Sequence[ResolvedCall]) -> None:
        """The calls of a service running a socket.io server that may add a namespace to
        it though seamcheck does not tie them to it (`this.io.of('/chat')`, `self.sio.on(
        'x', h, namespace='/chat')` on a server held by an attribute): each namespace they
        name is taken, and one not known may be any."""
        if not self.node and not self.python:
            return  # most trees: no socket.io server, nothing to add to
        for resolved in calls:
            qualname, call = resolved.qualname, resolved.call
            method = call.callee.rpartition(".")[2]
            if method not in _LOOSE_METHODS:
                continue  # most calls: screened before anything else is looked up
            if resolved.kind == "builtin" or _on_python_server(qualname):
                continue
            javascript = not resolved.path.endswith(".py")
            if javascript != (method == "of") or (javascript and _of_server(qualname)):
                continue  # Node's `.of()`, python-socketio's handlers: the others add none
            for service in self._services(resolved):
                if javascript and service in self.node:
                    first = next((a for a in call.args if a.keyword is None), None)
                    self._namespace(resolved, service, first, "a namespace .of() may make")
                elif not javascript and service in self.python:
                    self._python_handler(resolved, service, method)

    # -- Node ----------------------------------------------------------------------------

    def _node(self, resolved: ResolvedCall, qualname: str) -> None:
        read: Callable[[ResolvedCall, str], None]
        if qualname in _NODE_SERVERS:
            read = self._node_server
        elif _of_server(qualname):
            read = self._node_namespace
        elif _on_node_server(qualname, _PATH_SETTERS):
            read = self._node_path_set
        elif qualname == _NODE_ADMIN:
            read = self._admin
        elif qualname == _NEST_GATEWAY:
            read = self._nest_gateway
        else:
            return  # most calls: no socket.io server's, nothing to look up
        for service in self._services(resolved):
            read(resolved, service)

    def _node_namespace(self, resolved: ResolvedCall, service: str) -> None:
        """`io.of('/chat')`."""
        first = next((a for a in resolved.call.args if a.keyword is None), None)
        self._namespace(resolved, service, first, "a namespace io.of() makes at run time")

    def _nest_gateway(self, resolved: ResolvedCall, service: str) -> None:
        """`@WebSocketGateway({ namespace: 'chat' })`: a server beside those read (its
        adapter's `new Server(port, opts)`, say) that may take any connection and event."""
        where = _where(resolved)
        self._unread(service, "", "the connections a NestJS gateway takes", where)
        self.handlers.unknown(service, "the events a NestJS gateway takes", where)

    def _node_path_set(self, resolved: ResolvedCall, service: str) -> None:
        """`io.path('/rt')`, or options given later: `io.attach(httpServer, { path })`,
        `io.listen(3000, { path })`."""
        call, where = resolved.call, _where(resolved)
        method = resolved.qualname.rpartition(".")[2]
        first = next((a for a in call.args if a.keyword is None), None)
        if method == "path":
            if first is not None:
                self._engine_given(resolved, service, first, "the path of a socket.io server")
            return
        read, given = self._path_option(resolved)
        if not read:
            self._unread(service, "", _OPTIONS_NOT_READ, where)
        elif given is not None:
            self._engine_given(resolved, service, given, "the path of a socket.io server")

    def _node_server(self, resolved: ResolvedCall, service: str) -> None:
        where = _where(resolved)
        self.node.add(service)
        read, given = self._path_option(resolved)
        if not read:
            self._unread(service, "", _OPTIONS_NOT_READ, where)
        elif given is None:
            self._engine(service, _DEFAULT_PATH, where)
        else:
            self._engine_given(resolved, service, given, "the path of a socket.io server")

    def _path_option(self, resolved: ResolvedCall) -> tuple[bool, Arg | None]:
        """Whether a Node server's options are read, and the `path` they give (None: none,
        the default); not read when they are not (`config.socket`) or a spread may give it."""
        options = self._node_options(resolved)
        if options is None:
            return False, None
        given = next((a for a in reversed(options) if a.keyword == "path"), None)
        if given is None and any(a.kind in ("spread", "more") for a in options):
            return False, None
        return True, given

    def _node_options(self, resolved: ResolvedCall) -> Sequence[Arg] | None:
        """The entries of the options a Node server is given (`new Server(httpServer, {
        path })`, `io.attach(httpServer, opts)`; none given: `()`), also through a name bound
        to an object in the file (`const opts = { path: '/rt' }`); None when they are given
        but not read (`new Server(httpServer, config.socket)`)."""
        call = resolved.call
        positional = [a for a in call.args if a.keyword is None]
        for index, arg in enumerate(positional[:2]):
            if arg.kind == "object":
                return arg.items
            located = None
            if arg.kind == "name":
                located = self.values.locate(resolved.path, call.scope, arg.value)
            if located is not None and located.binding.kind == "object":
                # Its entries are read where the call is: only a binding of this file.
                return located.binding.items if located.path == resolved.path else None
            if index == 1:
                return None  # the options, not read
        return ()

    # -- Python --------------------------------------------------------------------------

    def _mounted_elsewhere(self) -> None:
        """A python-socketio app a workspace package makes at module level (`sio_app =
        socketio.ASGIApp(sio)` in libs/realtime) that only other services mount (services/api's
        `app.mount('/ws', sio_app)`): the package's python-socketio servers, handlers and
        namespaces are theirs (`moved`). Which server a handler is on is not read, so the
        package moves only when all its apps other services mount are mounted by the same
        ones, and none is served by the package's own service: two apps mounted by two
        services, or one its own service serves, stay where they are."""
        apps = [r for r in self.external if r.qualname in _PY_APPS]
        if not apps:
            return  # most trees
        mounts = [
            r for r in self.calls if r.path.endswith(".py") and r.call.callee.endswith(".mount")
        ]
        mounting: dict[str, set[frozenset[str]]] = {}  # service -> the services mounting each
        serving: set[str] = set()  # the services serving an app they make themselves
        for app in apps:
            own = self.values.service_of.get(app.path, "")
            if self._services(app) != (own,):
                continue
            if self._mounted_at(app, own) is not None:
                serving.add(own)
                continue
            others = frozenset(
                service
                for mount in mounts
                if self._mounts(mount, app)
                for service in self._services(mount)
                if service != own
            )
            if others:
                mounting.setdefault(own, set()).add(others)
        self.moved = {
            own: tuple(sorted(next(iter(sets))))
            for own, sets in mounting.items()
            if len(sets) == 1 and own not in serving
        }

    def _python_server(self, resolved: ResolvedCall, service: str) -> None:
        self.python.setdefault(service, _where(resolved))
        given = next((a for a in resolved.call.args if a.keyword == "namespaces"), None)
        if given is None:
            return
        items = given.items if given.kind == "list" else (given,)
        for item in items:
            what = "the namespaces a python-socketio server accepts"
            self._namespace(resolved, service, item, what)

    def _python_app(self, resolved: ResolvedCall, service: str) -> None:
        """`socketio.ASGIApp(sio, socketio_path=...)`: served at its path where the code
        mounts it (`app.mount('/ws', asgi_app)`: at the mount's prefix and the path, as
        Starlette before 0.33 gave a mounted app the rest of the path, and at the path alone
        when it is the prefix or under it, as Starlette 0.33 on gives the whole path: so
        `app.mount('/socket.io', ASGIApp(sio))` serves `/socket.io`), or whole where it wraps
        the app (`other_asgi_app=`) or is the module's `app`."""
        call = resolved.call
        self.served.add(service)
        given = next((a for a in call.args if a.keyword == "socketio_path"), None)
        positional = [a for a in call.args if a.keyword is None]
        if given is None and len(positional) > 3:
            given = positional[3]
        engine = "socket.io"
        if given is not None:
            value = self.values.of_arg(resolved.path, call.scope, given)
            text = literal(value) if value is not None else None
            if text is None:
                what = "the socketio_path of a python-socketio app, known only at run time"
                self._unread(service, "", what, _where(resolved))
                return
            engine = text
        engine = "/" + engine.strip("/")
        prefixes = self._mounted_at(resolved, service)
        if prefixes is None:
            what = "where a python-socketio app is mounted"
            self._unread(service, "", what, _where(resolved))
            return
        for prefix in prefixes:
            self._engine(service, f"{prefix.rstrip('/')}{engine}", _where(resolved))
            if prefix and _under(normalise(engine), normalise(prefix)):
                self._engine(service, engine, _where(resolved))

    def _mounted_at(self, app: ResolvedCall, service: str) -> list[str] | None:
        """The prefixes a python-socketio app is mounted at (`app.mount('/ws', sio_app)`, in
        any file of `service`; `[""]`: served whole); None when it is neither mounted
        where seamcheck reads nor evidently the whole app."""
        prefixes: list[str] = []
        for resolved in self.calls:
            mount = resolved.call
            if not mount.callee.endswith(".mount") or not resolved.path.endswith(".py"):
                continue
            if service not in self._services(resolved) or not self._mounts(resolved, app):
                continue
            first = next((a for a in mount.args if a.keyword in (None, "path")), None)
            value = self.values.of_arg(resolved.path, mount.scope, first) if first else None
            text = literal(value) if value is not None else None
            if text is None or self._mounted_in_turn(resolved, service):
                return None
            prefixes.append(text.rstrip("/"))
        if prefixes:
            return prefixes
        wraps = any(a.keyword == "other_asgi_app" for a in app.call.args)
        return [""] if wraps or self._bound_to(app) in ("app", "application") else None

    def _mounts(self, mount: ResolvedCall, app: ResolvedCall) -> bool:
        """Whether a `mount(path, x)` call mounts the app: written in place, or by a name
        bound to it here or in another file, or as what a function making it returns
        (`app.mount('/ws', create_socket_app())`)."""
        if mount.path == app.path and call_within(app.call, mount.call):
            return True
        located = self._child(mount)
        made: tuple[str, Call] | None
        if located is None:
            made = self._child_made(mount)
        elif located.path == app.path and located.binding.line == app.call.span.line:
            return True
        elif located.binding.kind == "call":
            creator = self.values.creator(located)
            made = (located.path, creator) if creator is not None else None
        else:
            return False
        return made is not None and self._makes(*made, app)

    def _child_made(self, mount: ResolvedCall) -> tuple[str, Call] | None:
        """The call whose result a `mount(path, f())` mounts, written in place, and its file."""
        positional = [a for a in mount.call.args if a.keyword is None]
        child = next((a for a in mount.call.args if a.keyword == "app"), None)
        if child is None and len(positional) > 1:
            child = positional[1]
        at = result_of(child) if child is not None else None
        facts = self.resolution.facts.get(mount.path)
        if at is None or facts is None:
            return None
        made = next((c for c in facts.calls if (c.span.line, c.span.column) == at), None)
        return (mount.path, made) if made is not None else None

    def _makes(self, path: str, made: Call, app: ResolvedCall) -> bool:
        """Whether the call `made` (written in `path`) of a function of the repository makes
        the app: the app is made in that function (`def create_socket_app(): ... return
        socketio.ASGIApp(sio)`)."""
        called = self.values.called_function(path, made)
        if called is None:
            return False
        at, _, definition = called
        scope, function = app.call.scope, definition.qualname
        return at == app.path and (scope == function or scope.startswith(function + "."))

    def _child(self, mount: ResolvedCall) -> Located | None:
        """Where the name a `mount(path, x)` or `Mount(path, app=x)` mounts is bound."""
        positional = [a for a in mount.call.args if a.keyword is None]
        child = next((a for a in mount.call.args if a.keyword == "app"), None)
        if child is None and len(positional) > 1:
            child = positional[1]
        if child is None or child.kind != "name":
            return None
        return self.values.locate(mount.path, mount.call.scope, child.value)

    def _mounted_in_turn(self, mount: ResolvedCall, service: str) -> bool:
        """Whether the app a python-socketio app is mounted on is itself mounted (`api.mount(
        '/ws', sio_app)`, then `app.mount('/api', api)`): the paths it serves are then under
        a prefix not composed here."""
        owner = mount.call.callee.rpartition(".")[0]
        if not owner or "(" in owner:
            return False
        located = self.values.locate(mount.path, mount.call.scope, owner)
        if located is None:
            return False
        for other in self.calls:
            callee = other.call.callee
            if not other.path.endswith(".py"):
                continue
            if not (callee.endswith(".mount") or callee.rpartition(".")[2] == "Mount"):
                continue
            if service not in self._services(other):
                continue
            child = self._child(other)
            if (
                child is not None
                and child.path == located.path
                and child.binding.line == located.binding.line
            ):
                return True
        return False

    def _bound_to(self, app: ResolvedCall) -> str:
        """The name the app is assigned to, "" for none."""
        file = self.values.symbols.get(app.path)
        if file is None:
            return ""
        line = app.call.span.line
        for (_, name), binding in file.bindings.items():
            if binding.kind == "call" and binding.line == line:
                return name
        return ""

    def _python_handler(self, resolved: ResolvedCall, service: str, method: str) -> None:
        call = resolved.call
        if method == "register_namespace":
            self._registered(resolved, service)
            return
        if method == "attach":  # aiohttp, Sanic, Tornado: served at the app's root
            self.served.add(service)
            given = next((a for a in call.args if a.keyword == "socketio_path"), None)
            if given is None:
                self._engine(service, "socket.io", _where(resolved))
            else:
                what = "the socketio_path of a python-socketio server"
                self._engine_given(resolved, service, given, what)
            return
        given = next((a for a in call.args if a.keyword == "namespace"), None)
        if given is not None:
            what = "a namespace a python-socketio handler names"
            self._namespace(resolved, service, given, what)
        elif method == "instrument":  # the Admin UI's namespace, `/admin` by default
            self._admin(resolved, service)

    def _admin(self, resolved: ResolvedCall, service: str) -> None:
        """The Socket.IO Admin UI's namespace: python-socketio's `sio.instrument()`, Node's
        `instrument(io, opts)` of `@socket.io/admin-ui`; `/admin` unless `namespace` says."""
        call = resolved.call
        options = next((a for a in call.args if a.kind == "object"), None)
        items = options.items if options is not None else call.args
        given = next((a for a in items if a.keyword == "namespace"), None)
        if (
            given is None
            and options is not None
            and any(a.kind in ("spread", "more") for a in items)
        ):
            self._namespace(resolved, service, None, "the namespace of the Socket.IO Admin UI")
        elif given is None:
            self.namespaces.setdefault(service, []).append(("/admin", _where(resolved)))
        else:
            self._namespace(resolved, service, given, "the namespace of the Socket.IO Admin UI")

    def _registered(self, resolved: ResolvedCall, service: str) -> None:
        """`sio.register_namespace(ChatNamespace('/chat'))`: the namespace the class is made
        with, written in place; any other is not read."""
        call = resolved.call
        made = [
            other.call
            for other in self.calls
            if other.path == resolved.path and call_within(other.call, call)
        ]
        first = made[0].args[0] if len(made) == 1 and made[0].args else None
        if first is not None and first.keyword is None:
            what = "a namespace registered on a python-socketio server"
            self._namespace(resolved, service, first, what)
        else:
            what = "a namespace registered on a python-socketio server, not read"
            self._unread_namespace(service, what, _where(resolved))

    # -- shared --------------------------------------------------------------------------

    def _engine_given(self, resolved: ResolvedCall, service: str, given: Arg, what: str) -> None:
        where = _where(resolved)
        value = self.values.of_arg(resolved.path, resolved.call.scope, given)
        text = literal(value) if value is not None else None
        if text is None:
            self._unread(service, "", f"{what}, known only at run time", where)
        else:
            self._engine(service, text, where)

    def _namespace(self, resolved: ResolvedCall, service: str, arg: Arg | None, what: str) -> None:
        where = _where(resolved)
        value = self.values.of_arg(resolved.path, resolved.call.scope, arg) if arg else None
        text = literal(value) if value is not None else None
        if text is None or text == "*":
            self._unread_namespace(service, what, where)
        else:
            self.namespaces.setdefault(service, []).append(("/" + text.strip("/"), where))

    def _engine(self, service: str, path: str, where: Where) -> None:
        self.engines.setdefault(service, []).append(("/" + path.strip("/"), where))

    def _unread(self, service: str, head: str, what: str, where: Where) -> None:
        self.unread.append(UnreadRoute(service, SIO, head, what, FRAMEWORK, where))

    def _unread_namespace(self, service: str, what: str, where: Where) -> None:
        """A namespace not known: it may be any, over each of the service's engine paths
        (composed once they are all read: `_compose`)."""
        self.pending.append((service, what, where))

    def _compose(self) -> None:
        for service, engines in sorted(self.engines.items()):
            # The root namespace is every server's, where the server is.
            names = [(n, at) for n, at in self.namespaces.get(service, []) if n != "/"]
            for engine, where in dict.fromkeys(engines):
                path = connection_path(engine, "/")
                self.routes.append(Route(service, SIO, path, FRAMEWORK, where))
                for namespace, at in names:
                    path = connection_path(engine, namespace)
                    self.routes.append(Route(service, SIO, path, FRAMEWORK, at))
        for service, what, where in self.pending:
            engines = self.engines.get(service) or [("", where)]
            for engine, _ in dict.fromkeys(engines):
                head = connection_path(engine, "/") if engine else ""
                self._unread(service, head, what, where)
        self._compose_events()

    def _compose_events(self) -> None:
        """The events each Node service's handlers take, over each of its engine paths; any
        event where they are not all read, and on a python-socketio server (not read)."""
        for service, engines in sorted(self.engines.items()):
            paths = [engine for engine, _ in dict.fromkeys(engines)]
            if service in self.python or service not in self.node:
                what = "the events python-socketio handlers take"
                for engine in paths:
                    self._unread_events(service, engine, "", what, self.python.get(service))
                continue
            for namespace, event, at in self.handlers.events.get(service, []):
                for engine in paths:
                    path = event_path(engine, namespace, event)
                    self.routes.append(Route(service, SIO, path, FRAMEWORK, at))
            for namespace, what, at in self.handlers.unread.get(service, []):
                for engine in paths:
                    self._unread_events(service, engine, namespace, what, at)

    def _unread_events(
        self, service: str, engine: str, namespace: str, what: str, where: Where | None
    ) -> None:
        """Any event of `namespace` ("" any namespace) over `engine` may be taken."""
        if where is None:
            return
        tail = connection_path("", namespace) if namespace else ""
        head = events_head(engine)
        self.unread.append(
            UnreadRoute(service, SIO, head, what, FRAMEWORK, where, tail=tail, partial=True)
        )

    def _namespace_of(self, resolved: ResolvedCall) -> str | None:
        """The namespace a `.on('connection', ...)` or `.use(...)` call's receiver is
        (`NamespaceOf`)."""
        qualname = resolved.qualname
        if _on_node_server(qualname, ("on", "use")):
            return "/"
        owner, _, method = qualname.rpartition(".")
        if method not in ("on", "use") or not _of_server(owner.removesuffix("()")):
            return None
        call = resolved.call
        start = (call.span.line, call.span.column)
        receiver = call.callee.rpartition(".")[0]
        located = None
        if "(" not in receiver:
            located = self.values.locate(resolved.path, call.scope, receiver)
        inline: list[ResolvedCall] = []
        named: list[ResolvedCall] = []
        for other in self.calls:
            if other.path != resolved.path or not _of_server(other.qualname):
                continue
            if (other.call.span.line, other.call.span.column) == start:
                inline.append(other)
            elif (
                located is not None
                and located.path == other.path
                and located.binding.line == other.call.span.line
            ):
                named.append(other)
        # A name's binding says only its line: of two `io.of()` there (`const chat =
        # io.of('/chat'), news = io.of('/news')`), which it holds is not known.
        made = inline or named
        if len(made) != 1:
            return None
        other = made[0]
        first = next((a for a in other.call.args if a.keyword is None), None)
        value = self.values.of_arg(other.path, other.call.scope, first) if first else None
        text = literal(value) if value is not None else None
        return "/" + text.strip("/") if text is not None else None

    def _services(self, resolved: ResolvedCall) -> tuple[str, ...]:
        """The services running the code a call is written in (`Runners`): a server a
        workspace package's function makes is each calling service's; a python-socketio
        server of a package whose app other services mount is theirs (`moved`)."""
        services = self.runners.services(resolved.path, resolved.call.scope)
        if not self.moved or not resolved.path.endswith(".py"):
            return services
        return tuple(sorted({m for s in services for m in self.moved.get(s, (s,))}))


def _under(engine: str, prefix: str) -> bool:
    """Whether a mount at `prefix` that hands the whole path on (Starlette 0.33 on) reaches
    the app's engine path: it is the prefix or under it (`app.mount('/socket.io',
    ASGIApp(sio))` serves `/socket.io`)."""
    return engine == prefix or engine.startswith(prefix + "/")


def _of_server(qualname: str) -> bool:
    """`io.of(...)` on a Node socket.io server (`socket.io.Server().of`)."""
    return _on_node_server(qualname, ("of",))


def _on_node_server(qualname: str, methods: Sequence[str]) -> bool:
    """A call of one of `methods` on a Node socket.io server."""
    owner, _, method = qualname.rpartition(".")
    return method in methods and owner.endswith("()") and owner[:-2] in _NODE_SERVERS


def _adds_handler(qualname: str) -> bool:
    """A python-socketio server's method adding a handler or serving it (`attach`): its
    `emit(..., namespace=)`, `enter_room` and others name a namespace they do not add (the
    server refuses one no handler takes)."""
    method = qualname.rpartition(".")[2]
    return method in _HANDLER_METHODS or method == "attach"


def _on_python_server(qualname: str) -> bool:
    """A method called on a python-socketio server (`socketio.AsyncServer().on`)."""
    owner, _, _ = qualname.rpartition(".")
    return owner.endswith("()") and owner[:-2] in _PY_SERVERS


def _where(resolved: ResolvedCall) -> Where:
    span = resolved.call.span
    return Where(resolved.path, span.line, span.column)
