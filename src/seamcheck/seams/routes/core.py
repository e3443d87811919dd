"""The router-style frameworks (FastAPI, Flask and its REST extensions, aiohttp, Express,
Fastify with its plugins and @fastify/autoload, Koa, Hono, restify): server objects, the
routes declared on them and what each mounts under what; and, for every framework, composing
the prefixes of the mounts above each declared route (`RouteCore._compose`)."""

from __future__ import annotations

import itertools
from dataclasses import replace

from seamcheck.facts import MODULE_SCOPE, RETURNED, Arg, Call, FileFacts, call_within, span_within
from seamcheck.project import Project, Service
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedImport
from seamcheck.resolve.names import Ref
from seamcheck.seams.autoload import (
    AUTOLOAD,
    PROXIES,
    folder_prefix,
    is_module_folder,
    loaded_files,
    read_dir,
    unread_options,
)
from seamcheck.seams.frameworks import (
    CLIENT_FACTORIES,
    HONO_FACTORIES,
    HTTP_METHODS,
    JS_SERVER_DEPENDENCIES,
    MOUNT_METHODS,
    PASS_THROUGH_FUNCTIONS,
    PASS_THROUGH_PACKAGES,
    PLUGIN_WRAPPERS,
    PROXY_MIDDLEWARE,
    PY_SERVER_DEPENDENCIES,
    SERVER_FACTORIES,
    STATIC_MIDDLEWARE,
)
from seamcheck.seams.model import ANY, WS, Route, UnreadRoute, Where
from seamcheck.seams.paths import (
    express_paths,
    hapi_paths,
    hono_paths,
    join,
    normalise,
    pattern_head,
    regex_head,
    strip_prefix,
    variants,
)
from seamcheck.seams.routes.flaskstatic import STATIC_FACTORIES, static_route
from seamcheck.seams.routes.publicfiles import public_routes
from seamcheck.seams.routes.servers import (
    MAX_MOUNT_DEPTH,
    RUNNABLE_APPS,
    STARLETTE_APPS,
    STARLETTE_READABLE,
    Declared,
    NamedValue,
    Server,
    UnreadMount,
    factory_of,
    hono_factory,
    span_key,
)
from seamcheck.seams.routes.subclassed import Subclassed, Subclasses
from seamcheck.seams.routes.websockets import (
    declares_on_starlette,
    websocket_methods,
    websocket_owner,
)
from seamcheck.seams.values import Located, Part, Template, Values, display

# Python declarations whose methods are a `methods=[...]` keyword, GET without one: Flask
# `route`/`add_url_rule`, FastAPI `api_route`/`add_api_route`.
_PY_METHODS_KEYWORD = frozenset({"route", "api_route", "add_url_rule", "add_api_route"})

# JS frameworks whose string paths are read as Express 4's path-to-regexp 0.1.x patterns
# (`paths.express_paths`). Koa's router (path-to-regexp 6) and Fastify (find-my-way) read
# fewer characters as pattern syntax, but real routes of theirs rarely hold the others.
# routing-controllers hands its paths to Express or @koa/router.
_PATTERN_FRAMEWORKS = (frozenset(JS_SERVER_DEPENDENCIES.values()) - {"hono"}) | {
    "routing-controllers"
}

# The parent of an app that may also be run on its own: no server, so no prefix.
_ON_ITS_OWN = "run on its own"

# Methods that change a JS array or a Python list in place: an array they are called on
# holds other items than it was written with.
_ARRAY_CHANGES = ("push", "unshift", "splice", "fill", "copyWithin", "append", "extend", "insert")

# What a FastAPI app serves on its own, by the argument that moves it -> where it is.
_FASTAPI_DOCS = {
    "openapi_url": "/openapi.json",
    "docs_url": "/docs",
    "swagger_ui_oauth2_redirect_url": "/docs/oauth2-redirect",
    "redoc_url": "/redoc",
}
# Served only when these are on: one not known before run time may turn it off.
_FASTAPI_GATES: dict[str, tuple[str, ...]] = {
    "openapi_url": (),
    "docs_url": ("openapi_url",),
    "redoc_url": ("openapi_url",),
    "swagger_ui_oauth2_redirect_url": ("openapi_url", "docs_url"),
}

# What an APIFlask app serves on its own, by the argument that moves it -> where it is; on a
# blueprint of its own, under `openapi_blueprint_url_prefix`.
_APIFLASK_DOCS = {
    "spec_path": "/openapi.json",
    "docs_path": "/docs",
    "docs_oauth2_redirect_path": "/docs/oauth2-redirect",
    "redoc_path": "/redoc",
}
_APIFLASK_GATES: dict[str, tuple[str, ...]] = {
    "spec_path": (),
    "docs_path": (),
    "docs_oauth2_redirect_path": ("docs_path",),
    "redoc_path": (),
}

# Flask REST extensions: the Api objects bound to an app or blueprint, and the namespaces
# whose path defaults to their name.
_FLASK_APIS = frozenset(
    {"flask_restx.Api", "flask_restplus.Api", "flask_restful.Api", "flask_smorest.Api"}
)

_FLASK_NAMESPACES = frozenset({"flask_restx.Namespace", "flask_restplus.Namespace"})

# A class routed as a whole (a flask-restx Resource, a MethodView) serves the HTTP verbs its
# methods are named after.
_VIEW_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")

# Factories of routers, which serve nothing until mounted: one seen mounted nowhere may be
# what a mount of a value seamcheck cannot know mounts (`_maybe_mounted`).
_ROUTER_FACTORIES = frozenset(
    {
        "express.Router", "fastapi.APIRouter", "fastapi.routing.APIRouter", "flask.Blueprint",
        "quart.Blueprint", "flask_smorest.Blueprint", "apiflask.APIBlueprint",
    }
)  # fmt: skip

# The mount calls that take such a router.
_ROUTER_MOUNTS = frozenset({"use", "include_router", "register_blueprint"})

# The methods of a server object that declare or mount routes, or bind it: those of an
# object of a first-party subclass are read as its framework's (`_inherited`).
_DECLARING = frozenset(
    {*HTTP_METHODS, *MOUNT_METHODS, "route", "add_resource", "add_url_rule", "api_route",
     "add_api_route", "add_api_websocket_route", "websocket", "websocket_route", "init_app",
     "add_route", "add_view", "add_websocket_route", "blueprint", "static"}
)  # fmt: skip

# How the extractor names the argument `require('./x').default`.
_REQUIRED = "require().default"


@dataclass(frozen=True, slots=True)
class _Mounted:
    """What a server mounts with `use`/`mount` that seamcheck cannot read as routes."""

    what: str  # `a proxy to http://ml:8000`, `static files`, ...
    methods: tuple[str, ...]
    passable: bool  # may pass requests on rather than answer them (see `Declared`)
    head: str = ""  # the literal start of the paths it serves under the prefix
    known: bool = True  # False: a library or name seamcheck knows nothing of


def _fastapi_router_like(path: str, method: str) -> bool:
    """`x.include_router(child, prefix=...)` in Python on an object made by a library's class
    seamcheck does not know (cadwyn's `VersionedAPIRouter`, a FastAPI `APIRouter` subclass):
    only FastAPI's routers and apps have that method, so the child is served under `x`, not
    at its own path."""
    return method == "include_router" and path.endswith(".py")


def _last_name(key: str) -> str:
    """The last name of the variable an object id (`path::scope::name`) names: `router`."""
    return key.rpartition("::")[2].rpartition(".")[2]


def _one_name(arg: Arg) -> bool:
    """Whether an expression argument is a name and nothing else: `x.default || x` keeps
    its first operand (the extractor reads `||` as a fallback)."""
    return len(arg.pieces) == 1 and arg.pieces[0].kind == "name" and arg.pieces[0].default is None


def _entry(item: Arg, key: str) -> Arg | None:
    """An array's item itself when it is a name (`key` ""), or the entry `key` of an object
    written with no spread and no entry past those read (the last written wins)."""
    if not key:
        return item if item.kind == "name" else None
    if item.kind != "object" or any(i.kind in ("spread", "more") for i in item.items):
        return None
    return next((i for i in reversed(item.items) if i.keyword == key), None)


def _mentions(arg: Arg, variable: str) -> bool:
    """Whether an argument reads `variable` (or an attribute of it), at any depth."""
    names = [arg.value] if arg.kind == "name" else []
    names += [p.value for p in arg.pieces if p.kind in ("name", "unknown")]
    if any(n == variable or n.startswith(variable + ".") for n in names):
        return True
    return any(_mentions(item, variable) for item in arg.items)


def _route_spec(call: Call) -> bool:
    """Whether a `route` call is given a route object with a path and a handler, as
    Fastify's `app.route({ method, url, handler })` is."""
    first = call.args[0] if call.args else None
    if not call.callee.endswith(".route") or first is None or first.kind != "object":
        return False
    keys = {item.keyword for item in first.items}
    return "handler" in keys and bool(keys & {"url", "path"})


# The file and scope an argument is written in, where its names are looked up.
_Written = tuple[str, str]


class RouteCore:
    """The state every route reader shares and the router-style frameworks' reading. Each
    framework with its own shape is a subclass (`RouteFinder` combines them); the lists they
    fill (`declared`, `routes`, `unread`, `builtin`) and the server objects (`servers`) with
    their mounts are composed here once every file is read."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        self.project = project
        self.resolution = resolution
        self.values = values
        self.service_of = values.service_of
        self.dependencies = {s.name: frozenset(s.dependencies) for s in project.services}
        # Keyed by the Call object itself: the resolver hands back the facts' own records.
        self.external: dict[int, str] = {}
        self.functions: dict[int, str] = {}
        self.packages: dict[str, set[str]] = {}  # path -> top packages its calls reach
        for resolved in resolution.calls:
            if resolved.kind == "external":
                self.external[id(resolved.call)] = resolved.qualname
                top = resolved.qualname.split(".", 1)[0]
                self.packages.setdefault(resolved.path, set()).add(top)
            elif resolved.kind == "function":
                self.functions[id(resolved.call)] = resolved.target
        self.servers: dict[str, Server] = {}
        self.subclasses = Subclasses(values, self.functions)
        self._unwrapping: set[int] = set()  # the fastify-plugin calls being followed
        self.plugin_calls: list[tuple[str, Call, str]] = []
        self.imports: dict[str, list[ResolvedImport]] = {}
        for resolved_import in resolution.imports:
            self.imports.setdefault(resolved_import.path, []).append(resolved_import)
        self.declared: list[Declared] = []
        self.routes: list[Route] = []
        # What the frameworks serve on their own, where calls may land but that is listed
        # nowhere as the service's routes (FastAPI's `/openapi.json` and docs pages).
        self.builtin: list[Route] = []
        self.unread: list[UnreadRoute] = []
        self.passable: list[UnreadRoute] = []  # see `_settle_passable`
        self.handlers: list[tuple[str, Declared]] = []  # see `_mounted_handlers`
        # Functions of the repository whose result is mounted (`include_router(build_router(),
        # prefix="/v1")`): function node id -> whether it is mounted at a prefix, and at none.
        self.factories: dict[str, tuple[bool, bool]] = {}
        # The calls of such functions whose result is read as a router (`_factory_made`).
        self._read_results: set[int] = set()
        # service -> (prefix, where) of each JS mount of a value not known before run time
        # (`_unknown_value`), which may be any router of the service (`_maybe_mounted`).
        self._unknown_mounts: dict[str, list[tuple[str, Where]]] = {}
        # service -> (prefix, where) of each @fastify/autoload whose `dir` is not read: any
        # plugin of the service mounted nowhere may be one it loads (`_maybe_mounted`).
        self._unread_autoloads: dict[str, list[tuple[str, Where]]] = {}
        # service -> last name of a name passed to a call -> (path, call, the name), in path
        # and call order (`_handed_on`; made when first asked).
        self._names_passed: dict[str, dict[str, list[tuple[str, Call, str]]]] | None = None
        # Koa routers whose `allowedMethods()` is used: they answer OPTIONS for their routes
        # and those of the routers nested in them (`service:NAME`: a router not known).
        self.allowing: set[str] = set()
        # path -> its Starlette `Mount` and `Host` calls, and its apps' `mount` calls
        # (`StarletteRoutes`, which reads them).
        self.starlette_mounts: dict[str, list[Call]] = {}

    # -- router-style frameworks -------------------------------------------------------

    def _qualname(self, path: str, call: Call) -> str:
        return self.external.get(id(call), "")

    def _reaches(self, path: str, *packages: str) -> bool:
        """Whether any call in `path` reaches one of these top-level packages."""
        return not self.packages.get(path, set()).isdisjoint(packages)

    def _call(self, path: str, facts: FileFacts, call: Call) -> None:
        target = self.functions.get(id(call))
        if target is not None:
            self._called_with_server(path, call, target)
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
        qualname = self.external.get(id(call), "") or self._inherited(path, call, receiver, method)
        # Most calls declare nothing (`logger.info(...)`, `self.items.append(x)`): screen
        # them out with the tests below that each way of declaring needs, cheapest first.
        chained = "route()" in call.callee
        if qualname:
            factory = factory_of(qualname)
            if method == "add_route" and factory in STARLETTE_APPS and path.endswith(".py"):
                # Starlette's `app.add_route(path, endpoint, methods=None)`.
                owner = self._owner(path, call.scope, receiver, "starlette")
                if owner is not None:
                    self._py_route_call(path, call, owner, "starlette", method)
                return
            if declares_on_starlette(method) and factory in STARLETTE_APPS - {*SERVER_FACTORIES}:
                # Starlette's `app.add_websocket_route(path, endpoint)`, `@app.websocket_route`.
                owner = self._owner(path, call.scope, receiver, "starlette")
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
            self._mount(path, call, receiver, method)
            return
        if chained and ("route()." in call.callee or call.callee.endswith("route()")):
            self._chained(path, facts, call)
            return
        framework = self._framework(path, call, factory, qualname)
        if framework is None:
            return
        receiver = websocket_owner(qualname, call) or receiver  # `@sock.route(path, bp=bp)`
        owner = self._owner(path, call.scope, receiver, framework)
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
        methods = websocket_methods(qualname, method, path) or self._methods(path, call, method)
        if not methods or not call.args:
            return
        handler = self._handler(path, call)
        for item, written in self._path_items(path, call.scope, call.args[0]):
            self._declare(owner, path, methods, item, framework, call, handler, written)

    def _inherited(self, path: str, call: Call, receiver: str, method: str) -> str:
        """The framework's method a Python call makes on an object of a first-party
        subclass of its server class (`api.add_resource(...)`, `api` made by a class
        deriving from `flask_restx.Api`), which the resolver leaves unresolved; ""."""
        if method not in _DECLARING or not path.endswith(".py") or id(call) in self.functions:
            return ""
        if not self.subclasses.any():
            return ""
        return self.subclasses.method(path, call.scope, receiver, method)

    def _flask_rest_call(
        self, path: str, call: Call, receiver: str, method: str, factory: str
    ) -> bool:
        """Flask REST extensions' calls that bind an Api (`api.init_app(bp)`, read as
        `Api(bp)`) or declare a resource on an object seamcheck cannot tell is an Api
        (`api.add_resource(R, "/r")`, `api` made by a library's class it does not know):
        whether the call was one."""
        if method == "init_app" and factory in _FLASK_APIS:
            located = self.values.locate(path, call.scope, receiver)
            if located is not None and located.binding.kind in ("call", "new"):
                key = self._register(located)
                if key is not None:
                    self._flask_api_parent(path, call, key)
            return True
        if method == "add_resource" and factory not in SERVER_FACTORIES:
            owner = self._unknown_api(path, call, receiver)
            if owner is not None:
                self._add_resource(path, call, owner, "flask")
            return owner is not None
        return False

    def _unknown_api(self, path: str, call: Call, receiver: str) -> str | None:
        """The id of the object made by a call seamcheck does not know as a server (a
        library's class, a function of the app) that a resource is added to: it is an Api,
        but what it is bound to is not known, so its resources are served somewhere under a
        prefix seamcheck cannot know. None for any other receiver."""
        located = self.values.locate(path, call.scope, receiver) if receiver else None
        if located is None or located.binding.kind not in ("call", "new"):
            return None
        key = self._register(located)
        server = self.servers.get(key or "")
        creator = self.values.creator(located)
        if key is None or server is None or server.framework or creator is None:
            return None
        if server.unread_prefix is None:
            where = Where(located.path, creator.span.line, creator.span.column)
            what = f"an Api seamcheck cannot read ('{receiver}', made by {creator.callee}())"
            server.unread_prefix = UnreadMount(where, what)
        return key

    def _restify_call(self, path: str, call: Call, owner: str, method: str) -> bool:
        """Whether a call on a restify server or router is one `RestifyRoutes` reads."""
        return False

    def _path_items(self, path: str, scope: str, first: Arg) -> list[tuple[Arg, _Written]]:
        """The paths a route declaration's first argument gives, each with the file and
        scope it is written in: Express also takes an array of paths (`app.get(['/ping',
        '/healthz'], h)`), written in place or bound to a name (`const PATHS = [...]`, also
        imported). An array holding anything but strings and regular expressions is one
        path known only at run time."""
        if first.kind == "list":
            return [(item, (path, scope)) for item in first.items]
        located = self.values.locate(path, scope, first.value) if first.kind == "name" else None
        if located is not None and located.binding.kind == "item":  # for (const p of PATHS)
            located = self._item_array(located)
        if (
            located is None
            or not self._fixed_list(located)
            or any(i.kind not in ("str", "expr", "regex") for i in located.binding.items)
        ):
            return [(first, (path, scope))]
        written = (located.path, located.binding.scope)
        return [(item, written) for item in located.binding.items]

    def _item_array(self, located: Located) -> Located | None:
        """The fixed array (`_fixed_list`) a `for (const x of name)` loop's variable goes
        through, unless something else assigns the variable."""
        binding = located.binding
        if self.values.assigned_again(located):
            return None
        return self._fixed_array(located.path, binding.scope, binding.value)

    def _fixed_array(self, path: str, scope: str, dotted: str) -> Located | None:
        """The fixed array literal (`_fixed_list`) a name holds, in this file or imported
        (`export default [...]`, `const routers = require('./routes')` of a module whose
        `module.exports = [...]`)."""
        located = self.values.locate(path, scope, dotted) if dotted else None
        if located is None and dotted:
            ref = self._ref(path, scope, dotted)
            file = self.values.symbols.get(ref.path) if ref and ref.kind == "jsmodule" else None
            bound = file.bindings.get((MODULE_SCOPE, "module.exports")) if file else None
            located = Located(file.facts.path, bound) if file and bound else None
        return located if located is not None and self._fixed_list(located) else None

    def _fixed_list(self, located: Located) -> bool:
        """Whether a name holds an array literal with items, and only those: not assigned
        again, nor changed in place (`PATHS.push('/x')`) in the file that writes it."""
        binding = located.binding
        if binding.kind != "list" or not binding.items or self.values.assigned_again(located):
            return False
        return not any(
            self.values.calls_to(located.path, f"{binding.target}.{method}")
            for method in _ARRAY_CHANGES
        )

    def _called_with_server(self, path: str, call: Call, target: str) -> None:
        """Remember calls of first-party functions with name arguments: `register_routes(
        app)` mounts the routes the function declares on its parameter (see `_plugins`)."""
        if any(a.kind == "name" for a in call.args):
            self.plugin_calls.append((path, call, target))

    def _plugins(self) -> None:
        """Mount each function that declares routes on its parameter under the server
        object it is called with. Only functions that declare routes are looked at."""
        for path, call, target in self.plugin_calls:
            if "fn:" + target in self.servers:
                self._mount_plugin(path, call, target)

    def _mount_plugin(self, path: str, call: Call, target: str) -> None:
        for arg in call.args:
            if arg.kind != "name":
                continue
            located = self.values.locate(path, call.scope, arg.value)
            if located is None or located.binding.kind not in ("call", "new"):
                continue
            parent = self._register(located)
            child = "fn:" + target
            if parent is None:
                continue
            self.servers.setdefault(child, Server("")).mounts.append((parent, "", None))

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

    def _looks_like_path(self, arg: Arg) -> bool:
        if arg.kind == "list":
            return bool(arg.items) and self._looks_like_path(arg.items[0])
        if arg.kind == "regex":
            return True
        if arg.kind == "str":
            return arg.value.startswith("/") or arg.value == ""
        if arg.kind == "expr":
            return bool(arg.pieces) and arg.pieces[0].value.startswith("/")
        if arg.kind == "object":  # restify's `server.get({ path: '/x', version: '1.0.0' }, h)`
            given = next((i for i in arg.items if i.keyword in ("path", "url")), None)
            return given is not None and self._looks_like_path(given)
        return False

    def _owner(self, path: str, scope: str, receiver: str, framework: str) -> str | None:
        """The id of the server object `receiver` denotes, registering it on first sight."""
        if receiver.endswith(".router") and framework == "aiohttp":
            receiver = receiver.removesuffix(".router")  # app.router.add_get -> app
        located = self.values.locate(path, scope, receiver)
        if located is not None and located.binding.kind in ("call", "new"):
            return self._register(located)
        key = f"fn:{path}::{scope}"
        self.servers.setdefault(key, Server(framework))
        return key

    def _holder_of(self, path: str, call: Call) -> Located | None:
        """The module or function name a call's result is bound to, if any."""
        file = self.values.symbols.get(path)
        if file is None:
            return None
        for binding in file.bindings.values():
            if binding.kind == "call" and binding.line == call.span.line:
                located = Located(path, binding)
                if self.values.creator(located) is call:
                    return located
        return None

    def _register(self, located: Located) -> str | None:
        """The id of the object a binding holds; on first sight of its creation, its
        framework and own prefix (`APIRouter(prefix=...)`). None for an HTTP client."""
        creator = self.values.creator(located)
        qualname = self._qualname(located.path, creator) if creator is not None else ""
        if qualname in CLIENT_FACTORIES:
            return None
        made = self._subclassed(located.path, creator) if creator and not qualname else None
        if made is not None:
            qualname, creator = made.factory, made.call
        if creator is not None and qualname in PLUGIN_WRAPPERS:
            return self._wrapped(located.path, creator)
        if creator is not None and hono_factory(qualname):
            # `const app = new Hono().basePath('/api')`, `export const health = new
            # Hono().get(...)`: the app the chain makes.
            return self._hono_app(located.path, creator, own=True)
        key = self.values.object_id(located)
        server = self.servers.setdefault(key, Server(""))
        if not server.framework and qualname in SERVER_FACTORIES:
            server.framework, prefix_keyword = SERVER_FACTORIES[qualname]
            server.router = qualname in _ROUTER_FACTORIES
            if creator is not None and prefix_keyword:
                scope = located.binding.scope
                given = self._keyword_arg(creator, prefix_keyword)
                if given is not None:
                    self._set_prefix(server, located.path, scope, given, creator)
            if creator is not None and qualname == "fastapi.FastAPI":
                self._fastapi_docs(located.path, creator, key)
            if creator is not None and qualname == "apiflask.APIFlask":
                self._apiflask_docs(located.path, creator, key)
            if creator is not None and qualname in STATIC_FACTORIES:
                self._flask_static(located.path, creator, key, qualname)
            if creator is not None and qualname in _FLASK_NAMESPACES and not server.prefix:
                # `Namespace("models")` serves under /models unless given a `path`.
                first = creator.args[0] if creator.args else None
                if first is not None and first.keyword is None and first.kind == "str":
                    server.prefix = "/" + first.value.strip("/")
            if creator is not None and qualname in _FLASK_APIS:
                self._flask_api_parent(located.path, creator, key)
            if creator is not None and qualname in _FLASK_NAMESPACES:
                where = Where(located.path, creator.span.line, creator.span.column)
                server.alone = UnreadMount(
                    where, "a flask-restx Namespace added to no Api seamcheck reads"
                )
            if made is not None and made.unread and creator is not None:
                where = Where(located.path, creator.span.line, creator.span.column)
                server.unread_prefix = UnreadMount(where, f"a {qualname} {made.unread}")
        return key

    def _subclassed(self, path: str, creator: Call) -> Subclassed | None:
        if not path.endswith(".py") or not self.subclasses.any():
            return None
        return self.subclasses.made(path, creator)

    def _flask_api_parent(self, path: str, given: Call, key: str) -> None:
        """A Flask REST extension's `Api(app)` or `Api(blueprint)` (or `api.init_app(bp)`,
        `given` in `path`) serves its resources on that app or blueprint, under its prefix."""
        first = given.args[0] if given.args else None
        if first is None or first.keyword is not None or first.kind != "name":
            return
        parent = self.values.locate(path, given.scope, first.value)
        if parent is None or parent.binding.kind not in ("call", "new"):
            return
        parent_id = self._register(parent)
        if parent_id is not None and parent_id != key:
            self.servers[key].mounts.append((parent_id, "", None))

    def _fastapi_docs(self, path: str, app: Call, key: str) -> None:
        """The routes a FastAPI app serves on its own: its OpenAPI schema and the docs pages
        that read it (`/openapi.json`, `/docs`, `/docs/oauth2-redirect`, `/redoc` unless its
        arguments move them or turn them off with None), GET and HEAD (Starlette routes)."""
        self._docs_pages(path, app, key, "fastapi", _FASTAPI_DOCS, _FASTAPI_GATES, ("GET", "HEAD"))

    def _apiflask_docs(self, path: str, app: Call, key: str) -> None:
        """The routes an APIFlask app serves on its own, on the blueprint it registers for
        them: its OpenAPI spec and docs pages (`/openapi.json`, `/docs`,
        `/docs/oauth2-redirect`, `/redoc` unless its arguments move them or turn them off
        with None) under `openapi_blueprint_url_prefix`; none with `enable_openapi=False`."""
        enabled = self._keyword_arg(app, "enable_openapi")
        if enabled is not None and enabled.value == "False":
            return
        pages = f"{key}|openapi"
        server = self.servers.setdefault(pages, Server("flask"))
        server.mounts.append((key, "", None))
        prefix = self._keyword_arg(app, "openapi_blueprint_url_prefix")
        if prefix is not None and prefix.value != "None":
            self._set_prefix(server, path, app.scope, prefix, app)
        self._docs_pages(path, app, pages, "flask", _APIFLASK_DOCS, _APIFLASK_GATES, ("GET",))

    def _public_files(
        self, service: Service, folder: str, base: str | None, framework: str
    ) -> None:
        """The files a full-stack app serves from its public `folder` (`publicfiles.py`).
        What may serve more is added only where the app has routes seamcheck reads: a
        service with none leaves every call to it unsure already."""
        found = public_routes(self.project, service, folder, base, framework)
        self.builtin.extend(found.builtin)
        name = service.name
        if any(r.service == name for r in self.routes) or any(
            r.service == name for r in self.unread
        ):
            self.unread.extend(found.unread)

    def _flask_static(self, path: str, app: Call, key: str, factory: str) -> None:
        """The route a Flask app or blueprint serves its static folder at, declared builtin
        on its server `key` (`flaskstatic`); at the root, or at a path known only at run
        time, a route that may serve any GET path."""
        found = static_route(self.values, path, app, factory)
        if found is None:
            return
        where = Where(path, app.span.line, app.span.column)
        service = self.service_of.get(path, "")
        if found.path:
            declared = Declared(key, service, "GET", found.path, "flask", where, "", builtin=True)
        else:
            declared = Declared(key, service, "GET", "", "flask", where, "", found.what)
        self.declared.append(declared)

    def _docs_pages(
        self,
        path: str,
        app: Call,
        key: str,
        framework: str,
        pages: dict[str, str],
        gates: dict[str, tuple[str, ...]],
        methods: tuple[str, ...],
    ) -> None:
        """The pages a framework's app serves on its own (`pages`: the argument that moves
        each -> its default path), declared builtin on the app's server `key`. A page is
        served only when the pages it `gates` on are: one of those turned off with None turns
        it off too, and one known only at run time makes it unsure."""
        given = {a.keyword: a for a in app.args if a.keyword in pages}
        paths: dict[str, str | None] = {}  # keyword -> its path; None: off; "": not known
        for keyword, default in pages.items():
            written = given.get(keyword) or Arg("str", default)
            if written.value in ("None", "") and written.kind in ("name", "other", "str"):
                paths[keyword] = None
                continue
            template = self.values.of_arg(path, app.scope, written)
            known = template is not None and not any(part.param for part in template)
            paths[keyword] = display(template) if template is not None and known else ""
        for keyword in pages:
            if any(paths[g] is None for g in gates[keyword]):
                paths[keyword] = None
        where = Where(path, app.span.line, app.span.column)
        service = self.service_of.get(path, "")
        label = {"fastapi": "FastAPI", "ninja": "Django Ninja", "flask": "APIFlask"}.get(
            framework, framework
        )
        for keyword, route_path in paths.items():
            if route_path is None:
                continue
            if route_path and all(paths[g] for g in gates[keyword]):
                self.declared.extend(
                    Declared(key, service, m, route_path, framework, where, "", builtin=True)
                    for m in methods
                )
                continue
            # A page whose path (`docs_url=settings.docs_url`), or whether it is served at
            # all, is known only at run time: the calls that end as its default path
            # (`/docs`, also under a prefix) may be its, unsure rather than broken. Any other
            # GET is not made unsure by it.
            what = (
                f"{label}'s {route_path}, served only as settings known at run time allow"
                if route_path
                else f"{label}'s {keyword}, known only at run time"
            )
            head, tail = (route_path, "") if route_path else ("", pages[keyword])
            self.declared.extend(
                Declared(key, service, m, head, framework, where, "", what, tail=tail)
                for m in methods
            )

    def _keyword(self, path: str, scope: str, call: Call, keyword: str) -> str:
        arg = self._keyword_arg(call, keyword)
        return (self._template(path, scope, arg) or "") if arg is not None else ""

    @staticmethod
    def _keyword_arg(call: Call, keyword: str) -> Arg | None:
        for arg in call.args:
            if arg.keyword == keyword:
                return arg
            if arg.kind == "object":
                for item in arg.items:
                    if item.keyword == keyword:
                        return item
        return None

    def _set_prefix(self, server: Server, path: str, scope: str, arg: Arg, call: Call) -> None:
        """A router's own prefix, given as `arg` in `call`. One known only at run time
        (`prefix: process.env.API_PREFIX`) may be several segments or none, not the one a
        parameter matches: its routes are unsure under the prefix's literal start."""
        template = self.values.of_arg(path, scope, arg)
        if template is None:
            server.prefix = ""
            return
        if not any(part.param for part in template):
            server.prefix = display(template)
            return
        start = "".join(p.text for p in itertools.takewhile(lambda p: not p.param, template))
        server.prefix = start.rpartition("/")[0]
        where = Where(path, call.span.line, call.span.column)
        server.unread_prefix = UnreadMount(where, "a router whose prefix is known only at run time")

    def _template(self, path: str, scope: str, arg: Arg) -> str | None:
        template = self.values.of_arg(path, scope, arg)
        return display(template) if template is not None else None

    def _known_text(self, path: str, scope: str, arg: Arg) -> str | None:
        """An argument's text when seamcheck knows all of it before run time; None when
        any part of it is not known (a prefix from settings may be any segments, or none)."""
        template = self.values.of_arg(path, scope, arg)
        if template is None or any(part.param for part in template):
            return None
        return display(template)

    def _written_items(
        self, path: str, scope: str, arg: Arg, kind: str
    ) -> tuple[str, str, tuple[Arg, ...]] | None:
        """The items of the `kind` literal ("object", "list") an argument is or a name holds,
        with the file and scope they are written in; None for anything else."""
        if arg.kind == kind:
            return path, scope, arg.items
        located = self.values.locate(path, scope, arg.value) if arg.kind == "name" else None
        if located is None or located.binding.kind != kind:
            return None
        return located.path, located.binding.scope, located.binding.items

    def _methods(self, path: str, call: Call, method: str) -> list[str]:
        if method in HTTP_METHODS:
            return [method.upper()]
        if method == "del":
            return ["DELETE"]  # Koa router, restify
        if method == "opts":
            return ["OPTIONS"]  # restify
        if method == "all":
            return [ANY]
        if method in _PY_METHODS_KEYWORD and path.endswith(".py"):
            listed = next((a for a in call.args if a.keyword == "methods"), None)
            if listed is None:
                return ["GET"]
            verbs = [i.value.upper() for i in listed.items if i.kind == "str"]
            # Methods not all read (`methods=METHODS`, `frozenset(...)`): any of them.
            return verbs if verbs and len(verbs) == len(listed.items) else [ANY]
        if method.startswith("add_") and method[4:] in HTTP_METHODS:
            return [method[4:].upper()]  # aiohttp app.router.add_get
        return []

    def _class_views(self, path: str, qualname: str) -> list[tuple[str, str]] | None:
        """The (verb, handler) a class routed as a whole serves: one per method named after
        an HTTP verb (`def get(self, name)`), or any method when it defines none of its own
        (they may come from a base class); None when `qualname` is no class of `path`."""
        file = self.values.symbols.get(path)
        definition = file.definitions.get(qualname) if file is not None else None
        if file is None or definition is None or definition.kind != "class":
            return None
        views = [
            (verb.upper(), f"{path}::{qualname}.{verb}")
            for verb in _VIEW_VERBS
            if f"{qualname}.{verb}" in file.definitions
        ]
        return views or [(ANY, f"{path}::{qualname}")]

    def _py_route_call(
        self, path: str, call: Call, owner: str, framework: str, method: str
    ) -> bool:
        """Routes declared with the method as an argument or by a class: aiohttp's
        `add_route("POST", path, handler)`, `web.route(...)`, `add_view(path, View)`,
        `web.view(...)`, `@routes.view(path)` on a class; Starlette's (and FastAPI's)
        `add_route(path, endpoint, methods=None)`. Whether the call was one."""
        positional = [a for a in call.args if a.keyword is None]
        verbs: list[tuple[str, str]]
        if framework == "aiohttp" and method in ("add_route", "route"):
            if len(positional) < 2 or positional[0].kind != "str":
                return method == "add_route"
            verb = positional[0].value.upper()
            handler = self._handler(path, replace(call, args=tuple(positional[2:3])))
            verbs, at = [(ANY if verb == "*" else verb, handler)], positional[1]
        elif framework == "aiohttp" and method in ("add_view", "view"):
            if not positional:
                return True
            verbs, at = self._view_class(path, call, positional[1:2]), positional[0]
        elif framework in ("starlette", "fastapi") and method == "add_route":
            if not positional:
                return True
            listed = next((a for a in call.args if a.keyword == "methods"), None)
            endpoint = positional[1:2] or [a for a in call.args if a.keyword == "endpoint"]
            views = self._view_class(path, call, endpoint) if endpoint else []
            handler = self._handler(path, replace(call, args=tuple(endpoint)))
            if listed is not None:
                verbs = [(i.value.upper(), handler) for i in listed.items if i.kind == "str"]
            elif views and views != [(ANY, "")]:
                verbs = views  # an HTTPEndpoint class
            else:
                verbs = [("GET", handler), ("HEAD", handler)]
            at = positional[0]
        else:
            return False
        for verb, handler in verbs:
            for item, written in self._path_items(path, call.scope, at):
                self._declare(owner, path, [verb], item, framework, call, handler, written)
        return True

    def _view_class(self, path: str, call: Call, given: list[Arg]) -> list[tuple[str, str]]:
        """The views of the class a call routes: the one it decorates, or the one named by
        its argument; [(ANY, "")] for a view seamcheck cannot find (a function, or a class
        it does not see, may serve any verb)."""
        if call.decorates:
            return self._class_views(path, call.decorates) or [(ANY, "")]
        if given and given[0].kind == "name":
            ref = self._ref(path, call.scope, given[0].value)
            if ref is not None and ref.kind == "def":
                views = self._class_views(ref.path, ref.name)
                if views is not None:
                    return views
        return [(ANY, "")]

    def _as_view(self, path: str, call: Call) -> list[tuple[str, str]] | None:
        """The views of the class whose `as_view()` a Flask `add_url_rule` is given
        (`view_func=ItemAPI.as_view("item")`, or a name holding one), unless `methods=`
        names them; None for a plain view function."""
        if any(a.keyword == "methods" for a in call.args):
            return None
        given = next((a for a in call.args if a.keyword == "view_func"), None)
        positional = [a for a in call.args if a.keyword is None]
        if given is None and len(positional) > 2:
            given = positional[2]
        made: Call | None = None
        if given is not None and given.kind == "name":
            located = self.values.locate(path, call.scope, given.value)
            if located is not None and located.binding.kind == "call":
                made = self.values.creator(located)
        elif given is not None:
            made = next(
                (c for c in self._outermost_within(path, call) if c.callee.endswith(".as_view")),
                None,
            )
        if made is None or not made.callee.endswith(".as_view"):
            return None
        ref = self._ref(path, made.scope, made.callee.removesuffix(".as_view"))
        if ref is None or ref.kind != "def":
            return None
        return self._class_views(ref.path, ref.name)

    def _add_resource(self, path: str, call: Call, owner: str, framework: str) -> None:
        """flask-restful / flask-restx `api.add_resource(Todo, "/todos/<id>", "/todo/<id>")`:
        the resource class's verbs at each path."""
        positional = [a for a in call.args if a.keyword is None]
        if len(positional) < 2 or positional[0].kind != "name":
            return
        ref = self._ref(path, call.scope, positional[0].value)
        views = (
            self._class_views(ref.path, ref.name) if ref is not None and ref.kind == "def" else None
        )
        if views is None:
            views = [(ANY, "")]  # a class seamcheck cannot find: any verb
        for item in positional[1:]:
            if item.kind in ("str", "expr"):
                for verb, handler in views:
                    self._declare(owner, path, [verb], item, framework, call, handler)

    def _handler(self, path: str, call: Call) -> str:
        if call.decorates:
            return f"{path}::{call.decorates}"
        for arg in reversed(call.args):
            if arg.kind == "func" and arg.value:
                return f"{path}::{arg.value}"
            if arg.kind == "name":
                return self._function_node(path, call.scope, arg.value)
        return ""

    def _function_node(self, path: str, scope: str, dotted: str) -> str:
        ref = self._ref(path, scope, dotted)
        return f"{ref.path}::{ref.name}" if ref is not None and ref.kind == "def" else ""

    def _ref(self, path: str, scope: str, dotted: str) -> Ref | None:
        names = self.values.names
        file = names.symbols.get(path)
        return names.resolve_dotted(file, scope, dotted, 0) if file is not None else None

    def _declare(
        self,
        owner: str,
        path: str,
        methods: list[str],
        arg: Arg,
        framework: str,
        call: Call,
        handler: str,
        written: _Written | None = None,
    ) -> None:
        """A route for each method, at the path `arg` holds, read where it is `written` (the
        call's file and scope unless said). A path seamcheck cannot read (a regular
        expression, one known only at run time) is declared by its literal start."""
        what, partial = "", arg.kind == "regex"
        if partial:
            route_path, what = regex_head(arg.value), "a regular expression"
        else:
            at, scope = written or (path, call.scope)
            template = self.values.of_arg(at, scope, arg)
            if template is None:
                return
            route_path = display(template)
            if template and all(part.param for part in template):
                # Not the one segment `/{value}`: it may be any path. (`/{version}/users`
                # keeps its known segments.)
                route_path, what = "", "a path known only at run time"
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        self.declared.extend(
            Declared(
                owner, service, verb, route_path, framework, where, handler, what, partial=partial
            )
            for verb in methods
        )

    def _route_object(self, path: str, call: Call, owner: str, framework: str) -> None:
        """Fastify `app.route({ method, url, handler })`."""
        spec = call.args[0]
        url = next((i for i in spec.items if i.keyword in ("url", "path")), None)
        method = next((i for i in spec.items if i.keyword == "method"), None)
        handler_arg = next((i for i in spec.items if i.keyword == "handler"), None)
        if url is None:
            return
        verbs = ["GET"]
        if method is not None:
            listed = method.items if method.kind == "list" else (method,)
            verbs = [i.value.upper() for i in listed if i.kind == "str"]
        handler = ""
        if handler_arg is not None and handler_arg.kind == "func":
            handler = f"{path}::{handler_arg.value}"
        elif handler_arg is not None and handler_arg.kind == "name":
            handler = self._function_node(path, call.scope, handler_arg.value)
        self._declare(owner, path, verbs, url, framework, call, handler)

    def _chained(self, path: str, facts: FileFacts, call: Call) -> None:
        """Express `router.route('/x').get(h).post(h)`: the path is on the inner call."""
        parts = call.callee.split(".")
        if "route()" not in parts:
            return
        index = parts.index("route()")
        receiver = ".".join(parts[:index])
        verb = parts[-1].removesuffix("()")
        inner = next(
            (
                c
                for c in facts.calls
                if c.callee == f"{receiver}.route" and span_key(c) == span_key(call)
            ),
            None,
        )
        if inner is None or not inner.args or verb not in (*HTTP_METHODS, "all"):
            return
        qualname = self._qualname(path, inner)
        factory = qualname.rpartition(".")[0].removesuffix("()")
        framework = SERVER_FACTORIES.get(factory, ("express", ""))[0]
        owner = self._owner(path, call.scope, receiver, framework)
        if owner is None:
            return
        method = ANY if verb == "all" else verb.upper()
        handler = self._handler(path, call)
        for item, written in self._path_items(path, inner.scope, inner.args[0]):
            self._declare(owner, path, [method], item, framework, call, handler, written)

    def _mount(
        self,
        path: str,
        call: Call,
        receiver: str,
        method: str,
        readable: frozenset[str] = frozenset(),
    ) -> None:
        """`parent.include_router(child, prefix=)`, `app.use('/api', router)`, ...
        `readable`: as for `_mount_unread`."""
        each = self._each_mounted(path, call) if method == "use" else None
        if each:
            self._mount_each(path, call, receiver, each)
            return
        args = list(call.args)
        prefixes = [""]
        unread: UnreadMount | None = None
        first = args[0] if args else None
        where = Where(path, call.span.line, call.span.column)
        if first is not None and method in ("use", "add_subapp", "mount"):
            # Express also mounts at an array of paths: app.use(['/v1', '/latest'], router).
            listed = first.items if first.kind == "list" else (first,)
            held = self._named_prefixes(path, call, first) if len(args) > 1 else None
            if listed and all(item.kind in ("str", "expr") for item in listed):
                prefixes = [self._template(path, call.scope, item) or "" for item in listed]
                args = args[1:]
            elif first.kind == "regex":  # app.use(/^\/v\d+/, router)
                prefixes, args = [regex_head(first.value)], args[1:]
                unread = UnreadMount(where, "a router mounted at a regular expression")
            elif held is not None:  # app.use(PREFIX, router), app.use(r.path, r.router)
                prefixes, args = held or [""], args[1:]
                if not held:
                    unread = UnreadMount(where, "a router mounted at a path known only at run time")
            elif len(args) > 1 and self._may_be_path(path, call, first):
                # app.use(toPath(key), router), app.use(paths[key], router): the router may
                # be served under any prefix, or at / if the value is middleware.
                unread = UnreadMount(where, "a router mounted at a path known only at run time")
        if method == "mount" and path.endswith(".py"):
            # Starlette's `mount(path, app=None, name=None)`: the app may be given by keyword.
            args = [replace(a, keyword=None) if a.keyword == "app" else a for a in args]
        else:
            args = [item for a in args for item in self._listed(path, call.scope, a)]
        keyword = MOUNT_METHODS[method]
        named = self._keyword(path, call.scope, call, keyword) if keyword else ""
        positional = [a for a in call.args if a.keyword is None]
        if method == "add_namespace" and len(positional) > 1 and positional[1].kind != "name":
            # flask-restx `api.add_namespace(ns, "/v1/models")`: the path, by position.
            named = self._template(path, call.scope, positional[1]) or ""
            args = [positional[0]]
        if named:
            prefixes = [named]
        # `app.use('/users', require('./users.mjs').default)`: the module's default export.
        required = self._required_children(path, call, args)
        args = [a for index, a in enumerate(args) if index not in required]
        children: list[str | None] = [child for child, _ in required.values()]
        for child, module in required.values():
            owner = self._owner(path, call.scope, receiver, "")
            if child.startswith("fn:") and owner is not None:  # a handler, or a plugin
                label = f"{child.rpartition('::')[2]} of {module}"
                self._mounted_function(path, call, owner, child, label, prefixes)
        named_children = [a for a in args if a.kind == "name" and a.keyword is None]
        for arg in named_children:
            found = self._child(path, call.scope, arg.value)
            looped = self._looped_children(path, call, arg.value) if found is None else None
            if looped:
                children.extend(looped)
                continue
            children.append(found)
            if (
                found is None
                and method in _ROUTER_MOUNTS
                and self._unknown_value(path, call.scope, arg)
            ):
                self._unknown_mounts.setdefault(self.service_of.get(path, ""), []).extend(
                    (prefix, where) for prefix in prefixes
                )
        # `register(plugin.default || plugin, ...)`: an ES module's default export, or else
        # the module itself (CommonJS).
        children.extend(
            self._either_child(path, call.scope, a.pieces[0].value)
            for a in args
            if a.kind == "expr" and a.keyword is None and _one_name(a)
        )
        # A plugin written in place: app.register(async (f) => { f.get(...) }, { prefix }).
        children.extend(
            f"fn:{path}::{a.value}" for a in args if a.kind == "func" and a.value and not a.keyword
        )
        written = [a for a in args if a.kind == "other" and a.keyword is None]
        inline = self._inline_children(path, call) if written else []
        if written:
            self._factory_results(path, call, prefixes)
            inline.extend(self._factory_made(path, call))
        children.extend(inline)
        if method in ("use", "mount") and not named:
            owner = self._owner(path, call.scope, receiver, "")
            self._mount_unread(path, call, owner, args, prefixes, readable)
        elif written and not any(inline):
            # What a call returns (`include_router(build_router(), prefix="/v1")`, a Fastify
            # plugin factory) is not read: it may serve anything under the prefix.
            owner = self._owner(path, call.scope, receiver, "")
            self._mount_unread(path, call, owner, written, prefixes, middleware=False)
        if method == "register" and not path.endswith(".py"):
            self._fastify_library(path, call, receiver, prefixes)
        if not any(children):
            return
        parent = self._owner(path, call.scope, receiver, "")
        if parent is None:
            return
        # A blueprint's `url_prefix=`, a namespace's path given to `add_namespace`, replaces
        # its own.
        replaces = method in ("register_blueprint", "add_namespace") and bool(named)
        for child_id in children:
            if child_id is not None and child_id != parent:
                mounted = self.servers.setdefault(child_id, Server(""))
                mounted.mounts.extend((parent, prefix, unread) for prefix in prefixes)
                if replaces:
                    mounted.replaced.update((parent, prefix) for prefix in prefixes)
        if method == "mount" and path.endswith(".py"):
            self._may_run_on_its_own(path, call.scope, args)

    def _mount_each(
        self, path: str, call: Call, receiver: str, each: list[tuple[str, list[str]]]
    ) -> None:
        """Mount each router at its prefixes; one whose path is not read ([]) at a path
        known only at run time."""
        parent = self._owner(path, call.scope, receiver, "")
        if parent is None:
            return
        where = Where(path, call.span.line, call.span.column)
        unknown = UnreadMount(where, "a router mounted at a path known only at run time")
        for child_id, prefixes in each:
            if child_id == parent:
                continue
            mounts = self.servers.setdefault(child_id, Server("")).mounts
            if prefixes:
                mounts.extend((parent, prefix, None) for prefix in prefixes)
            else:
                mounts.append((parent, "", unknown))

    def _each_mounted(self, path: str, call: Call) -> list[tuple[str, list[str]]] | None:
        """The routers a JS `use` call mounts from an array in turn, each with its prefixes:
        in a loop over the array (`for (const r of routers) app.use(r.path, r.router)`,
        `routers.forEach((r) => app.use('/api', r))`) or given whole (`app.use('/api',
        routers)`, the array in another file; `_fixed_array`), and each item must give a
        router (a name, or an object's entry); its prefixes are `_each_prefixes`'. None when
        anything is not so: the call is then read as any other."""
        args = [a for a in call.args if a.keyword is None]
        if not 1 <= len(args) <= 2 or path.endswith(".py") or args[-1].kind != "name":
            return None
        *given, last = args
        variable, _, key = last.value.partition(".")
        array = self._iterated(path, call.scope, variable)
        if array is None and not key:
            # `app.use('/api', routers)`: an array written in this file is `_listed`'s.
            whole = self._fixed_array(path, call.scope, variable)
            array = self._router_items(whole) if whole and whole.path != path else None
            variable = ""
        if array is None:
            return None
        items, written = array
        found: list[tuple[str, list[str]]] = []
        for item in items:
            router = _entry(item, key)
            child = self._child(*written, router.value) if router is not None else None
            server = self.servers.get(child or "")
            at = self._each_prefixes(path, call, given, variable, item, written)
            if child is None or server is None or not server.framework:
                return None
            found.append((child, at))
        return found

    def _each_prefixes(
        self,
        path: str,
        call: Call,
        given: list[Arg],
        variable: str,
        item: Arg,
        written: _Written,
    ) -> list[str]:
        """The prefixes an item of an array is mounted at: none given, a path written in the
        call, or the entry of the item the call names (`r.path`); [] for a path seamcheck
        cannot read."""
        first = given[0] if given else None
        if first is None:
            return [""]
        template: Template | None = None
        if first.kind == "name" and variable and first.value.startswith(variable + "."):
            template = self._entry_template(item, first.value, written)
        elif first.kind == "expr" and variable:  # `/v2${r.path}`
            parts: list[Part] = []
            for piece in first.pieces:
                if piece.kind == "name" and piece.value.startswith(variable + "."):
                    inner = self._entry_template(item, piece.value, written)
                    if inner is None:
                        return []
                    parts.extend(inner)
                else:
                    parts.extend(self.values.of_pieces(path, call.scope, (piece,), 0))
            template = tuple(parts)
        elif first.kind in ("str", "expr"):
            template = self.values.of_arg(path, call.scope, first)
        elif self._may_be_path(path, call, first):  # `app.use(toPath(r), r)`
            return []
        else:  # a name (`app.use(PREFIX, r)`), or middleware given first (`app.use(auth, r)`)
            held = self._named_prefixes(path, call, first)
            return [""] if held is None else held
        if not template or all(part.param for part in template):
            return []
        return [display(template)]

    def _entry_template(self, item: Arg, dotted: str, written: _Written) -> Template | None:
        """The string the entry `r.key` of an array's item holds, read where it is written."""
        key = dotted.partition(".")[2]
        entry = _entry(item, key) if key and "." not in key else None
        if entry is None or entry.kind not in ("str", "expr", "name"):
            return None
        return self.values.of_arg(*written, entry)

    def _iterated(
        self, path: str, scope: str, variable: str
    ) -> tuple[tuple[Arg, ...], _Written] | None:
        """The array a variable goes through and where it is written: a `for (const r of
        routers)` loop's variable, or the first parameter of a function written as the
        argument of `routers.forEach(...)` or `.map(...)`, which nothing assigns again."""
        if not variable:
            return None
        located = self.values.locate(path, scope, variable)
        if located is not None:
            array = self._item_array(located) if located.binding.kind == "item" else None
            return self._router_items(array) if array is not None else None
        file = self.values.symbols.get(path)
        definition = file.definitions.get(scope) if file is not None else None
        if file is None or definition is None or definition.params[:1] != (variable,):
            return None
        callers = [
            c
            for c in file.facts.calls
            if c.callee.endswith((".forEach", ".map"))
            and c.args
            and c.args[0].kind == "func"
            and c.args[0].value == scope
        ]
        if len(callers) != 1:
            return None
        array = self._fixed_array(path, callers[0].scope, callers[0].callee.rpartition(".")[0])
        return self._router_items(array) if array is not None else None

    @staticmethod
    def _router_items(array: Located) -> tuple[tuple[Arg, ...], _Written] | None:
        """The items of an array that may hold routers (names and objects only), with the
        file and scope they are written in."""
        items = array.binding.items
        if any(i.kind not in ("name", "object") for i in items):
            return None
        return items, (array.path, array.binding.scope)

    def _looped_children(self, path: str, call: Call, dotted: str) -> list[str] | None:
        """The routers a Python mount in a loop over names written in place mounts in turn
        (`for module in (users, items): app.include_router(module.router, prefix="/v1")`);
        None when the loop is not so, an item gives no router, or another argument is built
        from the loop's variable (`url_prefix="/v2" + bp.url_prefix`: not read per item)."""
        if not path.endswith(".py"):
            return None
        variable, _, rest = dotted.partition(".")
        located = self.values.locate(path, call.scope, variable)
        if located is None or located.binding.kind != "item" or not located.binding.items:
            return None
        others = [a for a in call.args if not (a.kind == "name" and a.value == dotted)]
        if any(_mentions(a, variable) for a in others):
            return None
        children = []
        for item in located.binding.items:
            name = f"{item.value}.{rest}" if rest else item.value
            child = self._child(located.path, located.binding.scope, name)
            if child is None:
                return None
            children.append(child)
        return children

    def _unknown_value(self, path: str, scope: str, arg: Arg) -> bool:
        """Whether a name's value is not known before run time (a parameter, a loop's
        variable, an entry of one: `app.use(r.path, r.router)`, `for module in (users,
        items): app.include_router(module.router)`), so that it may be any router of the
        service; not a library's API, nor a name of the repository."""
        located = self.values.locate(path, scope, arg.value)
        if located is not None:
            return located.binding.kind in ("item", "local", "typed")
        ref = self._ref(path, scope, arg.value)
        return ref is None or ref.kind == "unresolved"

    def _maybe_mounted(self, key: str, server: Server) -> list[tuple[str, UnreadMount | None]]:
        """Where a router (Express, FastAPI, Flask) seen mounted nowhere may be: at each
        mount of a value seamcheck cannot know (`_unknown_value`) in its service, whose
        routes are then unread routes under that mount's prefix, not routes at its own
        path; [] when there is none."""
        path = key.partition("::")[0].removeprefix("fn:")
        service = self.service_of.get(path, "")
        unknown = self._unknown_mounts.get(service, ()) if server.router else ()
        what = "a router that may be what is mounted there"
        if not unknown and key.startswith("fn:"):
            # Not a plugin of the file that calls autoload: that one is what it loads into.
            unknown = [
                (prefix, where)
                for prefix, where in self._unread_autoloads.get(service, ())
                if where.path != path
            ]
            what = "a plugin @fastify/autoload may load from a folder seamcheck cannot read"
        if not unknown and server.router:
            handed = self._handed_on(key)
            if handed is not None:
                callee, where = handed
                what = f"a router handed to {callee}(), which may serve it under any path"
                unknown = [("", where)]
        return [(prefix, UnreadMount(where, what)) for prefix, where in unknown]

    def _handed_on(self, key: str) -> tuple[str, Where] | None:
        """The first call (in path order) its service's code hands a router seen mounted
        nowhere to by name, and where: a library's call that mounts it in a way seamcheck
        does not read (cadwyn's `app.generate_and_include_versioned_routers(router)`), so
        that its routes are not known to be at their own paths."""
        path = key.partition("::")[0]
        passed = self._passed_names().get(self.service_of.get(path, ""), {})
        for where_path, call, name in passed.get(_last_name(key), ()):
            located = self.values.locate(where_path, call.scope, name)
            if located is not None and self.values.object_id(located) == key:
                return call.callee, Where(where_path, call.span.line, call.span.column)
        return None

    def _passed_names(self) -> dict[str, dict[str, list[tuple[str, Call, str]]]]:
        """Every name passed as an argument whose last name is a router's, by service and
        last name (`_names_passed`; the others, most of a large tree's, are not kept)."""
        if self._names_passed is None:
            self._names_passed = {}
            wanted = {_last_name(key) for key, server in self.servers.items() if server.router}
            for where_path, file in sorted(self.values.symbols.items()):
                by_name = self._names_passed.setdefault(self.service_of.get(where_path, ""), {})
                for call in file.facts.calls:
                    for arg in call.args:
                        if arg.kind != "name":
                            continue
                        last = arg.value.rpartition(".")[2]
                        if last in wanted:
                            by_name.setdefault(last, []).append((where_path, call, arg.value))
        return self._names_passed

    def _named_prefixes(self, path: str, call: Call, first: Arg) -> list[str] | None:
        """The paths a name given first to a mount call holds (`app.use(PREFIX, router)`,
        `const PREFIXES = ['/v1', '/latest']`); [] for a value seamcheck cannot know (a
        parameter, a loop's variable: Express takes a string there for a path); None for a
        name that is no path (a router, a middleware function, a library's API, a parameter
        typed with an imported type or a class: `auth: RequestHandler`)."""
        if first.kind != "name" or first.keyword is not None or path.endswith(".py"):
            return None
        located = self.values.locate(path, call.scope, first.value)
        if located is None:
            ref = self._ref(path, call.scope, first.value)
            return [] if ref is None or ref.kind == "unresolved" else None
        if located.binding.kind == "item":  # for (const prefix of PREFIXES)
            located = self._item_array(located) or located
        binding = located.binding
        written = (located.path, binding.scope)
        if binding.kind == "list":
            items = binding.items if self._fixed_list(located) else ()
            if not items or any(i.kind not in ("str", "expr") for i in items):
                return None if any(i.kind == "name" for i in binding.items) else []
            return [self._template(*written, item) or "" for item in items]
        if binding.kind in ("local", "item"):
            return []
        if binding.kind not in ("str", "expr", "name"):
            return None
        template = self.values.of_arg(path, call.scope, first)
        if not template or all(part.param for part in template):
            return [] if binding.kind != "name" else None
        return [display(template)]

    def _may_be_path(self, path: str, call: Call, first: Arg) -> bool:
        """Whether the first of a JS mount call's arguments, an expression seamcheck does
        not read (a call, `paths[key]`), may be a path rather than middleware or a router.
        A call is taken for middleware or a router when it calls a library (`cors()`,
        `express.json()`), `require`s a module, or calls a function of the repository
        that returns a router or writes a middleware function in it; anything else may be
        a path. Which argument a call is, is known only when every such argument is one."""
        if first.kind != "other" or first.value or first.keyword is not None:
            return False
        if path.endswith(".py"):
            return False
        unread = [a for a in call.args if a.kind == "other" and not a.value and not a.keyword]
        inner = sorted(self._outermost_within(path, call), key=span_key)
        if len(inner) != len(unread):
            return True  # the first argument may be no call: `paths[key]`
        return not self._middleware_call(path, inner[0])

    def _middleware_call(self, path: str, call: Call) -> bool:
        """Whether a call gives middleware or a router, not a path (`_may_be_path`)."""
        if call.callee == "require":
            return True
        target = self.functions.get(id(call)) or self._required_function(path, call)
        if target is not None:
            at, _, qualname = target.partition("::")
            file = self.values.symbols.get(at)
            # Express middleware takes (req, res, next), or (err, req, res, next).
            middleware = file is not None and any(
                name.startswith(qualname + ".") and len(definition.params) in (3, 4)
                for name, definition in file.definitions.items()
            )
            return middleware or self._returned_router(target) is not None
        ref = self._ref(path, call.scope, call.callee)
        return ref is not None and ref.kind in ("external", "builtin")

    def _may_run_on_its_own(self, path: str, scope: str, args: list[Arg]) -> None:
        """A named FastAPI or Starlette app `app.mount(...)` mounts may also run on its own,
        as one mounted with `Mount(path, app=x)` (`_starlette_mounted_apps`): it is served
        at its own root too."""
        for arg in args:
            if arg.kind == "name" and self._runnable((path, scope, arg.value)):
                child_id = self._child(path, scope, arg.value)
                if child_id is not None and child_id in self.servers:
                    self.servers[child_id].mounts.append((_ON_ITS_OWN, "", None))

    def _required_children(
        self, path: str, call: Call, args: list[Arg]
    ) -> dict[int, tuple[str, str]]:
        """The server objects or functions that `require('./x').default` arguments of a mount
        call name (an ES module's default export, required from CommonJS), with the module,
        by the argument's index; one whose module is not found, or exports neither, is left
        out."""
        wanted = [i for i, a in enumerate(args) if a.kind == "name" and a.value == _REQUIRED]
        if not wanted:
            return {}
        required = sorted(
            (
                resolved
                for resolved in self.imports.get(path, ())
                if resolved.imp.kind == "require" and span_within(resolved.imp.span, call.span)
            ),
            key=lambda r: (r.imp.span.line, r.imp.span.column),
        )
        if len(required) != len(wanted):
            return {}  # other requires written in the call: which is which is not known
        found: dict[int, tuple[str, str]] = {}
        for index, resolved in zip(wanted, required, strict=True):
            target = resolved.targets[0] if resolved.targets else None
            if target is None or target.kind != "module":
                continue
            child = self._module_default(target.path)
            if child is not None:
                found[index] = (child, target.path)
        return found

    def _listed(self, path: str, scope: str, arg: Arg) -> tuple[Arg, ...]:
        """An argument of a JS mount, or the names an array it names holds (`const stack =
        [auth, users]; app.use('/users', stack)`), when that array is written in this file
        and holds names only: Express mounts each. Other arrays stay one name, which
        `_mounted_name` takes for what seamcheck cannot read."""
        located = self.values.locate(path, scope, arg.value) if arg.kind == "name" else None
        if (
            located is None
            or located.binding.kind != "list"
            or located.path != path
            or not located.binding.items
            or any(i.kind != "name" for i in located.binding.items)
        ):
            return (arg,)
        return tuple(replace(item, keyword=arg.keyword) for item in located.binding.items)

    def _factory_made(self, path: str, call: Call) -> list[str | None]:
        """The routers functions of the repository make and return, whose results a mount
        call mounts (`app.use('/api', makeRouter(db))`, `function makeRouter(db) { const r =
        express.Router(); ...; return r }`, also a function a required module exports). A
        function read so is not what seamcheck cannot read (`_mount_unread`)."""
        found: list[str | None] = []
        for inner in self._outermost_within(path, call):
            target = self.functions.get(id(inner)) or self._required_function(path, inner)
            made = self._returned_router(target) if target is not None else None
            if made is not None:
                found.append(made)
                self._read_results.add(id(inner))
        return found

    def _returned_router(self, function: str) -> str | None:
        """The server object a function of the repository makes or holds and returns, by
        name (`return router`), when its only `return` does; None for anything else (an
        async function's promise, a name assigned again, a value no server factory makes)."""
        at, _, qualname = function.partition("::")
        file = self.values.symbols.get(at)
        definition = file.definitions.get(qualname) if file is not None else None
        if file is None or definition is None or definition.is_async or definition.is_generator:
            return None
        returned = file.bindings.get((qualname, RETURNED))
        if returned is None or returned.kind != "name":
            return None
        located = self.values.locate(at, qualname, returned.value)
        if (
            located is None
            or located.binding.kind not in ("call", "new")
            or self.values.assigned_again(located)
        ):
            return None
        creator = self.values.creator(located)
        if creator is None or self._qualname(located.path, creator) not in SERVER_FACTORIES:
            return None
        return self._register(located)

    def _factory_results(self, path: str, call: Call, prefixes: list[str]) -> None:
        """Remember the functions of the repository whose result a mount call mounts."""
        prefixed = any(p.strip("/") for p in prefixes)
        at_root = not all(p.strip("/") for p in prefixes)
        for inner in self._outermost_within(path, call):
            target = self.functions.get(id(inner)) or self._required_function(path, inner)
            if target is not None:
                before = self.factories.get(target, (False, False))
                self.factories[target] = (before[0] or prefixed, before[1] or at_root)

    def _required_function(self, path: str, call: Call) -> str | None:
        """The function node a call of a required module calls (`const makeUsers =
        require('./users'); makeUsers(db)`, the module exporting a function)."""
        ref = self._ref(path, call.scope, call.callee)
        if ref is None or ref.kind != "jsmodule":
            return None
        child = self._module_default(ref.path)
        return child.removeprefix("fn:") if child is not None and child.startswith("fn:") else None

    def _inside_factory(self, key: str) -> bool:
        """Whether a server object (or a function declaring routes) is made inside a function
        whose result is mounted at a prefix and never at the root: unless mounted itself, it
        is served under that prefix (`_mount_unread`), not at /."""
        if key.startswith("fn:"):
            path, _, scope = key.removeprefix("fn:").partition("::")
        else:
            path, _, rest = key.partition("::")
            scope = rest.rpartition("::")[0]
        if not scope or scope == MODULE_SCOPE:
            return False
        return any(
            at_prefix and not at_root
            for node, (at_prefix, at_root) in self.factories.items()
            if node.partition("::")[0] == path
            and (
                scope == node.partition("::")[2] or scope.startswith(node.partition("::")[2] + ".")
            )
        )

    def _inline_children(self, path: str, call: Call) -> list[str | None]:
        """Children written inside the mount call: `app.use('/api', require('./api'))`,
        `app.register(import('./routes'), {prefix})`, `router.use('/v1', v1.routes())`,
        `app.register(fp(async (f) => {...}))`."""
        facts = self.resolution.facts.get(path)
        calls = facts.calls if facts is not None else ()
        # Written in this scope, not in a function written inside the call.
        wrappers = [
            inner
            for inner in calls
            if inner.scope == call.scope
            and call_within(inner, call)
            and self._qualname(path, inner) in PLUGIN_WRAPPERS
        ]
        found: list[str | None] = [
            self._wrapped(path, w)
            for w in wrappers
            if not any(call_within(w, outer) for outer in wrappers)
        ]
        for resolved in self.imports.get(path, ()):
            imp = resolved.imp
            if imp.kind not in ("require", "dynamic") or not span_within(imp.span, call.span):
                continue
            if any(span_within(imp.span, w.span) for w in wrappers):
                continue  # the wrapper's plugin
            target = resolved.targets[0] if resolved.targets else None
            if target is not None and target.kind == "module":
                found.append(self._module_default(target.path))
        for inner in calls:
            if inner.callee.endswith((".routes", ".middleware")) and call_within(inner, call):
                receiver = inner.callee.rpartition(".")[0]
                found.append(self._owner(path, inner.scope, receiver, "koa"))
        return found

    def _wrapped(self, path: str, call: Call) -> str | None:
        """What `fp(plugin)` returns: an object that shares the scope it is registered in,
        with the plugin mounted under it; the plugin itself when told to keep its own scope
        (`{ encapsulate: true }`)."""
        if id(call) in self._unwrapping:
            return None  # `const a = fp(a)`, a module wrapping its own require
        self._unwrapping.add(id(call))
        first = call.args[0] if call.args else None
        plugin: str | None = None
        if first is not None and first.kind == "func" and first.value:
            plugin = f"fn:{path}::{first.value}"
        elif first is not None and first.kind == "name":
            plugin = self._child(path, call.scope, first.value)
        elif first is not None and first.kind == "other":
            plugin = next((c for c in self._inline_children(path, call) if c is not None), None)
        self._unwrapping.discard(id(call))
        options = call.args[1] if len(call.args) > 1 else None
        # `encapsulate: true`, or a value seamcheck cannot read: the plugin may keep its scope.
        encapsulated = options is not None and any(
            item.keyword == "encapsulate" and item.value != "false" for item in options.items
        )
        if plugin is None or encapsulated:
            return plugin
        # fastify-plugin marks the function itself, but seamcheck cannot tell whether the
        # `fp` call runs in the process that registers the plain function (a test helper
        # wrapping the app's plugin): only registrations made through the call share scope.
        wrapper = f"fp:{path}:{call.span.line}:{call.span.column}"
        self.servers.setdefault(wrapper, Server("", shares_scope=True))
        mounts = self.servers.setdefault(plugin, Server("")).mounts
        if (wrapper, "", None) not in mounts:
            mounts.append((wrapper, "", None))
        return wrapper

    def _fastify_library(self, path: str, call: Call, receiver: str, prefixes: list[str]) -> None:
        """A Fastify plugin from npm that serves routes no code of the repository declares:
        a proxy (`register(proxy, { upstream, prefix })`) may answer anything under its
        prefix; @fastify/autoload registers the plugins of a folder (`_autoload`)."""
        libraries = [
            self._library(path, call.scope, a.value)
            for a in call.args
            if a.kind == "name" and a.keyword is None
        ]
        if any(a.kind == "other" and a.keyword is None for a in call.args):
            # `register(require('@fastify/http-proxy'), {...})`: a require is an import.
            libraries.extend(
                imported.module
                for imported in self.resolution.facts[path].imports
                if imported.kind == "require" and span_within(imported.span, call.span)
            )
        owner = self._owner(path, call.scope, receiver, "")
        framework = self._mount_framework(path, owner)
        if owner is None or not framework:
            return
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        for library in libraries:
            if library in PROXIES:
                target = self._keyword(path, call.scope, call, PROXIES[library])
                what = f"a proxy to {target}" if target else "a proxy"
                self.declared.extend(
                    Declared(owner, service, ANY, prefix, framework, where, "", what)
                    for prefix in prefixes
                )
            elif library in AUTOLOAD:
                self._autoload(path, call, owner, where)

    def _library(self, path: str, scope: str, dotted: str) -> str:
        """The library API a name holds (`const proxy = require('@fastify/http-proxy')`,
        `import AutoLoad from '@fastify/autoload'`); "" for anything else."""
        located = self.values.locate(path, scope, dotted)
        if located is not None:
            creator = self.values.creator(located)
            if located.binding.kind != "call" or creator is None or creator.callee != "require":
                return ""
            first = creator.args[0] if creator.args else None
            return first.value if first is not None and first.kind == "str" else ""
        ref = self._ref(path, scope, dotted)
        return ref.name if ref is not None and ref.kind == "external" else ""

    def _autoload(self, path: str, call: Call, owner: str, where: Where) -> None:
        """`register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: { prefix } })`:
        each plugin file under `dir` is registered at the prefix plus its folders below
        `dir` (@fastify/autoload's defaults). Where the options, the folder's prefix or the
        file's own `autoPrefix` are not read, its plugin is mounted at a path seamcheck
        cannot read, so the calls it may serve are unsure rather than broken."""
        spec = next((a for a in call.args if a.kind == "object" and a.keyword is None), None)
        items = spec.items if spec is not None else ()
        base = self._autoload_prefix(path, call.scope, items)
        folder = self._autoload_dir(path, call)
        if folder is None:
            # Which files it loads is not known: any plugin of the service mounted nowhere
            # may be one (`_maybe_mounted`).
            loads = self._unread_autoloads.setdefault(self.service_of.get(path, ""), [])
            loads.append((base or "", where))
            return
        route_params = any(i.keyword == "routeParams" and i.value == "true" for i in items)
        unknown = bool(unread_options(i.keyword or "" for i in items)) or base is None
        service = self.service_of.get(path)
        files = [p for p in self.resolution.facts if self.service_of.get(p) == service]
        for loaded in loaded_files(folder, files):
            plugin = self._module_default(loaded.path)
            if plugin is None:
                continue
            prefix = join(base or "", folder_prefix(loaded.folders, route_params))
            unread = None
            if unknown or self._own_prefix(loaded.path):
                what = f"a plugin @fastify/autoload loads from {folder}"
                prefix, unread = (base or ""), UnreadMount(where, what)
            mounted = self.servers.setdefault(plugin, Server(""))
            mounted.mounts.append((owner, prefix, unread))

    def _autoload_prefix(self, path: str, scope: str, items: tuple[Arg, ...]) -> str | None:
        """The `prefix` of the `options` autoload gives its plugins: "" when there is none;
        None when the options are not an object written in place (`Object.assign({},
        opts)`) or the prefix is not known before run time."""
        given = next((i for i in items if i.keyword == "options"), None)
        if given is None:
            return ""
        if given.kind != "object" or any(i.kind in ("spread", "more") for i in given.items):
            return None
        prefix = next((i for i in given.items if i.keyword == "prefix"), None)
        if prefix is None:
            return ""
        return self._known_text(path, scope, prefix)

    def _autoload_dir(self, path: str, call: Call) -> str | None:
        """The folder autoload's `dir` names (`read_dir`), with a name this file binds to
        `dirname(fileURLToPath(import.meta.url))` for `__dirname` too."""
        facts = self.resolution.facts[path]
        return read_dir(
            path,
            call,
            facts.calls,
            lambda c: self._qualname(path, c),
            lambda c, name: self._module_folder(path, c, name),
        )

    def _module_folder(self, path: str, call: Call, name: str) -> bool:
        """Whether a name holds the folder of the file it is written in: `__dirname`,
        `import.meta.dirname`, or a name bound here to `dirname(fileURLToPath(
        import.meta.url))`."""
        if is_module_folder(name):
            return True
        located = self.values.locate(path, call.scope, name)
        creator = self.values.creator(located) if located is not None else None
        if located is None or located.path != path or creator is None:
            return False
        if self._qualname(path, creator).removeprefix("node:") != "path.dirname":
            return False
        facts = self.resolution.facts[path]
        return any(
            self._qualname(path, c).removeprefix("node:") == "url.fileURLToPath"
            and [a.value for a in c.args] == ["import.meta.url"]
            for c in facts.calls
            if call_within(c, creator)
        )

    def _own_prefix(self, path: str) -> bool:
        """Whether a plugin file sets its own prefix (`autoPrefix`, `prefixOverride`)."""
        file = self.values.symbols.get(path)
        if file is None:
            return False
        names = {"autoPrefix", "prefixOverride"}
        exported = set(file.exports) | {
            b.target.rpartition(".")[2]
            for b in file.facts.bindings
            if b.target.startswith(("module.exports.", "exports."))
        }
        return bool(exported & names)

    def _either_child(self, path: str, scope: str, dotted: str) -> str | None:
        """The child `x.default || x` names: the first of the two seamcheck can follow."""
        found = self._child(path, scope, dotted)
        if found is None and dotted.endswith(".default"):
            found = self._child(path, scope, dotted.removesuffix(".default"))
        return found

    def _mount_unread(
        self,
        path: str,
        call: Call,
        owner: str | None,
        args: list[Arg],
        prefixes: list[str],
        readable: frozenset[str] = frozenset(),
        middleware: bool = True,
    ) -> None:
        """What `app.use(prefix, x)`, `app.mount(prefix, x)` or Starlette's `Mount(prefix,
        app=x)` mounts that is no router or function seamcheck reads (a proxy, static files,
        another ASGI app) may serve any path under the prefix: an `UnreadRoute` there.
        Middleware mounted with no prefix is taken to pass requests on (`app.use(
        requestId())`), a proxy and static files excepted. `readable`: the qualified names of
        calls written in `call` whose routes are read where they are written. `middleware`:
        whether what is mounted may be middleware (Express's `use`), not a router or plugin
        that answers what it gets."""
        framework = self._mount_framework(path, owner)
        if owner is None or not framework:
            return
        python = path.endswith(".py")
        served: list[_Mounted] = []
        for arg in args:
            if arg.keyword is None and arg.kind == "name":
                served.extend(self._mounted_name(path, call.scope, arg.value, python, readable))
        if any(a.kind == "other" and a.keyword is None for a in args):
            for inner in self._outermost_within(path, call):
                qualname = self._qualname(path, inner)
                if qualname not in readable and id(inner) not in self._read_results:
                    served.extend(self._mounted(path, inner, qualname, python))
        prefixed = any(p.strip("/") for p in prefixes)
        known = [s for s in served if s.known]
        # Of what seamcheck knows nothing of, one stands for the mount (`swaggerUi.serve,
        # swaggerUi.setup(spec)`); with no prefix, it is taken to pass requests on.
        unknown = [s for s in served if not s.known][:1] if prefixed else []
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        for arg in args if prefixed else ():
            function, label = self._function_arg(path, call.scope, arg)
            if function:
                self._mounted_function(path, call, owner, function, label, prefixes)
        for mounted in (*known, *unknown):
            for prefix in prefixes:
                at = join(prefix, mounted.head) if mounted.head else prefix
                self.declared.extend(
                    Declared(
                        owner, service, m, at, framework, where, "", mounted.what,
                        mounted.passable and middleware, bool(mounted.head),
                    )
                    for m in mounted.methods
                )  # fmt: skip

    def _mounted_function(
        self, path: str, call: Call, owner: str, function: str, label: str, prefixes: list[str]
    ) -> None:
        """A function of the repository mounted at prefixes: a handler that may answer any path
        under them, unless it turns out to be a router (`_mounted_handlers`)."""
        framework = self._mount_framework(path, owner)
        if not framework or not any(p.strip("/") for p in prefixes):
            return
        where = Where(path, call.span.line, call.span.column)
        service = self.service_of.get(path, "")
        passable = not path.endswith(".py")  # Starlette's mount is never passed on
        for prefix in prefixes:
            what = f"the function {label}"
            declared = Declared(owner, service, ANY, prefix, framework, where, "", what, passable)
            self.handlers.append((function, declared))

    def _function_arg(self, path: str, scope: str, arg: Arg) -> tuple[str, str]:
        """The function of the repository an argument of a mount is, and how to name it;
        ("", "") for anything else."""
        if arg.keyword is not None:
            return "", ""
        if arg.kind == "func" and arg.value:
            return f"fn:{path}::{arg.value}", "written in place"
        if arg.kind != "name":
            return "", ""
        ref = self._ref(path, scope, arg.value)
        if ref is None or ref.kind != "def":
            return "", ""
        return f"fn:{ref.path}::{ref.name}", arg.value

    def _mounted_handlers(self) -> None:
        """A function of the repository mounted at a prefix that declares no route of its own
        (`app.use('/webhook', handleWebhook)`) is a handler or a middleware: it may answer any
        path under the prefix, and is settled as unknown middleware is (`_settle_passable`).
        One that declares routes on its parameter, or mounts others, is read as a router."""
        busy = {declared.owner for declared in self.declared}
        busy.update(parent for server in self.servers.values() for parent, _, _ in server.mounts)
        self.declared.extend(
            declared for function, declared in self.handlers if function not in busy
        )

    def _mount_framework(self, path: str, owner: str | None) -> str:
        """The server framework of a mount's receiver; "" when it is not a server."""
        server = self.servers.get(owner or "")
        if server is not None and server.framework:
            return server.framework
        deps = self.dependencies.get(self.service_of.get(path, ""), frozenset())
        if path.endswith(".py"):
            return sorted(deps & PY_SERVER_DEPENDENCIES)[0] if deps & PY_SERVER_DEPENDENCIES else ""
        found = sorted(JS_SERVER_DEPENDENCIES[d] for d in deps if d in JS_SERVER_DEPENDENCIES)
        return found[0] if found else ""

    def _outermost_within(self, path: str, call: Call) -> list[Call]:
        """The calls written in `call`'s arguments that no other of them holds."""
        facts = self.resolution.facts.get(path)
        inside = [c for c in facts.calls if call_within(c, call)] if facts is not None else []
        return [c for c in inside if not any(call_within(c, other) for other in inside)]

    def _mounted_name(
        self, path: str, scope: str, dotted: str, python: bool, readable: frozenset[str]
    ) -> list[_Mounted]:
        """What a name mounted with `use`/`mount` serves that seamcheck cannot read."""
        located = self.values.locate(path, scope, dotted)
        if located is not None and located.binding.kind in ("list", "item"):
            # An array not read (`_listed`), or an item of one (`_each_mounted`).
            return self._mounted(path, None, "", python, dotted)
        if located is not None and located.binding.kind in ("call", "new"):
            creator = self.values.creator(located)
            if creator is None:
                return []
            qualname = self._qualname(located.path, creator)
            if not qualname or qualname in readable:
                return []  # made by a function of the repository, or read where it is written
            return self._mounted(located.path, creator, qualname, python)
        if located is not None:
            return []
        ref = self._ref(path, scope, dotted)
        if ref is not None and ref.kind == "external":
            return self._mounted(path, None, ref.name, python)
        if ref is None or ref.kind == "unresolved":
            return self._mounted(path, None, "", python, dotted)
        return []  # a function or module of the repository: read as a child

    def _mounted(
        self, path: str, call: Call | None, qualname: str, python: bool, name: str = ""
    ) -> list[_Mounted]:
        """What `call` makes, or a library API or unresolved `name` is, serves when mounted;
        [] when it serves nothing there or is read as a router. Under Starlette's `mount`
        the app answers all it gets; Express's `use` may pass a request on."""
        if qualname in SERVER_FACTORIES or qualname in PASS_THROUGH_FUNCTIONS:
            return []
        if qualname.split(".", 1)[0] in PASS_THROUGH_PACKAGES:
            return []
        if call is not None and not qualname and call.callee in ("require", "import"):
            return []
        if call is not None and call.callee.endswith((".routes", ".middleware")):
            return []  # Koa's router: read as a child
        if qualname in PROXY_MIDDLEWARE:
            target, head = self._proxy_target(path, call, PROXY_MIDDLEWARE[qualname])
            what = f"a proxy to {target}" if target else "a proxy"
            return [_Mounted(what, (ANY,), False, head)]
        if qualname in STATIC_MIDDLEWARE:
            return [_Mounted("static files", ("GET", "HEAD"), not python)]
        if call is not None and not qualname and id(call) in self.functions:
            shown = call.callee  # a function of the repository whose result is not read
        elif call is not None:
            shown = qualname or call.callee
        else:
            shown = qualname or name
        what = f"what {shown}{'()' if call is not None else ''} serves"
        return [_Mounted(what, (ANY,), not python, known=False)]

    def _proxy_target(self, path: str, call: Call | None, where: str | int) -> tuple[str, str]:
        """A proxy's target URL and, for one mounted with no prefix, the path it filters on
        (`createProxyMiddleware('/api', {...})`, `{ pathFilter: '/api' }`)."""
        if call is None:
            return "", ""
        if isinstance(where, int):
            arg = call.args[where] if len(call.args) > where else None
            target = self._template(path, call.scope, arg) if arg is not None else None
            return target or "", ""
        target = self._keyword(path, call.scope, call, where)
        head = self._keyword(path, call.scope, call, "pathFilter")
        first = call.args[0] if call.args else None
        if not head and first is not None and first.kind == "str":
            head = first.value
        return target, pattern_head(head) if head.startswith("/") else ""

    def _settle_passable(self) -> None:
        """Middleware seamcheck cannot read, mounted at a prefix under which the service
        declares routes it can read (`app.use('/api', auth())` beside `app.get('/api/users')`),
        is taken to pass requests on to them, as authentication and logging do: calling it a
        route would make a typo of theirs unsure. Mounted where no readable route lives
        (`app.use('/graphql', graphqlHTTP())`), it may be what answers."""
        served: dict[str, list[str]] = {}
        for route in self.routes:
            served.setdefault(route.service, []).append(route.path)
        for unread in self.passable:
            paths = served.get(unread.service, ())
            if all(strip_prefix(p, unread.head) is None for p in paths):
                self.unread.append(unread)

    def _module_default(self, path: str) -> str | None:
        """The server object or plugin function a module exports by default."""
        located = self.values.module_member(path, "default")
        if located is not None and located.binding.kind in ("call", "new"):
            return self._register(located)
        file = self.values.symbols.get(path)
        if file is None:
            return None
        local = file.exports.get("default")
        if local in file.definitions:
            return f"fn:{path}::{local}"
        # `module.exports = fp(plugin)` is a binding, not an export of a name.
        bound = file.bindings.get((MODULE_SCOPE, "module.exports"))
        if bound is not None and bound.kind in ("call", "new"):
            return self._register(Located(path, bound))
        if local is None:
            return self._default_wrapper(path)
        return None

    def _default_wrapper(self, path: str) -> str | None:
        """`export default fp(plugin)`: the extractor records no export for a call, so the
        module's one top-level fastify-plugin call that no name holds stands for it."""
        file = self.values.symbols.get(path)
        if file is None:
            return None
        held = {b.line for b in file.facts.bindings if b.kind == "call"}
        wrappers = [
            c
            for c in file.facts.calls
            if c.scope == MODULE_SCOPE
            and c.span.line not in held
            and self._qualname(path, c) in PLUGIN_WRAPPERS
        ]
        if len(wrappers) != 1:
            return None
        return self._wrapped(path, wrappers[0])

    def _child(self, path: str, scope: str, dotted: str) -> str | None:
        located = self.values.locate(path, scope, dotted)
        if located is not None and located.binding.kind in ("call", "new"):
            return self._register(located)
        ref = self._ref(path, scope, dotted)
        if ref is not None and ref.kind == "def":
            return f"fn:{ref.path}::{ref.name}"
        if ref is not None and ref.kind == "jsmodule":
            # `const users = require('./plugins/users')`: the function the module exports.
            return self._module_default(ref.path)
        return None

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
        prefix, unread = "", None
        if template is None or any(part.param for part in template):
            unread = UnreadMount(where, "an app mounted at a path known only at run time")
        else:
            prefix = display(template)
        mounted = (prefix, unread)
        self._mount_found(path, call, owner, child, mounted, "hono", child_arg.value or "the app")

    def _mount_found(
        self,
        path: str,
        call: Call,
        owner: str,
        child: str | None,
        mounted: tuple[str, UnreadMount | None],
        framework: str,
        named: str,
    ) -> None:
        """Mount `child` under `owner` at `mounted`'s prefix. One seamcheck cannot find (None,
        or the owner itself) may serve anything under the prefix: `what NAMED serves`."""
        prefix, unread = mounted
        if child is None or child == owner:
            where = Where(path, call.span.line, call.span.column)
            what = f"what {named} serves"
            service = self.service_of.get(path, "")
            self.declared.append(
                Declared(owner, service, ANY, prefix, framework, where, "", what, partial=True)
            )
            return
        self.servers.setdefault(child, Server(framework)).mounts.append((owner, prefix, unread))

    def _hono_app(self, path: str, call: Call, *, own: bool) -> str | None:
        """The app a Hono method chain is on (`new Hono().basePath('/api').get(...)`,
        `app.basePath('/v1').get(...)`): the app the chain starts from, or, past a
        `basePath`, the app it makes, served under that path there. `own`: whether the
        call's own method counts (the chain a binding holds)."""
        facts = self.resolution.facts.get(path)
        chain = sorted(
            (
                c
                for c in (facts.calls if facts is not None else ())
                if span_key(c) == span_key(call)
                and ((c is call and own) or call.callee.startswith(c.callee + "()."))
            ),
            key=lambda c: len(c.callee),
        )
        if not chain:
            return None
        start = chain[0]
        head = start.callee.rpartition(".")[0]
        if self._qualname(path, start) in HONO_FACTORIES and not head:
            # `new Hono()...`: the construction is the start of the chain.
            parent = None
            key = f"hono:{path}:{start.span.line}:{start.span.column}"
        else:
            parent = self._owner(path, start.scope, head, "hono") if head else None
            key = parent or f"hono:{path}:{start.span.line}:{start.span.column}"
        prefixes = [
            self._template(path, c.scope, c.args[0]) or ""
            for c in chain
            if c.callee.endswith(".basePath") or c.callee == "basePath"
            if c.args
        ]
        prefix = join("", *prefixes) if prefixes else ""
        if parent is not None and prefix:
            key = f"{parent}|{prefix}"
            server = self.servers.setdefault(key, Server("hono", prefix=prefix))
            if (parent, "", None) not in server.mounts:
                server.mounts.append((parent, "", None))
            return key
        server = self.servers.setdefault(key, Server("hono"))
        server.framework = "hono"
        server.prefix = server.prefix or prefix
        return key

    def _runnable(self, key: NamedValue) -> bool:
        """Whether a name holds an app a server may run (`sub = Starlette(routes=...)`)."""
        path, scope, name = key
        located = self.values.locate(path, scope, name)
        if located is None:
            return False
        creator = self.values.creator(located)
        return creator is not None and self._qualname(located.path, creator) in RUNNABLE_APPS

    def _add(
        self, path: str, method: str, full: str, framework: str, call: Call, handler: str
    ) -> None:
        self.routes.append(
            Route(
                self.service_of.get(path, ""),
                method,
                normalise(full),
                framework,
                Where(path, call.span.line, call.span.column),
                handler,
            )
        )

    # -- composing prefixes ------------------------------------------------------------

    def _prefixes(
        self, key: str, depth: int = 0, seen: frozenset[str] = frozenset()
    ) -> list[tuple[str, UnreadMount | None]]:
        """Each prefix the routes of a server object get, with the mount at a path seamcheck
        cannot read on the way (a regular expression), if any: then the prefix is only
        their literal start."""
        server = self.servers.get(key)
        if server is None:
            return [("", None)]
        if not server.mounts and self._inside_factory(key):
            return []
        maybe = self._maybe_mounted(key, server) if not server.mounts else []
        if maybe:
            return maybe
        if not server.mounts and server.alone is not None:
            return [(server.prefix, server.alone)]
        if not server.mounts or depth > MAX_MOUNT_DEPTH or key in seen:
            return [(server.prefix, server.unread_prefix)]
        composed: list[tuple[str, UnreadMount | None]] = []
        for parent, given, unread_mount in server.mounts:
            mount_prefix = "" if server.shares_scope and unread_mount is None else given
            for outer, unread in self._prefixes(parent, depth + 1, seen | {key}):
                if unread is not None:
                    composed.append((outer, unread))
                elif unread_mount is not None:
                    composed.append((join(outer, mount_prefix), unread_mount))
                elif (parent, given) in server.replaced:
                    composed.append((join(outer, mount_prefix), None))
                else:
                    own = server.prefix
                    composed.append((join(outer, mount_prefix, own), server.unread_prefix))
        return composed

    def _allows_methods(self, key: str, depth: int = 0) -> bool:
        """Whether a Koa router, or one it is nested in, has its `allowedMethods()` used."""
        if key in self.allowing:
            return True
        server = self.servers.get(key)
        if server is None or depth > MAX_MOUNT_DEPTH:
            return False
        return any(self._allows_methods(parent, depth + 1) for parent, _, _ in server.mounts)

    def _compose(self) -> None:
        for declared in self.declared:
            options = declared.options or (
                declared.framework == "koa"
                and (
                    f"service:{declared.service}" in self.allowing
                    or self._allows_methods(declared.owner)
                )
            )
            what, paths, partial = declared.what, [declared.path], declared.partial
            if not what and declared.framework in _PATTERN_FRAMEWORKS:
                paths = express_paths(declared.path) or []
                if not paths:
                    what, partial = f"the pattern '{declared.path}'", True
                    paths = [pattern_head(declared.path)]
            elif not what and declared.framework == "hapi":
                paths = hapi_paths(declared.path)
            elif not what and declared.framework == "hono":
                paths = hono_paths(declared.path) or []
                if not paths:
                    what, partial = f"the pattern '{declared.path}'", True
                    paths = [declared.path.partition("*")[0].partition(":")[0] or "/"]
            for prefix, mount in self._prefixes(declared.owner):
                if mount is not None:
                    # Under a mount it cannot read, a route it can read still gives the end
                    # of the paths it serves: only calls that end so may be its.
                    tails = (
                        {normalise(v) for p in paths for v in variants(p)}
                        if not what
                        else {declared.tail}
                    )
                    for tail in sorted(tails):
                        shown = f"the route {tail} of {mount.what}" if tail else mount.what
                        unread = self._unread(declared, prefix, shown, mount.where, True, options)
                        self.unread.append(replace(unread, tail=tail))
                    continue
                if what:
                    head = join(prefix, paths[0])
                    unread = self._unread(declared, head, what, declared.where, partial, options)
                    unread = replace(unread, tail=declared.tail)
                    (self.passable if declared.passable else self.unread).append(unread)
                    continue
                served = self.builtin if declared.builtin else self.routes
                for route_path in (v for p in paths for v in variants(p)):
                    served.append(
                        Route(
                            declared.service,
                            declared.method,
                            normalise(join(prefix, route_path)),
                            declared.framework,
                            declared.where,
                            declared.handler,
                            options,
                        )
                    )

    @staticmethod
    def _unread(
        declared: Declared, head: str, what: str, where: Where, partial: bool, options: bool
    ) -> UnreadRoute:
        return UnreadRoute(
            declared.service, declared.method, head, what, declared.framework, where,
            partial=partial, options=options,
        )  # fmt: skip
