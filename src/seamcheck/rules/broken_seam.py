"""SC104 — broken seam: a client call reaches a service that serves no such route.

## What it does
Follows every outbound HTTP and gRPC call (fetch, axios, got, superagent, request, AngularJS
`$http`, jQuery's `$.ajax`/`$.get`/`$.post`/`$.getJSON`/`.load`, requests, httpx, aiohttp,
urllib, gRPC stubs, and clients generated from an OpenAPI schema: openapi-fetch,
openapi-react-query, openapi-typescript-codegen, @hey-api/openapi-ts, orval with a custom
axios mutator), every websocket (`new
WebSocket(url)`, `ws`, Python's `websockets.connect`, aiohttp's `ws_connect`) and every
EventSource to the service its URL reaches — through
compose names, ports, Dapr app ids and, for a browser front end, each proxy it sits behind
(vite `server.proxy`, package.json `proxy`, nginx `location`), and for a script a Python web
app serves from its `static/` folder, that app — and reports the call when
that service serves no route with that method and path. The nearest routes it does serve are
listed as "did you mean" when they are near misses: the path a typo away (another method
allowed), or, with the same method, keeping more of the path than it changes (a prefix left
out); an unrelated route is not suggested. A call that reaches the service through two
deployment paths (a dev proxy and nginx) is checked on each; one whose base URL the
workloads running the code set to different values is reported only when it is broken with
each (else SC107 says which); one whose URL the code chooses by a conditional between two
strings (`isBatch ? '/predict/batch' : '/predict'`, in the call or held by a name first, as a
base URL chosen on the environment is) is checked with each branch, and reported for a branch
no route takes (held by a name, not for a branch served only for another method while another
branch links: the code may choose the method by the same condition, and SC107 says so). A
call made through a wrapper
function (`callModel('/predict', x)`, whose `fetch` builds the URL from its parameter) is
checked, and reported, where the wrapper is called, with the wrapper's own call as related
location. A generated service's method (openapi-typescript-codegen, @hey-api/openapi-ts's
legacy clients; its current SDK functions; orval's functions calling its mutator) is checked
where it calls the generated core, client or mutator, on the generated file's line: a route
it requests that the service no longer serves says the client is out of date. When the
service also declares routes seamcheck cannot read (a regular expression, an Express pattern
such as `/ab+cd`, a proxy or an app mounted under a prefix, a package's Django URLconf)
whose method fits and which may serve the path, the call is not reported here but by SC107,
with those routes. A websocket lands on a websocket route (`@router.websocket`, express-ws
`app.ws`, a `ws` server's `path`, Flask-Sock) or on a GET route, whose handler may upgrade;
it is reported only when the service declares a websocket route seamcheck reads (otherwise
it may serve websockets in a way seamcheck does not read: SC107). Where websockets have
routes of their own (FastAPI, Starlette, Litestar, Sanic, Quart, Tornado; Flask and Django
cannot upgrade), a GET route takes no websocket. A plain HTTP request or an EventSource to a
path the service serves to websockets only is reported, saying so. A Socket.IO connection
(socket.io-client's `io(url, { path })`, python-socketio's `connect(url, socketio_path=,
namespaces=)`) lands on a socket.io server of the service (Node's `new Server(httpServer, {
path })` and its `io.of('/chat')` namespaces; python-socketio's `AsyncServer` served by an
`ASGIApp`/`WSGIApp` at its `socketio_path`, mounted or whole, and the namespaces its
handlers name) taking its engine path and namespace; it is reported only when the service's
socket.io servers are all read (a path or namespace known only at run time, or no socket.io
server read at all, makes it SC107). An event a socket.io-client connection emits
(`socket.emit('predict')`) on a connection that links is reported when the Node server's
handlers of that namespace (`socket.on('x')` in its `io.on('connection', ...)` function) are
all read and none takes it; otherwise it is not checked. A call handed to an app in the same
process (`TestClient(app)`, an httpx client on `ASGITransport`, supertest's `request(app)`,
Fastify's `app.inject()`, Hono's `app.request()`; not in test code) lands on the routes of the
service whose code that app is (the caller's own, or another's it imports or whose function
makes it, `TestClient(create_app())`), under the path its base URL ends in, and is reported
only a letter or two from one: the app it is handed may be another than the one whose routes
the service declares. One handed an app whose code is not found (a parameter, an import
seamcheck cannot follow) is not reported.

A call whose URL names a compose service or a Kubernetes `Service` by its host name with a
port (`http://ml-service:9000/predict`) is reported, whatever its path, when the service is
known not to listen on that port from inside the network: a Kubernetes Service takes calls on
its `port`s only (not a headless or `ExternalName` one, nor one whose port a Helm template
fills in); a compose service's ports are known only when everything its container runs is
read (its start command, the scripts it runs, `npm start`'s script: servers told their port,
`--port 8000`, or in a variable a shell reads, `--port $PORT` with the image's `ENV
PORT=8080` or compose's `environment:`; the service's own code; commands that listen on
nothing) and every server its deployed code
starts has its port written, or set by the deployment (`app.listen(process.env.PORT)` with
compose's `environment:`, an `env_file`, or the image's `ENV PORT=8080` under them, the start
command's `PORT=3000 node server.js` over all; not `process.env.PORT || 3000` where the
repository sets no PORT, nor one a start script may set from a file it sources, nor an
`asyncio.start_server` or metrics server on a port from a setting). A program
seamcheck does not read (`celery`, `nginx`), a server told no port, or another container
sharing the network leaves the port unchecked: the call is checked by its path alone, not
reported by SC107 for its port (most servers take theirs from the environment, so a port not
confirmed says nothing against the call). The message names each port the service listens
on and where it is written (`uvicorn` in the Dockerfile, `EXPOSE`, compose `ports:`/
`expose:`, `app.listen`, the Service's `port`), and says when the port is the host side of
a compose `ports:` mapping (`9000:8000`), which reaches the container from the host only. A
proxy (nginx `proxy_pass`) forwarding to a port its target does not listen on breaks each
call through it the same way.

## Why is this bad?
The call fails at run time with a 404 or 405, usually only in the environment whose path is
broken: a router prefix that moved, a proxy that strips `/api/`, a renamed handler. On a
port the service does not listen on it fails to connect at all: compose's published host
port used from another container, a Kubernetes pod's port used on its Service. Tests that
mock the client never see it.

## Example
```ts
// gateway
await axios.post('http://ml:8000/v1/predict', body);
await axios.post('http://ml:9000/v1/predict', body);  // ml listens on 8000
```
```python
# ml service: the router was mounted without its prefix
router = APIRouter()

@router.post("/predict")
async def predict(req: PredictRequest): ...
```

## Use instead
```python
router = APIRouter(prefix="/v1")
```
```ts
await axios.post('http://ml:8000/v1/predict', body);
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, Related
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext
from seamcheck.rules.seam_findings import finding_at, through_wrappers

if TYPE_CHECKING:
    from seamcheck.seams.model import ClientCall, Link, PortSource, Route, WrongPort

_MAX_SOURCES_SHOWN = 3  # of one port in the message; the related locations have them all


def check(context: RuleContext) -> Iterator[Finding]:
    for call, link in context.seams.broken():
        yield _finding(call, link)


def _finding(call: ClientCall, link: Link) -> Finding:
    # Imported here: the seams package is not loaded when rules are only listed or replayed.
    from seamcheck.seams.link import best_route
    from seamcheck.seams.model import SIO, WS
    from seamcheck.seams.paths import matches, segments

    if link.wrong_port is not None:
        return _port_finding(call, link, link.wrong_port)
    if link.method == SIO:
        return _connection_finding(call, link)
    method = link.method or "any method"
    via = f" through {link.via} ({link.via_where})" if link.via else ""
    same_path = [r for r in link.suggestions if matches(link.path, r.path)]
    if same_path:
        # The path that would take the call under another method, as linking picks one: a
        # DELETE /jobs/{id} is refused by /jobs/{job_id}'s GET and PATCH, not /jobs/count.
        taking = best_route(link.method, segments(link.path), same_path).path
        same_path = [r for r in same_path if r.path == taking]
    served = sorted({r.method for r in same_path})
    if served == [WS]:
        problem = (
            f"which serves {same_path[0].path} to websockets only: a request that does not "
            "ask for a websocket upgrade is refused there"
        )
    elif same_path and link.method == WS:
        problem = (
            f"which serves {same_path[0].path} for {', '.join(served)} only: its framework "
            "takes a websocket handshake on its websocket routes only"
        )
    elif same_path:
        problem = f"which serves {same_path[0].path} for {', '.join(served)} only"
    else:
        problem = "which serves no such route"
    hint = ""
    # A websocket is pointed at the service's websocket routes, never at a plain one.
    fitting = [r for r in (*same_path, *link.suggestions) if link.method != WS or r.method == WS]
    if fitting:
        best = fitting[0]
        hint = f"; did you mean {best.label} ({best.where})?"
    related = [Related(r.where.path, r.where.line, r.where.column, _serves(r))
               for r in link.suggestions]  # fmt: skip
    message = f"{method} {link.path} reaches '{link.service}'{via}, {problem}{hint}"
    return _broken(call, link, message, related, f"forwards as {link.path}")


def _serves(route: Route) -> str:
    """A suggested route, and why its prefix is only the code's default where it is: the
    deployment may serve it elsewhere."""
    note = f"; {route.prefix_note}" if route.prefix_note else ""
    return f"{route.service} serves {route.label}{note}"


def _broken(
    call: ClientCall, link: Link, message: str, related: list[Related], forwards: str
) -> Finding:
    """The SC104 finding of a broken call: `related` after the proxy it goes through (what
    it does there: `forwards`), and before the wrappers it is made through."""
    if link.via_where is not None:
        where = link.via_where
        related.insert(0, Related(where.path, where.line, 1, f"{link.via} {forwards}"))
    related.extend(through_wrappers(call))
    relationship = (call.caller, call.client, call.method, call.url, link.service, link.via)
    return finding_at(
        call.where, "SC104", "error", message, call.service, relationship, tuple(related)
    )


def _port_finding(call: ClientCall, link: Link, wrong: WrongPort) -> Finding:
    """A call naming a port on which nothing behind its host listens, with every port the
    host does listen on and what says so."""
    via = f" through {link.via} ({link.via_where})" if link.via else ""
    method = link.method or "any method"
    listened = "; ".join(f"{what} listens on {_ports(sources)}" for what, sources in wrong.ways)
    published = ""
    if wrong.published:
        published = (
            f"; {wrong.port} is the host side of compose ports {wrong.published}, which "
            "reaches the container from the host only"
        )
    ports = wrong.ports
    hint = f"; did you mean port {ports[0]}?" if len(ports) == 1 else ""
    message = (
        f"{method} {link.path} reaches '{link.service}'{via} on port {wrong.port}, where it "
        f"does not listen: {listened}{published}{hint}"
    )
    related = [
        Related(s.where.path, s.where.line, s.where.column,
                f"{what} listens on {s.port}: {s.label}")
        for what, sources in wrong.ways
        for s in sources
    ]  # fmt: skip
    return _broken(call, link, message, related, "forwards to it")


def _ports(sources: tuple[PortSource, ...]) -> str:
    """`8000 (uvicorn in services/ml/Dockerfile:5, EXPOSE in ...), 9100 (...)`."""
    by_port: dict[int, list[PortSource]] = {}
    for source in sources:
        by_port.setdefault(source.port, []).append(source)
    shown = []
    for port, found in sorted(by_port.items()):
        said = ", ".join(f"{s.label} in {s.where}" for s in found[:_MAX_SOURCES_SHOWN])
        more = len(found) - _MAX_SOURCES_SHOWN
        shown.append(f"{port} ({said}{f', {more} more' if more > 0 else ''})")
    return ", ".join(shown)


def _connection_finding(call: ClientCall, link: Link) -> Finding:
    """A Socket.IO connection no socket.io server of the service takes, said as engine path
    and namespace (`seams.socketio`)."""
    from seamcheck.seams.socketio import described, parts
    from seamcheck.seams.socketioevents import event_of

    via = f" through {link.via} ({link.via_where})" if link.via else ""
    engine, namespace = parts(link.path)
    event = event_of(link.path)
    if event:
        problem = "whose handlers there take no such event"
    elif any(parts(r.path)[0] == engine for r in link.suggestions):
        problem = f"whose socket.io server at '{engine}' takes no namespace '{namespace}'"
    else:
        problem = f"which runs no socket.io server at '{engine}'"
    hint = ""
    if link.suggestions:
        best = link.suggestions[0]
        shown = f"'{event_of(best.path)}'" if event else described(best.path)
        hint = f"; did you mean {shown} ({best.where})?"
    what = "emit of" if event else "connection to"
    message = (
        f"Socket.IO {what} {described(link.path)} reaches '{link.service}'{via}, {problem}{hint}"
    )
    related = [
        Related(r.where.path, r.where.line, r.where.column,
                f"{r.service} takes Socket.IO {described(r.path)}")
        for r in link.suggestions
    ]  # fmt: skip
    return _broken(call, link, message, related, f"forwards as {link.path}")


RULE = Rule(
    code="SC104",
    name="broken-seam",
    severity="error",
    summary="Broken seam: client call to a route the target service does not serve",
    doc=__doc__ or "",
    check=check,
)
