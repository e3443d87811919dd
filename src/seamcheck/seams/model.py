"""Records of the seam analysis: routes servers serve, calls clients make, and the links
between them. Plain frozen data: rules, reporters and the architect's report read these."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from seamcheck.records import dataclass
from seamcheck.wording import plural

ANY = "ANY"  # a route that answers every method (Django, Next.js pages/api, http.createServer)
GRPC = "GRPC"  # the method of every gRPC route and call; the path is /package.Service/Method
# The method of a websocket route (`@app.websocket`, express-ws `app.ws`, a `ws` server's
# path) and of a websocket client's call: an HTTP GET asking `Upgrade: websocket`.
WS = "WS"
# The method of a Socket.IO connection and of the connections a socket.io server takes
# (`seams.socketio`): its own protocol under one path, fitting no other method.
SIO = "SIO"
_MAX_UNREAD_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Where:
    path: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Route:
    """One METHOD + path a service serves, with every prefix (router, mount, include,
    controller, global prefix) already composed in. `path` is normalised: parameters are
    `{name}` whatever the framework spelt (`:id`, `<int:id>`, `[id]`)."""

    service: str
    method: str
    path: str
    framework: str
    where: Where  # the route declaration (decorator, `app.get(...)`, file for file routes)
    handler: str = ""  # graph function node id, "" when the handler is not first-party
    # Answers OPTIONS where its framework does not always (@koa/router's `allowedMethods()`).
    options: bool = False
    # Where its path's prefix is a default the deployment may change, what says so: "its
    # prefix '/api' is the code's default: environment variable API_PREFIX is set nowhere in
    # the repository (api/main.py:9)"; "" for a prefix known as written.
    prefix_note: str = ""

    @property
    def node_id(self) -> str:
        return f"route:{self.service}:{self.method} {self.path}"

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class UnreadRoute:
    """A route seamcheck cannot read as a path: a regular expression (`app.get(/^\\/rx\\//,
    h)`), an Express 4 pattern whose paths cannot be listed (`/ab+cd`), a path computed at run
    time. Every path it may serve starts with `head` (prefixes composed in; "" when it may
    serve any path) and ends with `tail` (normalised; "" when nothing is known of its end: a
    NestJS route whose version is not known ends with its controller's and its own path), so
    only calls that may start and end so may be the ones it serves. `head` is whole segments
    (a mount at `/api` serves `/api/x`, not `/apiv2`) unless `partial`: the literal start of
    a regular expression or pattern, which may go on within its last segment."""

    service: str
    method: str
    head: str
    what: str  # `a regular expression`, `the pattern '/ab+cd'`, ...
    framework: str
    where: Where
    tail: str = ""
    partial: bool = False
    options: bool = False  # as `Route.options`
    # Where the routes read so are declared, when `where` is a mount they may be under (a
    # router seen mounted nowhere may be what each `app.use(mw.cors)` mounts; thirteen
    # routers' `DELETE /{id}` under one mount at a path known only at run time read alike);
    # () when `where` is the route's own place.
    declared: tuple[Where, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.what} at {self.where}"

    @property
    def routes(self) -> Iterator[tuple[str, str, Where, str]]:
        """The declared routes read so: the same for each mount they may be under, so that
        counts say how many routes there are, not how many readings."""
        for where in self.declared or (self.where,):
            yield (self.service, self.method, where, self.tail)


def route_count(unread: Sequence[UnreadRoute]) -> int:
    """How many declared routes `unread` are readings of (`UnreadRoute.routes`)."""
    return len({route for r in unread for route in r.routes})


@dataclass(frozen=True, slots=True)
class PortSource:
    """A port a service is known to listen on from inside the network, what says so
    (`uvicorn --port`, `EXPOSE`, `compose ports 9000:8000`, `Service port`) and where."""

    port: int
    label: str
    where: Where


@dataclass(frozen=True, slots=True)
class WrongPort:
    """A call's port on which nothing behind its host listens: `ways` are the ways the host
    name reaches the service (`compose service 'ml'`, `Kubernetes Service 'ml'`), each with
    every port it is known to listen on; `published`, the compose `ports:` entry whose host
    side is the port (`9000:8000`: reached from the host, not from another container)."""

    port: int
    ways: tuple[tuple[str, tuple[PortSource, ...]], ...]
    published: str = ""

    @property
    def ports(self) -> tuple[int, ...]:
        """The ports the host does answer on, in order."""
        return tuple(sorted({s.port for _, sources in self.ways for s in sources}))


@dataclass(frozen=True, slots=True)
class Link:
    """Where one client call lands in one deployment path.

    status: linked (a route matches) | broken (the service serves no such route) |
    no_routes (the service declares no route seamcheck recognises) | unsure (no route it can
    read matches, but `unread` routes, which it cannot read, may serve the call).
    `via` names a proxy hop (`nginx location /api/ (deploy/nginx.conf:8)`), "" when direct;
    `path` is the path as the target service receives it, after the proxy's rewriting.
    """

    service: str
    method: str
    path: str
    status: str
    route: Route | None = None
    via: str = ""
    via_where: Where | None = None
    how: str = ""  # how the host was mapped to the service: `compose service 'ml'`, ...
    suggestions: tuple[Route, ...] = ()  # broken: the nearest routes, best first
    unread: tuple[UnreadRoute, ...] = ()  # unsure: the routes that may serve the call
    # unsure: why the path the service receives is not known (a proxy rewrite seamcheck
    # cannot follow; `path` is then the path as the proxy got it), or whether the call goes
    # this way at all (nginx server blocks of several hosts that send it to different places),
    # or whether the service serves websockets in a way seamcheck reads at all
    unknown_path: str = ""
    # broken: the call names a port the service does not listen on (whatever its path)
    wrong_port: WrongPort | None = None

    @property
    def port_problem(self) -> str:
        """Why the call cannot land whatever its path (`wrong_port`), said briefly: "" when
        its port is not known to be wrong."""
        if self.wrong_port is None:
            return ""
        listened = ", ".join(map(str, self.wrong_port.ports))
        return f"not listening on port {self.wrong_port.port} (listens on {listened})"

    @property
    def doubt(self) -> str:
        """Why a link that is neither linked nor broken is not known to land (no_routes,
        unsure); "" for the others."""
        if self.status == "no_routes":
            return f"'{self.service}' declares no route seamcheck recognises"
        if self.status != "unsure":
            return ""
        if self.unknown_path:
            return self.unknown_path
        shown = "; ".join(r.label for r in self.unread[:_MAX_UNREAD_SHOWN])
        more = len(self.unread) - _MAX_UNREAD_SHOWN
        if more > 0:
            shown += f"; {more} more"
        routes = route_count(self.unread)
        # The list is of readings: a route under each of several mounts it may be under is
        # read once per mount, so without the count "2 more" read as two more routes.
        if len(self.unread) > routes:
            shown = f"{len(self.unread)} readings: {shown}"
        count = plural(routes, "route")
        return (
            f"'{self.service}' declares {count} seamcheck cannot read that may serve it ({shown})"
        )


@dataclass(frozen=True, slots=True)
class ClientCall:
    """An outbound HTTP or gRPC call. `url` is the reconstructed URL template (`{name}` for
    values known only at run time); `caller` is the graph node of the calling function.
    A call has one link per deployment path (a browser call through both a dev proxy and
    nginx has two); with no link, `problem` says why the target is unknown, and `external`
    marks a host outside the repository (not a problem). A call made through wrapper
    functions (`callModel('/predict', x)`, whose `fetch` builds the URL from its parameter)
    is where the wrapper is called; `through` holds the calls it goes through, the client
    library's call last."""

    where: Where
    service: str
    caller: str
    # library: fetch, axios, got, superagent, requests, httpx, aiohttp, urllib, grpc,
    # websocket, websockets, eventsource, fetch-event-source, ...
    client: str
    method: str  # upper case; "" when the call does not say
    url: str
    links: tuple[Link, ...] = ()
    problem: str = ""
    external: bool = False
    through: tuple[Where, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """What a Kubernetes way in is reached through: the controller of an ingress class
    (`kind` `ingress class`, `name` the class, "" when not known) or a gateway (`gateway`,
    `namespace/name`), and why the manifests show it takes no requests from outside the
    network (`internal`: an internal load balancer, a private IP; "" when they do not)."""

    kind: str  # ingress class | gateway
    name: str
    internal: str = ""

    def internal_by(self, ingress_classes: tuple[str, ...], gateways: tuple[str, ...]) -> str:
        """Why it is internal: the manifests' reason, else the configuration's (the ingress
        classes and gateways `[edge]` says are internal; a gateway written without its
        namespace is that gateway in any namespace)."""
        if self.internal or not self.name:
            return self.internal
        if self.kind == "ingress class" and self.name in ingress_classes:
            return "[edge] internal_ingress_classes"
        short = self.name.rpartition("/")[2]
        if self.kind == "gateway" and (self.name in gateways or short in gateways):
            return "[edge] internal_gateways"
        return ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A way in from outside the deployment: a published compose port, or an nginx location
    or a Kubernetes Ingress path that forwards to a service, with, for the latter, what it is
    reached through (`through`: each one's ingress class or gateway)."""

    kind: str  # port | nginx | ingress
    label: str  # `compose port 8000:8000`, `nginx location /api/`, `Ingress public /api`
    service: str
    where: Where
    through: tuple[EntryPoint, ...] = ()

    def internal_by(self, ingress_classes: tuple[str, ...], gateways: tuple[str, ...]) -> str:
        """Why it takes no requests from outside the network: each way it is reached through
        is internal ("" when any is not, or none is known)."""
        reasons = [point.internal_by(ingress_classes, gateways) for point in self.through]
        if not reasons or not all(reasons):
            return ""
        return "; ".join(dict.fromkeys(reasons))


@dataclass(frozen=True, slots=True)
class SeamMap:
    """The whole seam analysis of a project: `analyse_seams(project, resolution)`."""

    routes: tuple[Route, ...]
    calls: tuple[ClientCall, ...]
    entries: tuple[Entry, ...] = ()
    unread: tuple[UnreadRoute, ...] = ()  # routes seamcheck cannot read as a path

    def routes_of(self, service: str) -> tuple[Route, ...]:
        return tuple(r for r in self.routes if r.service == service)

    def linked(self) -> list[tuple[ClientCall, Link]]:
        """Every seam: a call and the route it lands on (one per deployment path)."""
        return [(c, link) for c in self.calls for link in c.links if link.status == "linked"]

    def broken(self) -> list[tuple[ClientCall, Link]]:
        return [(c, link) for c in self.calls for link in c.links if link.status == "broken"]

    def unresolved(self) -> list[ClientCall]:
        return [c for c in self.calls if not c.links and not c.external]

    def service_edges(self) -> dict[tuple[str, str], list[tuple[ClientCall, Link]]]:
        """(caller service, target service) -> the calls over that edge, whatever their
        status: the service graph is this projection."""
        edges: dict[tuple[str, str], list[tuple[ClientCall, Link]]] = {}
        for call in self.calls:
            for link in call.links:
                edges.setdefault((call.service, link.service), []).append((call, link))
        return edges
