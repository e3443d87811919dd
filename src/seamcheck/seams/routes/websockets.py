"""Websocket routes: what the router-style frameworks declare (`@router.websocket(path)`,
express-ws `app.ws(path, h)`, Flask-Sock `@sock.route(path)`), read by `core.py` with
their prefixes as any route of theirs, under the method `WS`; and the websocket servers
that are no router (`ws`'s `WebSocketServer`, Python's `websockets.serve`, a NestJS
`@WebSocketGateway`), read here whole.

A websocket's opening handshake is a GET asking `Upgrade: websocket`: a websocket route
answers nothing else (FastAPI and express-ws 404, Flask-Sock and Quart 400), while a GET
route's handler may upgrade (aiohttp's `WebSocketResponse`, Fastify's `{ websocket: true }`),
so a websocket call lands on either (`link._method_fits`).
"""

from __future__ import annotations

from collections.abc import Sequence

from seamcheck.facts import Arg, Call
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.model import WS, Route, UnreadRoute, Where
from seamcheck.seams.paths import normalise
from seamcheck.seams.values import Values, display

# The methods of a Python server object that declare a websocket route: FastAPI's and
# Quart's `@app.websocket(path)`, FastAPI's `add_api_websocket_route(path, endpoint)`,
# Starlette's (and FastAPI's) `add_websocket_route` and `@app.websocket_route(path)`.
_PY_DECLARATIONS = frozenset(
    {"websocket", "websocket_route", "add_api_websocket_route", "add_websocket_route"}
)
# Starlette's route objects for a websocket endpoint, read where an app or a `Mount` serves
# them as its `Route`s are.
_ROUTE_OBJECTS = frozenset(
    {"starlette.routing.WebSocketRoute", "fastapi.routing.APIWebSocketRoute"}
)
# Flask-Sock: `@sock.route(path)` on the app `Sock(app)` (or `init_app(app)`) binds, or on
# the blueprint its `bp=` names.
_FLASK_SOCK = "flask_sock.Sock()."
# ws (Node): its server class, however imported.
_WS_SERVERS = frozenset(
    f"{package}{export}"
    for package in ("ws", "isomorphic-ws")
    for export in (".WebSocketServer", ".Server", ".default.WebSocketServer", ".default.Server")
)
# websockets (Python): `serve(handler, host, port)` takes a websocket on any path unless
# its `process_request` turns some away.
_PY_SERVES = frozenset(
    f"websockets.{module}serve"
    for module in ("", "server.", "asyncio.server.", "sync.server.", "legacy.server.")
)
_NEST_GATEWAY = "@nestjs/websockets.WebSocketGateway"
# Every qualified name `websocket_servers` reads.
_SERVER_CALLS = _WS_SERVERS | _PY_SERVES | {_NEST_GATEWAY}
_ANY_PATH = "/*"
_UPGRADE = "upgrade"  # the event of an HTTP server's upgrade requests
# The methods that add an event listener to a Node emitter (an `http.Server`).
_LISTEN = frozenset({"on", "once", "addListener", "prependListener"})


def websocket_methods(qualname: str, method: str, path: str) -> list[str]:
    """[WS] when a call on a server object declares a websocket route (`@router.websocket`,
    express-ws's `app.ws` / `router.ws`, Flask-Sock's `@sock.route`); [] otherwise."""
    if not path.endswith(".py"):
        return [WS] if method == "ws" else []
    if method in _PY_DECLARATIONS or (qualname.startswith(_FLASK_SOCK) and method == "route"):
        return [WS]
    return []


def declares_on_starlette(method: str) -> bool:
    """Whether a method of a plain Starlette app or router declares a websocket route."""
    return method in ("add_websocket_route", "websocket_route")


def websocket_owner(qualname: str, call: Call) -> str:
    """The blueprint a Flask-Sock route is declared on (`@sock.route(path, bp=bp)`): it is
    served under that blueprint's prefix. "" for any other call."""
    if not qualname.startswith(_FLASK_SOCK):
        return ""
    given = next((a for a in call.args if a.keyword == "bp"), None)
    return given.value if given is not None and given.kind == "name" else ""


def route_object_method(qualname: str) -> str:
    """The method a Starlette route object serves when it lists none: WS for a websocket
    route, GET for any other."""
    return WS if qualname in _ROUTE_OBJECTS else "GET"


def websocket_servers(
    resolution: Resolution, values: Values, external: Sequence[ResolvedCall]
) -> tuple[list[Route], list[UnreadRoute]]:
    """The websocket routes of the servers that are no router: a `ws` server's `path`, or any
    path when it names none (`/*`); `websockets.serve`, any path. What seamcheck cannot know
    (a `noServer` server, whose `upgrade` handler the code writes; options it does not read;
    a NestJS gateway, whose adapter decides; an `upgrade` listener, which may hand a
    websocket to any code: `proxy.ws`, `handleUpgrade`) may serve any path: calls there are
    unsure. `external`: the calls of `resolution.calls` that are libraries', in order."""
    routes: list[Route] = []
    unread: list[UnreadRoute] = []
    # The files the reader walks: a server a test or an example starts serves only that code
    # (`undeployed.deployed_only`).
    listed = set(resolution.facts)
    for path, facts in resolution.facts.items():
        if path.endswith(".py"):
            continue
        for call in facts.calls:
            # Most calls: screened by their arguments before anything else is looked up.
            args = call.args
            if len(args) > 1 and args[0].value == _UPGRADE and _upgrade_listener(path, call):
                what = "the websockets an 'upgrade' listener takes"
                where = Where(path, call.span.line, call.span.column)
                service = values.service_of.get(path, "")
                unread.append(UnreadRoute(service, WS, "", what, "node", where))
    for resolved in external:
        qualname, path, call = resolved.qualname, resolved.path, resolved.call
        if qualname not in _SERVER_CALLS or path not in listed:
            continue
        if _upgrade_listener(path, call):
            continue  # read above
        service = values.service_of.get(path, "")
        where = Where(path, call.span.line, call.span.column)
        if qualname in _WS_SERVERS and call.construct:
            found = _ws_server(values, path, call)
            if isinstance(found, str):
                route = Route(service, WS, normalise(found), "ws", where)
                routes.append(route)
            else:
                unread.append(UnreadRoute(service, WS, "", found[0], "ws", where))
        elif qualname in _PY_SERVES:
            if any(a.keyword == "process_request" for a in call.args):
                what = "the paths a websockets server's process_request accepts"
                unread.append(UnreadRoute(service, WS, "", what, "websockets", where))
            else:
                routes.append(Route(service, WS, normalise(_ANY_PATH), "websockets", where))
        elif qualname == _NEST_GATEWAY and call.decorates:
            what = "the path the adapter of a NestJS WebSocketGateway chooses"
            unread.append(UnreadRoute(service, WS, "", what, "nestjs", where))
    return routes, unread


def _upgrade_listener(path: str, call: Call) -> bool:
    """`server.on('upgrade', listener)` in a JS file: the listener takes the websockets it
    chooses. Its receiver is not checked: an HTTP client request's `upgrade` event (rare in a
    server) only makes websocket calls to the service unsure."""
    if path.endswith(".py"):
        return False
    _, _, method = call.callee.rpartition(".")
    first = call.args[0] if call.args else None
    return (
        method in _LISTEN
        and first is not None
        and first.kind == "str"
        and first.value == _UPGRADE
        and len(call.args) > 1
    )


def _ws_server(values: Values, path: str, call: Call) -> str | tuple[str]:
    """The path a `new WebSocketServer(options)` takes websockets at (`/*`: any), or, as a
    1-tuple, what makes it unknown."""
    options = next((a for a in call.args if a.keyword is None), None)
    if options is None or options.kind != "object":
        return ("the path of a ws WebSocketServer whose options are not read",)
    entries = {a.keyword: a for a in options.items if a.keyword}
    if not _false(entries.get("noServer")):
        return ("the paths an 'upgrade' handler gives a ws WebSocketServer (noServer)",)
    given = entries.get("path")
    if given is None:
        if any(a.kind in ("spread", "more") or not a.keyword for a in options.items):
            return ("the path of a ws WebSocketServer whose options are not all read",)
        return _ANY_PATH
    template = values.of_arg(path, call.scope, given)
    if template is None or any(part.param for part in template):
        return ("the path of a ws WebSocketServer, known only at run time",)
    return display(template) or "/"


def _false(arg: Arg | None) -> bool:
    """Whether an option is left out or written `false` (a value not known may be true)."""
    return arg is None or (arg.kind == "other" and arg.value == "false")
