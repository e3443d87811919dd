"""The ports a service listens on from inside the network, where each is written, and whether
those are all of them: what a call naming a compose service or a Kubernetes Service by its
host name, with a port, is checked against (`Listening.wrong_port`).

A Kubernetes Service takes calls on its `port`s only (the cluster forwards no other), so its
manifest says all, unless it is headless (its name is its pods' addresses), an
`ExternalName`, or a Helm template fills its port in. A compose service's container answers
on whatever its processes listen on: compose's `ports:` and `expose:` restrict nothing inside
the network. So its ports are all known only when every process it runs is read and each
server's port is written: its start command (compose's `command:`/`entrypoint:`, else its
image's `CMD`/`ENTRYPOINT`; the scripts it runs, one level; the package.json script `npm
start` runs) runs only servers told their port (`uvicorn app:app --port 8000`; `--port
$PORT` in a line a shell reads, read in what the container is given: `_told`), the
service's own Python or Node.js code, and commands that listen on nothing (`alembic upgrade
head`); and the service's deployed code starts no server whose port is not written
(`app.listen(process.env.PORT)` with PORT set nowhere, `uvicorn.run(app)`,
`asyncio.start_server` or a metrics server on a port from a setting, a server library
seamcheck reads the port of in no way: `serve(...)`, `.launch(...)`). One server whose port
is not known, a program seamcheck does not read (`celery`, `nginx`, `streamlit`, a script not
in the repository), no server read at all, another compose service sharing the container's
network (`network_mode: service:api`), `network_mode` or `extends:` of its own, a build
`target:` stage, an override file beside its compose file naming it
(`docker-compose.override.yml`), or an image not built here leaves its ports not all
known: a call to it is linked by its path alone.

The ports known are those servers', and what the files declare (the image's `EXPOSE`, the
container side of compose `ports:`, `expose:`, the listen calls of any of the service's
files, tests' too): a call on any of them is not reported. The host side of a `ports:`
mapping (`9000:8000`) reaches the container from the host only, not from another container."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from seamcheck.dockerfile import port_number
from seamcheck.facts import Arg
from seamcheck.project import ComposeService, Project, compose_owner
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.manifests import Manifests, read_text
from seamcheck.seams.model import PortSource, Where, WrongPort
from seamcheck.seams.started import ContainerRun, StartCommands
from seamcheck.seams.values import Values, literal
from seamcheck.startcommand import Process, port_of, variables_read

LISTEN_CALLEES_PY = ("uvicorn.run", "web.run_app", "aiohttp.web.run_app", "hypercorn.run")
LISTEN_SUFFIXES = (
    "run", "run_app", ".listen", ".add_insecure_port", ".add_secure_port", ".bindAsync", ".bind",
)  # fmt: skip
# Python web frameworks whose app's `run()` serves (Flask's on 5000 unless told).
_APP_RUNS = re.compile(r"(flask|quart|sanic|flask_socketio|socketio|dash)\b.*\.run$")
# Library calls that start a server, and where their port is: (position, keyword, the item
# of a `(host, port)` tuple at that position, or -1 when the argument is the port).
_STARTERS: dict[str, tuple[int, str, int]] = {
    "asyncio.start_server": (2, "port", -1),
    "websockets.serve": (2, "port", -1),
    "websockets.server.serve": (2, "port", -1),
    "websockets.asyncio.server.serve": (2, "port", -1),
    "websockets.legacy.server.serve": (2, "port", -1),
    "prometheus_client.start_http_server": (0, "port", -1),
    "prometheus_client.start_wsgi_server": (0, "port", -1),
    "prometheus_client.exposition.start_http_server": (0, "port", -1),
    "waitress.serve": (-1, "port", -1),
    "wsgiref.simple_server.make_server": (1, "port", -1),
    "werkzeug.serving.run_simple": (1, "port", -1),
    "werkzeug.run_simple": (1, "port", -1),
    "http.server.HTTPServer": (0, "server_address", 1),
    "http.server.ThreadingHTTPServer": (0, "server_address", 1),
    "socketserver.TCPServer": (0, "server_address", 1),
    "socketserver.ThreadingTCPServer": (0, "server_address", 1),
    "gevent.pywsgi.WSGIServer": (0, "listener", 1),
    "gevent.server.StreamServer": (0, "listener", 1),
    "aiohttp.web.TCPSite": (2, "port", -1),
    "uvicorn.Config": (-1, "port", -1),
}
# JS library calls that start a server, by where its port is: `object` a `port` entry of
# the options (none: it shares another server's, `{ server }`, `{ noServer: true }`),
# `first` the first argument (socket.io's `new Server(3001)`; `new Server(httpServer)`
# shares that server's), `options` a `port` entry, on a port not known without one (Hapi's).
_JS_STARTERS = {
    "ws.WebSocketServer": "object",
    "ws.Server": "object",
    "ws.WebSocket.Server": "object",
    "socket.io.Server": "first",
    "@hapi/hapi.server": "options",
    "@hapi/hapi.Server": "options",
    "hapi.server": "options",
    "hapi.Server": "options",
}
# Calls that start a server, of a library no entry above reads (Python's
# `loop.create_server`, gradio's `launch`, Dash's `run_server`; a JS `serve({ port })` of
# @hono/node-server or Bun, NestJS's microservices): the port is read from a `port` (or
# gradio's `server_port`) keyword or entry where there is one, else not known. A JS
# `serve(...)` given no options object is no server (koa-static's `serve('public')`).
_SERVING_NAMES_PY = frozenset(
    {
        "serve", "serve_forever", "start_server", "create_server", "run_server", "launch",
        "run_simple", "make_server",
    }
)  # fmt: skip
_SERVING_NAMES_JS = frozenset(
    {
        "serve", "runServer", "startServer", "startStandaloneServer", "createMicroservice",
        "connectMicroservice",
    }
)  # fmt: skip
# The last name of every call `_server_port` may take for a server's start, by its callee or
# its qualified name: most calls are none, told apart by a set lookup.
_CANDIDATES = frozenset(
    {
        *(name.rpartition(".")[2] for name in (*_STARTERS, *_JS_STARTERS)),
        *(suffix.lstrip(".") for suffix in LISTEN_SUFFIXES),
        *_SERVING_NAMES_PY,
        *_SERVING_NAMES_JS,
    }
)
_MAX_RANGE = 64  # ports of one compose `expose: 8000-8063` read; a wider range: not known
# Servers whose port answers what the code itself speaks there, not the service's routes: a
# metrics endpoint, a raw protocol (`asyncio.start_server(handle, ...)`, Node's
# `net.createServer(onSocket).listen(9000)`), the standard library's servers and gevent's
# stream server on a handler class; also a socket the code binds (`.bind`: `sock.bind(("",
# 9100))`, zmq's `"tcp://*:5555"`, a UDP socket) and Python's `create_server`/`start_server`
# of an event loop or a library not read.
_OWN_PROTOCOL = frozenset(
    {
        "asyncio.start_server", "prometheus_client.start_http_server",
        "prometheus_client.start_wsgi_server", "prometheus_client.exposition.start_http_server",
        "http.server.HTTPServer", "http.server.ThreadingHTTPServer", "socketserver.TCPServer",
        "socketserver.ThreadingTCPServer", "gevent.server.StreamServer",
        *(f"{module}.{factory}.listen" for module in ("net", "node:net", "tls", "node:tls")
          for factory in ("createServer", "Server")),
    }
)  # fmt: skip
_OWN_PROTOCOL_NAMES_PY = frozenset({"create_server", "start_server"})


@dataclass(frozen=True, slots=True)
class CodeServer:
    """A server a service's code starts: the port it listens on (None: not known before run
    time), the call, whether the deployed code makes it (a test's does not run there), and
    whether it serves the service's routes (`routes`; not a socket, a metrics endpoint or a
    protocol of the code's own: `_OWN_PROTOCOL`)."""

    service: str
    port: int | None
    label: str
    where: Where
    deployed: bool
    routes: bool = True


def listen_port_arg(
    callee: str, qualname: str, args: tuple[Arg, ...], python: bool = False
) -> Arg | None:
    """The port argument of a call whose callee ends with one of `LISTEN_SUFFIXES`. A
    `.bind` takes its address first, never by keyword: structlog's and loguru's
    `logger.bind(worker=42)` bind names to a logger; Python's sockets take a `(host, port)`
    tuple (`sock.bind(("", 8000))`), zmq an address string (`"tcp://*:5555"`)."""
    if qualname.startswith(LISTEN_CALLEES_PY) or callee.endswith(".run"):
        # uvicorn.run(app, port=8000), app.run(port=5000), web.run_app(app, port=8080)
        return next((a for a in args if a.keyword == "port"), None)
    if callee.endswith((".add_insecure_port", ".add_secure_port", ".bindAsync")):
        return args[0] if args else None
    if callee.endswith(".bind"):
        first = args[0] if args and args[0].keyword is None else None
        if first is None or (python and first.kind not in ("list", "str", "expr")):
            return None
        return first
    if callee.endswith(".listen") and args and args[0].kind in ("num", "name", "expr"):
        return args[0]
    return None


def port_in(text: str) -> int | None:
    """`8080`, `0.0.0.0:50051`, `[::]:50051` -> the port."""
    return port_number(text.rsplit(":", 1)[-1].strip())


def code_servers(
    resolution: Resolution, values: Values, undeployed: frozenset[str]
) -> Iterator[CodeServer]:
    """Each server the code starts (`CodeServer`), by the calls that start one, its port
    read with `values` (`Values.without_code_defaults`: a default the environment may
    override is no port known)."""
    # Most calls start no server: told apart by the last name of their callee or API, what
    # each callee and API says worked out once.
    callees: dict[str, bool] = {}
    qualnames: dict[str, bool] = {}
    for call in resolution.calls:
        if call.kind == "function":
            continue  # read where the function starts its server
        callee, qualname = call.call.callee, call.qualname
        named = callees.get(callee)
        if named is None:
            named = callees[callee] = _callee_may_start(callee)
        if not named:
            named = qualnames.get(qualname)
            if named is None:
                named = qualnames[qualname] = _qualname_may_start(qualname)
            if not named:
                continue
        found = _server_port(call)
        if found is None:
            continue
        label, arg, sure = found
        if arg is not None and arg.kind == "list" and len(arg.items) == 2:
            arg = arg.items[1]  # `sock.bind(("0.0.0.0", 8000))`
        port = None
        if arg is not None:
            port = port_in(literal(values.of_arg(call.path, call.call.scope, arg) or ()) or "")
        if port is None and not sure:
            continue
        where = Where(call.path, call.call.span.line)
        service = values.service_of.get(call.path, "")
        deployed = call.path not in undeployed
        yield CodeServer(service, port, label, where, deployed, _serves_routes(call))


def _serves_routes(call: ResolvedCall) -> bool:
    """Whether a call that starts a server serves the service's routes there (`app.listen`,
    `uvicorn.run`, `waitress.serve(app)`), not a protocol of the code's own (`_OWN_PROTOCOL`)."""
    callee = call.call.callee
    if callee.endswith(".bind") or call.qualname.replace("()", "") in _OWN_PROTOCOL:
        return False
    python = call.path.endswith((".py", ".pyi"))
    return not (python and callee.rpartition(".")[2] in _OWN_PROTOCOL_NAMES_PY)


def _callee_may_start(callee: str) -> bool:
    """Whether a call written so may start a server, whatever it is bound to (`_CANDIDATES`)."""
    last = callee.rpartition(".")[2]
    return last in _CANDIDATES or last.endswith("run")


def _qualname_may_start(qualname: str) -> bool:
    """Whether a call of a library's API may start a server, however it is written."""
    return qualname.rpartition(".")[2] in _CANDIDATES or qualname.startswith("ray.serve")


def _server_port(call: ResolvedCall) -> tuple[str, Arg | None, bool] | None:
    """(what starts a server, the argument that is its port, None when none is, whether it
    surely starts one) when the call may start one; None when it does not. One that may be
    another call (a JS `.bind(this)`, Python's `logger.bind(...)`, a callback given to
    `history.listen`) starts one only when its port is there to read. Only a call that is
    no call of the repository's own function (`serve()`, read where that function starts
    the server) and that `_callee_may_start` or `_qualname_may_start` passes is asked."""
    facts, qualname = call.call, call.qualname
    callee, args = facts.callee, facts.args
    last = callee.rpartition(".")[2]
    label = ".".join(callee.split(".")[-2:])
    python = call.path.endswith((".py", ".pyi"))
    starter = _STARTERS.get(qualname.replace("()", ""))
    if starter is not None:
        return label, _positional(args, *starter), True
    shape = _JS_STARTERS.get(qualname)
    if shape is not None:
        return _js_server(label, shape, args)
    if qualname.startswith("uvicorn.Server"):
        return None  # `uvicorn.Server(config).serve()`: its `uvicorn.Config` has the port
    if callee.endswith(LISTEN_SUFFIXES):
        if python and callee.endswith(".listen"):
            # A socket's `listen(5)` is its backlog; Tornado's `app.listen(8888)` a port.
            if not qualname.startswith("tornado"):
                return None
            return label, args[0] if args else None, True
        arg = listen_port_arg(callee, qualname, args, python)
        if arg is not None:
            return label, arg, not callee.endswith(".bind")
        if qualname.startswith(LISTEN_CALLEES_PY) or _APP_RUNS.match(qualname):
            return label, None, True  # on its default port, or one its settings give
        if callee.endswith(".listen") and not python:
            if args and args[0].kind == "object":
                return label, _entry(args[0], "port"), True
            return label, None, False
        if callee.endswith(".bindAsync"):
            return label, None, True
    if python and (last in _SERVING_NAMES_PY or qualname.startswith("ray.serve")):
        made_by = qualname.rpartition(".")[0].replace("()", "")
        if made_by in _STARTERS or made_by.startswith("uvicorn.Server"):
            return None  # `HTTPServer(("", 8000), H).serve_forever()`: its maker has the port
        keyword = "server_port" if last == "launch" else "port"
        position = 2 if last == "create_server" else -1  # (protocol_factory, host, port)
        return label, _positional(args, position, keyword, -1), True
    if not python and last in _SERVING_NAMES_JS:
        if last == "serve" and not (args and args[0].kind == "object"):
            return None
        return label, _entry(args[0], "port") if args else None, True
    return None


def _js_server(
    label: str, shape: str, args: tuple[Arg, ...]
) -> tuple[str, Arg | None, bool] | None:
    """A JS library's server (`_JS_STARTERS`): its port, and whether it surely listens on a
    port of its own."""
    first = args[0] if args else None
    if shape == "first":
        return (label, first, False) if first is not None and first.kind != "object" else None
    port = _entry(first, "port") if first is not None else None
    if port is None and shape == "object":
        return None  # on the server it is given
    return label, port, True


def _positional(args: tuple[Arg, ...], position: int, keyword: str, item: int) -> Arg | None:
    given = next((a for a in args if a.keyword == keyword), None)
    if given is None and 0 <= position < len(args) and args[position].keyword is None:
        given = args[position]
    if given is None or item < 0:
        return given
    if given.kind == "list" and len(given.items) > item:
        return given.items[item]
    return None


def _entry(arg: Arg, key: str) -> Arg | None:
    """The `key` entry of an object argument (`listen({ port: 3000 })`)."""
    if arg.kind != "object":
        return None
    return next((i for i in arg.items if i.keyword == key), None)


@dataclass(frozen=True, slots=True)
class _Way:
    """One way a host name reaches a service: what it is, the ports it is known to listen
    on, why others may answer too ("" when none may), and whether it is a compose
    service written only to change another file's (`ports:` alone, no build, image or
    command: compose merges it into that one)."""

    what: str
    sources: tuple[PortSource, ...]
    doubt: str = ""
    partial: bool = False
    published: tuple[tuple[int, str], ...] = ()  # compose: (host port, `ports:` entry)


class Listening:
    """What each compose service and Kubernetes Service listens on, read when first asked."""

    def __init__(
        self,
        project: Project,
        resolution: Resolution,
        values: Values,
        undeployed: frozenset[str],
        manifests: Manifests,
        starts: StartCommands,
        container: Callable[[ComposeService], Mapping[str, str | None]],
    ) -> None:
        self.project = project
        # What a compose service's container is given before its start command runs, where
        # what may be overridden is not known (`Environment.container`).
        self._container = container
        self._resolution = resolution
        self._values = values
        self._undeployed = undeployed
        self._manifests = manifests
        self._starts = starts
        self._kube: dict[str, list[tuple[tuple[PortSource, ...], str]]] | None = None
        self._runs: dict[int, ContainerRun] | None = None  # by id of the compose entry
        self._servers: dict[str, list[CodeServer]] | None = None
        self._ways: dict[tuple[int, str], _Way] = {}
        # (name, port, service, compose) -> `wrong_port`: asked once per client call, the
        # same few questions (gen-1000: 2,260 calls, 4 questions).
        self._wrong: dict[tuple[str, int, str, bool], WrongPort | None] = {}

    def wrong_port(
        self, name: str, port: int, service: str, compose: bool = True
    ) -> WrongPort | None:
        """`port` with what `name` listens on, when nothing it reaches listens there; None
        when something does, or may. `compose`: whether `name` is written as compose
        resolves it (not `name.namespace.svc`, which only the cluster does)."""
        key = (name, port, service, compose)
        if key not in self._wrong:
            self._wrong[key] = self._wrong_port(name, port, service, compose)
        return self._wrong[key]

    def _wrong_port(self, name: str, port: int, service: str, compose: bool) -> WrongPort | None:
        ways: list[_Way] = []
        if compose:
            entries = [e for e in self.project.compose if name in _names(e)]
            ways += [self._compose_way(entry, service) for entry in entries]
            if ways and all(way.partial for way in ways):
                return None  # what runs is in a file seamcheck did not find
        if self._kube is None:
            self._kube = self._manifests.kube_service_ports()
        for sources, doubt in self._kube.get(name, ()):
            ways.append(_Way(f"Kubernetes Service '{name}'", sources, doubt))
        if not ways or any(way.doubt for way in ways):
            return None
        if any(source.port == port for way in ways for source in way.sources):
            return None
        published = next((spec for way in ways for at, spec in way.published if at == port), "")
        listed = tuple((way.what, way.sources) for way in ways if way.sources)
        return WrongPort(port, listed, published) if listed else None

    # -- compose -----------------------------------------------------------------------

    def _compose_way(self, entry: ComposeService, service: str) -> _Way:
        way = self._ways.get((id(entry), service))
        if way is None:
            way = self._ways[id(entry), service] = self._read_compose(entry, service)
        return way

    def _read_compose(self, entry: ComposeService, service: str) -> _Way:
        what = f"compose service '{entry.name}'"
        if sum(other.name == entry.name for other in self.project.compose) > 1:
            # Each compose file running it is a deployment; an overlay, with what it changes.
            files = f"{entry.merged_over} with {entry.file}" if entry.merged_over else entry.file
            what += f" ({files})"
        declared, doubt = self._declared(entry)
        published = tuple(
            (at, spec)
            for spec in entry.published_ports
            if (at := _published_side(spec)) is not None
        )
        if entry.build_context is None and not entry.image and not _runs_own(entry):
            return _Way(what, tuple(declared), doubt, partial=True, published=published)
        doubt = doubt or self._compose_doubt(entry, service)
        if doubt:
            return _Way(what, (), doubt)
        run = self._run(entry)
        sources: list[PortSource] = []
        started = [p for p, _ in run.processes if p.kind == "server"]
        for process, file in run.processes:
            if process.kind != "server":
                continue
            told = self._told(process, file, entry)
            if isinstance(told, str):
                return _Way(what, (), told)
            sources.extend(told)
        servers = self._code_servers().get(service, [])
        for server in servers:
            if server.port is None and server.deployed:
                return _Way(what, (), f"{server.label} at {server.where} listens on a port "
                            "not known before run time")  # fmt: skip
            if server.port is not None:
                sources.append(PortSource(server.port, server.label, server.where))
        if not started and not any(s.deployed for s in servers):
            return _Way(what, (), "no server it starts is read")
        text = read_text(self.project, run.dockerfile) if run.exposed else ""
        for port in run.exposed:
            line = _last_line(text, port, ("EXPOSE",))
            sources.append(PortSource(port, "EXPOSE", Where(run.dockerfile, line)))
        sources.extend(declared)
        return _Way(what, tuple(_unique(sources)), published=published)

    def _told(self, process: Process, file: str, entry: ComposeService) -> list[PortSource] | str:
        """The ports a server `entry` runs is told to listen on, in `file`: those written,
        and those written with variables (`--port $PORT`) read in what the container is
        given (compose's `environment:` over the image's `ENV`; not a default, `${PORT:-
        8000}`, that nothing here sets: the platform may); why they are not all known."""
        if process.unknown_port:
            return f"{process.name} in {file} is told port {process.unknown_port}, not known"
        if process.port_words and process.sourced:
            return f"{process.name} in {file} runs after {process.sourced}, which may set its port"
        told = [
            PortSource(p, process.name, self._written(file, str(p), entry)) for p in process.ports
        ]
        variables = self._container(entry) if process.port_words else {}
        for word in process.port_words:
            port = port_of(word, variables, defaults=False)
            written = word.removeprefix(":")
            if port is None:
                return f"{process.name} in {file} is told port {written}, not known here"
            read = [
                f"{name}={variables[name]}" for name in variables_read(word) if variables.get(name)
            ]
            label = f"{process.name} {written}" + (f" with {', '.join(read)}" if read else "")
            told.append(PortSource(port, label, self._written(file, written, entry)))
        if not told:
            return f"{process.name} in {file} is told no port"
        return told

    def _compose_doubt(self, entry: ComposeService, service: str) -> str:
        """Why what `entry`'s container listens on is not all known from what it runs."""
        roots = {s.root: s.name for s in self.project.services}
        if entry.extends:
            return f"it extends '{entry.extends}'"
        if entry.network_mode:
            return f"its network_mode is {entry.network_mode}"
        if entry.build_target:
            return f"it builds its Dockerfile's stage '{entry.build_target}'"
        if entry.overridden_by:
            return f"{entry.overridden_by} overrides it"
        sharing = {f"service:{entry.name}", *(f"container:{n}" for n in entry.hostnames)}
        for other in self.project.compose:
            if other.network_mode in sharing:
                return f"compose service '{other.name}' shares its network"
        if compose_owner(entry, roots) != service:
            return f"it runs {entry.image or 'an image'} not built from {service}'s code"
        run = self._run(entry)
        return run.unread

    def _declared(self, entry: ComposeService) -> tuple[list[PortSource], str]:
        """The container ports compose's `ports:` (their container side) and `expose:`
        name, and why one is not known (a variable, a wide range)."""
        found: list[PortSource] = []
        for key, specs in (("ports", entry.published_ports), ("expose", entry.exposed_ports)):
            for spec in specs:
                ports = _container_side(spec) if key == "ports" else _range(spec)
                if ports is None:
                    return found, f"its {key} entry {spec} names a port not known here"
                where = compose_where(self.project, entry, spec)
                found.extend(PortSource(p, f"compose {key} {spec}", where) for p in ports)
        return found, ""

    def _run(self, entry: ComposeService) -> ContainerRun:
        if self._runs is None:
            self._runs = {id(run.entry): run for run in self._starts.container_runs()}
        return self._runs[id(entry)]

    def _code_servers(self) -> dict[str, list[CodeServer]]:
        if self._servers is None:
            self._servers = {}
            strict = self._values.without_code_defaults()
            found = code_servers(self._resolution, strict, self._undeployed)
            for server in found:
                self._servers.setdefault(server.service, []).append(server)
        return self._servers

    def _written(self, file: str, port: str, entry: ComposeService) -> Where:
        """Where a start command in `file` gives a server `port` (as written: `8000`,
        `$PORT`)."""
        if file == entry.file:
            return compose_where(self.project, entry, port, ("command", "entrypoint"))
        return Where(file, _last_line(read_text(self.project, file), port, ("CMD", "ENTRYPOINT")))


def _names(entry: ComposeService) -> set[str]:
    return {name.lower() for name in (entry.name, *entry.hostnames)}


def _runs_own(entry: ComposeService) -> bool:
    return entry.command is not None or entry.entrypoint is not None


def _unique(sources: Iterable[PortSource]) -> Iterator[PortSource]:
    seen: set[tuple[int, str]] = set()
    for source in sources:
        key = (source.port, source.label)
        if key not in seen:
            seen.add(key)
            yield source


def _published_side(spec: str) -> int | None:
    """The host port of a compose `ports:` entry that publishes one ("8080:80" -> 8080)."""
    parts = spec.split("/", 1)[0].split(":")
    return port_number(parts[-2]) if len(parts) >= 2 else None


def _container_side(spec: str) -> tuple[int, ...] | None:
    """The container ports of a compose `ports:` entry: "127.0.0.1:9000:8000/tcp" ->
    (8000,); None when not known (a variable)."""
    return _range(spec.split("/", 1)[0].rsplit(":", 1)[-1])


def _range(spec: str) -> tuple[int, ...] | None:
    """`8000`, `8000/tcp`, `8000-8003` -> the ports; None for a variable or a wide range."""
    first, _, last = spec.split("/", 1)[0].partition("-")
    start, end = port_number(first), port_number(last or first)
    if start is None or end is None or not 0 <= end - start < _MAX_RANGE:
        return None
    return tuple(range(start, end + 1))


_WORD = r"(?<![\w.]){}(?!\w)"


def _last_line(text: str, port: int | str, instructions: tuple[str, ...]) -> int:
    """The last line of a file naming `port` (`8000`, `$PORT`) whose first word is one of
    `instructions` (a Dockerfile's final stage has the last word), else the last naming it
    at all, else the last of `instructions`; 1 when there is none."""
    pattern = re.compile(_WORD.format(re.escape(str(port))))
    lines = list(enumerate(text.splitlines(), 1))
    naming = [(n, line) for n, line in lines if pattern.search(line)]
    chosen = [n for n, line in naming if line.lstrip().split(" ", 1)[0].upper() in instructions]
    # None names it: the port is given where the command runs (an entrypoint script's
    # `export PORT=9000`, then `exec "$@"`): the instruction that runs it.
    running = [n for n, line in lines if line.lstrip().split(" ", 1)[0].upper() in instructions]
    return (chosen or [n for n, _ in naming] or running or [1])[-1]


def compose_where(
    project: Project, entry: ComposeService, spec: str, prefer: tuple[str, ...] = ()
) -> Where:
    """Where a compose service writes `spec` (`compose_line`): in its own file, else, for an
    overlay merged over another file's service (`ComposeService.merged_over`), in that file,
    which writes what the overlay does not (its command, a port)."""
    text = read_text(project, entry.file)
    line = compose_line(text, entry.name, spec, prefer)
    if entry.merged_over and spec not in (text.splitlines()[line - 1 : line] or [""])[0]:
        base = read_text(project, entry.merged_over)
        return Where(entry.merged_over, compose_line(base, entry.name, spec, prefer))
    return Where(entry.file, line)


def compose_line(text: str, service: str, spec: str, prefer: tuple[str, ...] = ()) -> int:
    """The line of `spec` inside the compose service `service` (1 when not found), one of
    its own lines that also holds a word of `prefer` first."""
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"^\s+{re.escape(service)}:\s*$", line)),
        None,
    )
    if start is None:
        return 1
    holding = [i for i in range(start + 1, len(lines)) if spec in lines[i]]
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].strip()
            and not lines[i].lstrip().startswith("#")
            and len(lines[i]) - len(lines[i].lstrip()) <= indent
        ),
        len(lines),
    )
    preferred = [i for i in holding if i < end and any(w in lines[i] for w in prefer)]
    chosen = preferred or holding
    return chosen[0] + 1 if chosen else start + 1
