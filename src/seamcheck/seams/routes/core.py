"""The router-style frameworks (FastAPI, Flask and its REST extensions, aiohttp, Express,
Fastify with its plugins and @fastify/autoload, Koa, Hono, restify): server objects, the
routes declared on them and what each mounts under what; and, for every framework, composing
the prefixes of the mounts above each declared route (`RouteCore._compose`).

`RouteCore` reads each call (`_call`, Hono's `_hono`) and is composed of one base per
concern: `state.py` (what the readers share), `lookups.py` (values and names),
`builtin.py` (what frameworks serve on their own), `registry.py` (server objects),
`declarations.py` (routes declared), `mounts.py` with `unreadmounts.py` and
`fastifyplugins.py` (what is mounted where) and `prefixes.py` (composing them)."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import Call, FileFacts
from seamcheck.seams.frameworks import (
    HONO_FACTORIES,
    HTTP_METHODS,
    JS_SERVER_DEPENDENCIES,
    MOUNT_METHODS,
    PY_SERVER_DEPENDENCIES,
    SERVER_FACTORIES,
)
from seamcheck.seams.model import ANY, WS, Where
from seamcheck.seams.routes.declarations import Declarations
from seamcheck.seams.routes.lookups import PATH_KINDS
from seamcheck.seams.routes.mounts import Mounts
from seamcheck.seams.routes.prefixes import PrefixComposer
from seamcheck.seams.routes.servers import (
    PARTIAL_METHOD,
    STARLETTE_APPS,
    STARLETTE_READABLE,
    Server,
    UnreadMount,
    factory_of,
)
from seamcheck.seams.routes.websockets import (
    declares_on_starlette,
    websocket_methods,
    websocket_owner,
)
from seamcheck.seams.values import display

# The methods of a server object that declare or mount routes, or bind it: those of an
# object of a first-party subclass are read as its framework's (`_inherited`).
_DECLARING = frozenset(
    {*HTTP_METHODS, *MOUNT_METHODS, "route", "add_resource", "add_url_rule", "api_route",
     "add_api_route", "add_api_websocket_route", "websocket", "websocket_route", "init_app",
     "add_route", "add_view", "add_websocket_route", "blueprint", "static"}
)  # fmt: skip


# The methods whose calls `_call` (and `HapiRoutes._call`) read whatever the receiver is: a
# call of any other method reads nothing unless a first-party subclass may define it
# (`_DECLARING`), the receiver is a library's server object, or, bound to no library, its
# first argument reads as a path (`RouteCore._read_calls`).
_READ_BY_NAME = frozenset(
    {*MOUNT_METHODS, "allowedMethods", "add_route", "add_websocket_route", "websocket_route",
     "mount", "init_app", "add_resource", "include_router", "route", "register"}
)  # fmt: skip


def _fastapi_router_like(path: str, method: str) -> bool:
    """`x.include_router(child, prefix=...)` in Python on an object made by a library's class
    seamcheck does not know (cadwyn's `VersionedAPIRouter`, a FastAPI `APIRouter` subclass):
    only FastAPI's routers and apps have that method, so the child is served under `x`, not
    at its own path."""
    return method == "include_router" and path.endswith(".py")


# What a call's callee says of whether `_call` reads it (`_callee_screen`): no receiver
# (`f()`), a method read by its name, one a first-party subclass may declare routes with,
# or any other; plus `_SERVER_CALLEE` where a call of that callee somewhere resolves to a
# method of a library's server object (`RouteState.server_callees`).
_NO_RECEIVER, _BY_NAME, _DECLARING_METHOD, _OTHER_METHOD = range(4)
_SERVER_CALLEE = 4


def _callee_screen(callee: str, server_callees: set[str]) -> int:
    """`_NO_RECEIVER`, `_BY_NAME` (`_READ_BY_NAME`, or a call on `route()`), else
    `_DECLARING_METHOD` (`_DECLARING`) or `_OTHER_METHOD`, plus `_SERVER_CALLEE` if the
    callee is one of `server_callees`."""
    receiver, _, method = callee.rpartition(".")
    if not receiver:
        return _NO_RECEIVER
    if method in _READ_BY_NAME or "route()" in callee:
        return _BY_NAME
    screen = _DECLARING_METHOD if method in _DECLARING else _OTHER_METHOD
    return screen + _SERVER_CALLEE if callee in server_callees else screen


def _route_spec(call: Call) -> bool:
    """Whether a `route` call is given a route object with a path and a handler, as
    Fastify's `app.route({ method, url, handler })` is."""
    first = call.args[0] if call.args else None
    if not call.callee.endswith(".route") or first is None or first.kind != "object":
        return False
    keys = {item.keyword for item in first.items}
    return "handler" in keys and bool(keys & {"url", "path"})


class RouteCore(Mounts, Declarations, PrefixComposer):
    """The state every route reader shares and the router-style frameworks' reading. Each
    framework with its own shape is a subclass (`RouteFinder` combines them); the lists they
    fill (`declared`, `routes`, `unread`, `builtin`) and the server objects (`servers`) with
    their mounts are composed here once every file is read."""

    def _read_calls(self, path: str, calls: tuple[Call, ...]) -> list[Call]:
        """The calls of a file `_call` may read anything of, in order. Most calls declare
        nothing (`logger.info(...)`, `items.append(x)`): told apart here by dict lookups
        (what a callee says is worked out once per callee), so that `_call`'s chain of tests
        runs for the few left (gen-1000: 89k calls, 0.5k left). A call's library API is
        looked up only if its callee is one of `server_callees` or if it would be read
        without one (gen-10000: 936k calls, of which 0.6M are methods of no server object).
        A test added to `_call` for a call this passes over must be added here too."""
        external, by_callee = self.external, self._callee_screens
        inheriting = path.endswith(".py") and self.subclasses.any()
        read: list[Call] = []
        for call in calls:
            callee = call.callee
            screen = by_callee.get(callee)
            if screen is None:
                screen = by_callee[callee] = _callee_screen(callee, self.server_callees)
            if screen == _NO_RECEIVER:
                continue
            if screen == _BY_NAME:
                read.append(call)
                continue
            if screen >= _SERVER_CALLEE:
                qualname = external.get(id(call))
                if qualname:
                    if self._server_method(qualname):
                        read.append(call)
                    continue
                screen -= _SERVER_CALLEE
            # Read unless a library's API (one not of a server object: its callee would be
            # one of `server_callees`), looked up after the cheaper tests.
            if inheriting and screen == _DECLARING_METHOD:
                if not external.get(id(call)):
                    read.append(call)
            elif call.args:
                # The path tested first, a string's in line (`_looks_like_path`): most first
                # arguments are no path (gen-10000: 202k of the 558k such calls hold one of
                # `PATH_KINDS`, most a string), and most calls are no library's.
                first = call.args[0]
                kind = first.kind
                if kind == "str":
                    value = first.value
                    path_like = not value or value.startswith("/")
                else:
                    path_like = kind in PATH_KINDS and self._looks_like_path(first)
                if path_like and not external.get(id(call)):
                    read.append(call)
        return read

    def _call(self, path: str, facts: FileFacts, call: Call) -> None:
        receiver, _, method = call.callee.rpartition(".")
        if not receiver:
            return
        if method == "allowedMethods" and not path.endswith(".py"):
            # `app.use(router.allowedMethods())`: the router answers OPTIONS (`_allows_methods`).
            located = self.values.locate(path, call.scope, receiver)
            owner = None
            if located is not None and located.binding.kind in ("call", "new"):
                owner = self._register(located)
            # Of a router seamcheck cannot name (a parameter): any of the service's may be it.
            self.allowing.add(owner or f"service:{self.service_of.get(path, '')}")
            return
        if receiver in ("super()", "self") and self._handed_to_framework(path, call):
            return
        qualname = self.external.get(id(call), "") or self._inherited(path, call, receiver, method)
        if qualname.startswith(PARTIAL_METHOD):
            qualname = self._partial_method(path, call.scope, receiver, method)
        # Most calls declare nothing (`logger.info(...)`, `self.items.append(x)`): screen
        # them out with the tests below that each way of declaring needs, cheapest first.
        chained = "route()" in call.callee
        if qualname:
            factory = factory_of(qualname)
            if method == "add_route" and factory in STARLETTE_APPS and path.endswith(".py"):
                # Starlette's `app.add_route(path, endpoint, methods=None)`.
                owner = self._declaring_owner(path, call, receiver, "starlette")
                if owner is not None:
                    self._py_route_call(path, call, owner, "starlette", method)
                return
            if declares_on_starlette(method) and factory in STARLETTE_APPS - {*SERVER_FACTORIES}:
                # Starlette's `app.add_websocket_route(path, endpoint)`, `@app.websocket_route`.
                owner = self._declaring_owner(path, call, receiver, "starlette")
                if owner is not None and call.args:
                    handler = self._handler(path, call)
                    self._declare(owner, path, [WS], call.args[0], "starlette", call, handler)
                return
            if method == "mount" and factory in STARLETTE_APPS:
                # Starlette's `app.mount(path, x)` too: a Starlette app or router it mounts
                # is read as a `Mount(path, app=x)` is (`_starlette_prefixes`).
                self.starlette_mounts.setdefault(path, []).append(call)
                self._mount(path, call, receiver, method, STARLETTE_READABLE)
                return
            if path.endswith(".py") and self._flask_rest_call(
                path, call, receiver, method, factory
            ):
                return
            if not (
                chained
                or factory in SERVER_FACTORIES
                or qualname.startswith("aiohttp.web.")
                or _fastapi_router_like(path, method)
            ):
                return
        else:
            factory = ""
            if path.endswith(".py") and self._flask_rest_call(
                path, call, receiver, method, factory
            ):
                return
            if not (
                chained
                or method in MOUNT_METHODS
                or (call.args and self._looks_like_path(call.args[0]))
                or _route_spec(call)
            ):
                return
        if factory in HONO_FACTORIES:
            self._hono(path, facts, call, method)
            return
        if method in MOUNT_METHODS and (
            factory in SERVER_FACTORIES or not qualname or _fastapi_router_like(path, method)
        ):
            if SERVER_FACTORIES.get(factory, ("", ""))[0] == "restify":
                return  # restify runs `use` middleware only once a route is found
            if method == "register" and path.endswith(".py") and factory not in SERVER_FACTORIES:
                # Fastify's mount; in Python, a method of the code's own (`views.register(
                # router)`, read in `_plugins`), which mounts nothing under its object.
                return
            if (
                method == "register"
                and not path.endswith(".py")
                and not qualname
                and self._own_register(path, call)
            ):
                # Fastify's mount; here a method of the code's own (`new Views().register(v1)`,
                # `views.register(v1)` of an object written in place, read in `_plugins`),
                # which mounts nothing under its object.
                return
            self._mount(path, call, receiver, method)
            return
        if chained and ("route()." in call.callee or call.callee.endswith("route()")):
            self._chained(path, facts, call)
            return
        framework = self._framework(path, call, factory, qualname)
        if framework is None:
            return
        receiver = websocket_owner(qualname, call) or receiver  # `@sock.route(path, bp=bp)`
        owner = self._declaring_owner(path, call, receiver, framework)
        if owner is None:
            return
        if framework == "restify" and self._restify_call(path, call, owner, method):
            return
        if method == "route" and call.args and call.args[0].kind == "object":
            self._route_object(path, call, owner, framework)
            return
        if method == "prefix" and framework == "koa" and call.args and owner in self.servers:
            # @koa/router's `router.prefix('/v1')`: its routes, declared before or after,
            # are served under it, as under `new Router({ prefix })`.
            self._set_prefix(self.servers[owner], path, call.scope, call.args[0], call)
            return
        if method == "add_resource" and path.endswith(".py"):
            self._add_resource(path, call, owner, framework)
            return
        if path.endswith(".py") and self._py_route_call(path, call, owner, framework, method):
            return
        views = self._class_views(path, call.decorates) if call.decorates else None
        if method == "add_url_rule" and path.endswith(".py"):
            views = self._as_view(path, call)
        if views is not None and method in ("route", "add_url_rule") and call.args:
            # `@ns.route("/<name>")` on a flask-restx Resource or a MethodView class.
            for verb, handler in views:
                for item, written in self._path_items(path, call.scope, call.args[0]):
                    self._declare(owner, path, [verb], item, framework, call, handler, written)
            return
        if framework == "fastapi" and self._route_class_overridden(owner, path, call):
            return
        methods = websocket_methods(qualname, method, path) or self._methods(path, call, method)
        if not methods or not call.args:
            return
        handler = self._handler(path, call)
        for item, written in self._path_items(path, call.scope, call.args[0]):
            self._declare(owner, path, methods, item, framework, call, handler, written)

    def _own_register(self, path: str, call: Call) -> bool:
        """Whether a JS `x.register(...)` calls a function of the code's own (a class's
        method, `_object_method`'s) that hands nothing on to another `register`: a wrapper
        of Fastify's (`register(plugin, opts) { this.fastify.register(plugin, opts) }`) is
        still its mount, read as such."""
        target = self.called_function(path, call) or self._object_method(path, call)
        if target is None:
            return False
        at, _, qualname = target.partition("::")
        facts = self.resolution.facts.get(at)
        return facts is None or not any(
            c.callee.endswith(".register")
            and (c.scope == qualname or c.scope.startswith(f"{qualname}."))
            for c in facts.calls
        )

    def _inherited(self, path: str, call: Call, receiver: str, method: str) -> str:
        """The framework's method a Python call makes on an object of a first-party
        subclass of its server class (`api.add_resource(...)`, `api` made by a class
        deriving from `flask_restx.Api`), which the resolver leaves unresolved; ""."""
        # Whether any class is such a subclass asked before the call's function: most
        # projects have none, and then no file's table of calls is made for this.
        if method not in _DECLARING or not path.endswith(".py") or not self.subclasses.any():
            return ""
        if self.called_function(path, call) is not None:
            return ""
        return self.subclasses.method(path, call.scope, receiver, method)

    def _partial_method(self, path: str, scope: str, receiver: str, method: str) -> str:
        """The framework's method a call makes on the object a `functools.partial` of its
        server factory made (`router.post(...)`, `router = VRouter()`, `VRouter =
        partial(APIRouter, prefix="/v1")`); "" for a partial of anything else."""
        located = self.values.locate(path, scope, receiver)
        creator = self.values.creator(located) if located is not None else None
        if located is None or creator is None:
            return ""
        partial = self.partial_factory(located.path, creator.scope, creator.callee)
        return f"{partial.callee}().{method}" if partial is not None else ""

    def _handed_to_framework(self, path: str, call: Call) -> bool:
        """Whether a call is a first-party subclass's override handing on to the framework's
        method it overrides (`super().add_api_route(path, endpoint, **kwargs)`, or
        `self.add_api_route(path, func)` in an `api_route`): it declares the routes of the
        subclass's instances, read where they are declared."""
        if not path.endswith(".py") or not self.subclasses.any():
            return False
        return self.subclasses.overrides_call(path, call)

    def _restify_call(self, path: str, call: Call, owner: str, method: str) -> bool:
        """Whether a call on a restify server or router is one `RestifyRoutes` reads."""
        return False

    def _framework(self, path: str, call: Call, factory: str, qualname: str) -> str | None:
        if factory in SERVER_FACTORIES:
            return SERVER_FACTORIES[factory][0]
        if qualname.startswith("aiohttp.web.") and qualname.rsplit(".", 1)[-1] in (
            *HTTP_METHODS,
            "route",
            "view",
        ):
            return "aiohttp"
        if qualname:
            return None  # a known library that is not a server (a client, a cache, ...)
        # The receiver is a parameter or unresolved: a route only in a server service, with a
        # path literal and (JS) a handler or (Python) a decorated function; or, in a Fastify
        # service, a route object (`fastify.route({ method, url, handler })` in a plugin).
        service = self.service_of.get(path, "")
        deps = self.dependencies.get(service, frozenset())
        if _route_spec(call) and not path.endswith(".py"):
            return "fastify" if "fastify" in deps else None
        if not call.args or not self._looks_like_path(call.args[0]):
            return None
        if path.endswith(".py"):
            # FastAPI's `add_api_route` on a parameter (`def register(router):
            # router.add_api_route("/filter", read_flows, methods=["POST"])`): only FastAPI's
            # routers and apps have that method.
            if call.callee.endswith(".add_api_route"):
                return "fastapi" if "fastapi" in deps else None
            # A decorator, or Flask's `add_url_rule` on a parameter (`def register_api(app,
            # ...)`, as Flask's documentation writes it).
            registers = call.decorates or call.callee.endswith(".add_url_rule")
            if registers and deps & PY_SERVER_DEPENDENCIES:
                return sorted(deps & PY_SERVER_DEPENDENCIES)[0]
            return None
        has_handler = any(a.kind in ("func", "name") for a in call.args[1:])
        frameworks = sorted(
            {JS_SERVER_DEPENDENCIES[d] for d in deps if d in JS_SERVER_DEPENDENCIES}
        )
        return frameworks[0] if has_handler and frameworks else None

    # -- Hono ------------------------------------------------------------------------

    def _hono(self, path: str, facts: FileFacts, call: Call, method: str) -> None:
        """A call on a Hono app: `app.get(path, ...handlers)` and the other verbs, `all`,
        `on(methods, paths, ...)`, `route(prefix, subApp)`, `use(pattern, middleware)`;
        `basePath` is read where the app it makes is (`_hono_app`)."""
        receiver = call.callee.rpartition(".")[0]
        chained = receiver.endswith("()")
        if chained:
            owner = self._hono_app(path, call, own=False)
        else:
            owner = self._owner(path, call.scope, receiver, "hono")
        if owner is None or not call.args:
            return
        self.servers.setdefault(owner, Server("hono")).framework = "hono"
        handler = self._handler(path, call)
        first = call.args[0]
        if method == "on":
            # `app.on('PURGE', '/cache', h)`, `app.on(['PUT', 'DELETE'], '/post', h)`.
            listed = first.items if first.kind == "list" else (first,)
            verbs = [i.value.upper() for i in listed if i.kind == "str"]
            if len(verbs) < len(listed) or len(call.args) < 2:
                verbs = [ANY]  # a method not known before run time: any
            for item, written in self._path_items(path, call.scope, call.args[1]):
                self._declare(owner, path, verbs, item, "hono", call, handler, written)
        elif method in (*HTTP_METHODS, "all") and self._looks_like_path(first):
            for item, written in self._path_items(path, call.scope, first):
                self._declare(
                    owner, path, self._methods(path, call, method), item, "hono", call,
                    handler, written,
                )  # fmt: skip
        elif method == "route" and len(call.args) > 1:
            self._hono_route(path, call, owner)
        elif method == "use" and not chained:
            # Middleware, at a pattern (`/api/*`) or everywhere: read as Express's `use` at
            # the pattern's literal start (what may answer there rather than pass on).
            if first.kind == "str":
                start = replace(first, value=first.value.removesuffix("*").rstrip("/"))
                call = replace(call, args=(start, *call.args[1:]))
            self._mount(path, call, receiver, "use")

    def _hono_route(self, path: str, call: Call, owner: str) -> None:
        """`app.route('/books', books)`: the sub-app's routes under the prefix; a sub-app
        seamcheck cannot find may serve anything under it."""
        prefix_arg, child_arg = call.args[0], call.args[1]
        template = self.values.of_arg(path, call.scope, prefix_arg)
        child = self._child(path, call.scope, child_arg.value) if child_arg.kind == "name" else None
        where = Where(path, call.span.line, call.span.column)
        prefix, unread, note = "", None, ""
        if template is None or any(part.param for part in template):
            unread = UnreadMount(where, "an app mounted at a path known only at run time")
        else:
            prefix = display(template)
            note = self._default_note(path, call, prefix_arg, [prefix])
        mounted = (prefix, unread)
        named = child_arg.value or "the app"
        self._mount_found(path, call, owner, child, mounted, "hono", named, note)
