"""What the route readers share: the records of routes declared on server objects before
prefixes are composed, of mounts and servers, and the names of Starlette's apps, which the
router-style core mounts and `starlette.py` reads lists of."""

from __future__ import annotations

from dataclasses import field

from seamcheck.facts import Call
from seamcheck.records import dataclass
from seamcheck.seams.frameworks import HONO_FACTORIES, SERVER_FACTORIES
from seamcheck.seams.model import Where

MAX_MOUNT_DEPTH = 12

# Apps and routers whose `routes=` serve a named route list as it is, with no prefix.
STARLETTE_APPS = frozenset(
    {"starlette.applications.Starlette", "starlette.routing.Router", "fastapi.FastAPI"}
)

# What a `Mount(app=...)` may hold whose routes are read where they are written: apps and
# routers, and the middleware listed beside them.
STARLETTE_READABLE = STARLETTE_APPS | {"starlette.middleware.Middleware"}

# Those a server may run on their own, wherever else they are mounted.
RUNNABLE_APPS = frozenset({"starlette.applications.Starlette", "fastapi.FastAPI"})

# What a call of `functools.partial` makes, and a method of it, as the resolver names them.
PARTIAL_MADE = "functools.partial()"
PARTIAL_METHOD = PARTIAL_MADE + "()."


@dataclass(frozen=True, slots=True)
class Declared:
    """A route as declared on a server object, before prefixes are composed. A path
    seamcheck cannot read is declared by its literal start, with `what` it is."""

    owner: str  # server object id
    service: str
    method: str
    path: str
    framework: str
    where: Where
    handler: str
    what: str = ""  # "" for a path; `a regular expression`, ... for one it cannot read
    # Middleware seamcheck cannot read, which may pass requests on rather than answer them.
    passable: bool = False
    # The path is the literal start of a regular expression or pattern (`UnreadRoute.partial`).
    partial: bool = False
    # Served by the framework itself (FastAPI's `/docs`): a call may land on it, but it is
    # no route of the service's code (`RouteFinder.builtin`).
    builtin: bool = False
    # For one it cannot read, the end every path it may serve has (`UnreadRoute.tail`).
    tail: str = ""
    # Answers OPTIONS though its framework does not everywhere (`Route.options`): tsoa's
    # routes generated for Express.
    options: bool = False
    # May be served at any path of the service, whatever its prefixes: a FastAPI route made
    # by a route class that may rewrite its path (`route_class_override=`), handed the whole
    # path again at each `include_router` above it.
    anywhere: bool = False


@dataclass(frozen=True, slots=True)
class UnreadMount:
    """A mount whose path seamcheck cannot read: what is mounted serves its routes under
    it, at paths that start with the literal start the mount was given, if any."""

    where: Where
    what: str  # `a router mounted at a regular expression`, ...
    # The paths and methods of the routes under it are not known either, only that they
    # start so: a first-party subclass's `add_api_route` that does not hand them on as given.
    any_route: bool = False
    # Nor are they known to be under the prefixes it is mounted at: a FastAPI route class
    # that rewrites its path is handed the whole path again at each `include_router`.
    anywhere: bool = False


@dataclass(slots=True)
class Server:
    framework: str
    prefix: str = ""
    # (parent id, prefix, a mount at a path seamcheck cannot read: the prefix is its literal
    # start)
    mounts: list[tuple[str, str, UnreadMount | None]] = field(default_factory=list)
    # What a fastify-plugin call (`fp(plugin)`) returns: registered, it shares the scope it
    # is registered in, and the `prefix` option of its registrations does not apply
    # (Fastify's documentation). The plugin function is mounted under it with no prefix, so
    # a registration of the plain function elsewhere keeps its own prefix.
    shares_scope: bool = False
    # Made by a router factory (`express.Router()`, `APIRouter()`, `Blueprint()`): one seen
    # mounted nowhere is not taken for an app.
    router: bool = False
    # (parent id, prefix) of the mounts whose prefix replaces the server's own: a Flask
    # blueprint registered with `url_prefix=` is served there, not under its own prefix too.
    replaced: set[tuple[str, str]] = field(default_factory=set)
    # Its own prefix known only at run time (`APIRouter(prefix=settings.API_PREFIX)`): then
    # `prefix` is its literal start, and its routes may be anywhere under it.
    unread_prefix: UnreadMount | None = None
    # Served only where mounted (a flask-restx Namespace, which only an Api serves): seen
    # mounted nowhere, its routes are unsure, as this says, not served at its own path.
    alone: UnreadMount | None = None


def factory_of(qualname: str) -> str:
    """The factory that made the receiver of an API call: `fastapi.APIRouter().get` ->
    `fastapi.APIRouter`, `aiohttp.web.Application().router.add_get` -> its application.
    Hono's methods return the app they are called on: `hono.Hono().basePath().get` ->
    `hono.Hono`."""
    hono = hono_factory(qualname)
    if hono:
        return hono
    return qualname.rpartition(".")[0].removesuffix(".router").removesuffix("()")


def server_method(qualname: str) -> bool:
    """Whether a library's API is a method of a server object `RouteCore._call` reads by its
    name (or may be: one of an object a `functools.partial` makes, `_partial_method`)."""
    return (
        factory_of(qualname) in SERVER_FACTORIES
        or qualname.startswith("aiohttp.web.")
        or qualname.startswith(PARTIAL_METHOD)
    )


def hono_factory(qualname: str) -> str:
    """The Hono factory a method chain starts from (`hono.Hono().basePath().get`); ""."""
    head, found, _ = qualname.partition("().")
    return head if found and head in HONO_FACTORIES else ""


def span_key(call: Call) -> tuple[int, int]:
    return (call.line, call.column)


# A name holding a route list, a router or an app: (path, scope, name).
NamedValue = tuple[str, str, str]
