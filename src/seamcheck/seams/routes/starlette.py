"""Starlette's route lists: `Route`s written in `Mount`s, in named lists and routers, and in the
`routes=` of an app, served under the prefixes of every place that mounts or spreads them."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import Arg, Call, FileFacts, call_within
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.frameworks import SERVER_FACTORIES
from seamcheck.seams.model import ANY, UnreadRoute, Where
from seamcheck.seams.paths import join, normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import (
    MAX_MOUNT_DEPTH,
    RUNNABLE_APPS,
    STARLETTE_APPS,
    STARLETTE_READABLE,
    Declared,
    NamedValue,
    Server,
    factory_of,
    span_key,
)
from seamcheck.seams.routes.websockets import route_object_method
from seamcheck.seams.values import Located, Values, display

# What a route object whose path seamcheck cannot read is, in `seamcheck seams` and SC107.
_UNREAD = "a path known only at run time"

# FastAPI's route objects, read as Starlette's `Route` (GET when no `methods=`, WS for a websocket
# route: `realtime.route_object_method`) where an app or
# a `Mount` serves them; an `APIRouter(routes=[...])` is not followed to where it is included.
_FASTAPI_ROUTES = frozenset({"fastapi.routing.APIRoute", "fastapi.routing.APIWebSocketRoute"})

_FASTAPI_ROUTERS = frozenset({"fastapi.APIRouter", "fastapi.routing.APIRouter"})

_STARLETTE_ROUTES = (
    frozenset({"starlette.routing.Route", "starlette.routing.WebSocketRoute"}) | _FASTAPI_ROUTES
)

_STARLETTE_MOUNTS = frozenset({"starlette.routing.Mount", "starlette.routing.Host"})

# A named route list mounted at many places, each mounted at many more, multiplies: past this
# many prefixes for one route the rest are dropped.
_MAX_STARLETTE_PREFIXES = 64

# What serves a named list or router, with its file: a call that mounts it or spreads it (a
# Mount, an app, a router), or another named list.
_Parent = tuple[str, "Call | NamedValue"]


def _binding_key(located: Located) -> NamedValue:
    return (located.path, located.binding.scope, located.binding.target)


class StarletteRoutes(RouteCore):
    """Starlette's (and FastAPI's) `Route`/`Mount` lists and the apps mounted by `Mount`."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.starlette_routes: list[tuple[str, Call]] = []
        self.starlette_apps: dict[str, list[Call]] = {}  # path -> its Starlette and Router calls
        # path -> the names route lists are written in: (key, first line, last line, creator)
        self._holders: dict[str, list[tuple[NamedValue, int, int, Call | None]]] = {}

    def _starlette(self, path: str, facts: FileFacts) -> None:
        if not path.endswith(".py"):
            return
        for call in facts.calls:
            qualname = self._qualname(path, call)
            if qualname in _STARLETTE_ROUTES:
                self.starlette_routes.append((path, call))
            elif qualname in _STARLETTE_MOUNTS:
                self.starlette_mounts.setdefault(path, []).append(call)
            elif qualname in STARLETTE_APPS:
                self.starlette_apps.setdefault(path, []).append(call)
            elif qualname in _FASTAPI_ROUTERS and any(a.keyword == "routes" for a in call.args):
                self._router_given_routes(path, call)

    def _router_given_routes(self, path: str, call: Call) -> None:
        """`admin = APIRouter(routes=[...])`: the routes it is given are not followed to where
        it is included (`_served_by_app`), so it may serve anything under its prefix."""
        file = self.values.symbols.get(path)
        for binding in file.facts.bindings if file is not None else ():
            located = Located(path, binding)
            if binding.kind == "call" and self.values.creator(located) is call:
                owner = self._register(located)
                if owner is not None:
                    where = Where(path, call.span.line, call.span.column)
                    what = "the routes given to APIRouter(routes=...)"
                    service = self.service_of.get(path, "")
                    self.declared.append(
                        Declared(owner, service, ANY, "", "fastapi", where, "", what)
                    )

    def _starlette_compose(self) -> None:
        """Each `Route` under the prefixes of the `Mount`s it is written in and, when what
        holds it is a named list or router (`user_routes = [...]`, `items = Router(routes=
        [...])`), of every place that mounts that name (`Mount(..., routes=` or `app=`) or
        spreads it into another list (`[*user_routes, ...]`), in any file."""
        if not self.starlette_routes:
            return
        mounted = self._starlette_parents()
        for path, call in self.starlette_routes:
            if not call.args or call.args[0].kind not in ("str", "expr", "name", "other"):
                continue
            fastapi = self._qualname(path, call) in _FASTAPI_ROUTES
            if fastapi and not self._served_by_app(path, call, mounted):
                continue
            route_path = self._route_path(path, call)
            listed = next((a for a in call.args if a.keyword == "methods"), None)
            verbs = self._listed_methods(path, call.scope, listed) if listed else []
            handler_arg = call.args[1] if len(call.args) > 1 else None
            handler = ""
            if handler_arg is not None and handler_arg.kind == "name":
                handler = self._function_node(path, call.scope, handler_arg.value)
            prefixes = self._starlette_prefixes(path, call, mounted, frozenset())
            verbs = verbs or [route_object_method(self._qualname(path, call))]
            where = Where(path, call.line, call.column)
            service = self.service_of.get(path, "")
            for prefix in prefixes[:_MAX_STARLETTE_PREFIXES]:
                for verb in verbs:
                    if route_path is None:
                        self.unread.append(
                            UnreadRoute(
                                service, verb, normalise(prefix), _UNREAD, "starlette", where
                            )
                        )
                    else:
                        self._add(path, verb, join(prefix, route_path), "starlette", call, handler)

    def _route_path(self, path: str, call: Call) -> str | None:
        """The path a route object is given, also through a name or a function's result
        (`Route(api_path("health"), h)`); None where it is not read, or is one value known
        only at run time as a whole (a parameter: it may be any path), as `_declare` has it."""
        template = self.values.of_arg(path, call.scope, call.args[0])
        if template is None or (template and all(part.param for part in template)):
            return None
        return display(template)

    def _served_by_app(
        self, path: str, call: Call, mounted: dict[NamedValue, list[_Parent]]
    ) -> bool:
        """Whether a route object is written in an app's or router's `routes=` (`FastAPI(
        routes=[...])`), or its outermost `Mount` or the named list holding it is served by
        one: where else it is served (`APIRouter(routes=...)` included at a prefix) is not
        followed, so its path there is not known."""
        enclosing = [m for m in self.starlette_mounts.get(path, ()) if call_within(call, m)]
        outermost = min(enclosing, key=span_key) if enclosing else call
        if any(call_within(outermost, app) for app in self.starlette_apps.get(path, ())):
            return True
        holder = self._holder(path, outermost)
        return holder is not None and holder in mounted

    def _starlette_mounted_apps(self) -> None:
        """What a Starlette `Mount(prefix, app=x)` mounts that is no route list or router read
        where it is written (StaticFiles, `make_asgi_app()`, a name that does not resolve, a
        function) may serve any path under the prefix, as `app.mount` does (`_mount_unread`).
        A router-style app (`v2 = FastAPI()` with `@v2.get`) serves its routes under the
        prefix, and at its own root too (it may run on its own)."""
        mounted: dict[NamedValue, list[_Parent]] | None = None
        for path, calls in sorted(self.starlette_mounts.items()):
            for call in calls:
                app = self._starlette_app(path, call)
                if app is None:
                    continue
                if mounted is None:
                    mounted = self._starlette_parents()
                own = self._mount_path(path, call)
                outers = self._starlette_prefixes(path, call, mounted, frozenset())
                prefixes = [join(outer, own) for outer in outers[:_MAX_STARLETTE_PREFIXES]]
                owner = f"starlette:{path}:{call.span.line}:{call.span.column}"
                self.servers.setdefault(owner, Server("starlette"))
                self._mount_unread(path, call, owner, [app], prefixes, STARLETTE_READABLE)
                server = self._starlette_server(path, call.scope, app)
                if server is not None:
                    mounts = self.servers[server].mounts
                    mounts.extend((owner, p, None) for p in dict.fromkeys(["", *prefixes]))

    def _starlette_app(self, path: str, mount: Call) -> Arg | None:
        """The app a `Mount` mounts (`app=x`, or its second argument), as a positional
        argument; None for a `Host` or a `Mount` of `routes=`."""
        if self._qualname(path, mount) != "starlette.routing.Mount":
            return None
        app = next((a for a in mount.args if a.keyword == "app"), None)
        if app is None and len(mount.args) > 1 and mount.args[1].keyword is None:
            app = mount.args[1]
        if app is None or (app.kind == "other" and app.value == "None"):
            return None
        return replace(app, keyword=None)

    def _starlette_server(self, path: str, scope: str, app: Arg) -> str | None:
        """The router-style server object a name mounted by a `Mount` holds: a `FastAPI()`,
        or a `Starlette()` or `Router()` (whose `add_route` routes it serves under the
        prefix; those of its `routes=` list are composed as lists are)."""
        located = self.values.locate(path, scope, app.value) if app.kind == "name" else None
        if located is None or located.binding.kind not in ("call", "new"):
            return None
        creator = self.values.creator(located)
        qualname = self._qualname(located.path, creator) if creator is not None else ""
        if qualname not in SERVER_FACTORIES and qualname not in STARLETTE_APPS:
            return None
        return self._register(located)

    def _starlette_parents(self) -> dict[NamedValue, list[_Parent]]:
        """Where each named list or router is served: mounted (`Mount('/v1', routes=name)`,
        `app=`), served by an app or router (`Starlette(routes=name)`, `routes=name + extra`)
        or spread into a list (`Starlette(routes=[*name])`, `v1 = [*name, ...]`): the call
        whose argument holds it, or the named list that does."""
        mounted: dict[NamedValue, list[_Parent]] = {}

        def add(path: str, scope: str, name: str, parent: Call | NamedValue) -> None:
            located = self.values.locate(path, scope, name)
            if located is not None:
                mounted.setdefault(_binding_key(located), []).append((path, parent))

        calls = [(p, call, True) for p, mounts in self.starlette_mounts.items() for call in mounts]
        calls.extend((p, call, False) for p, apps in self.starlette_apps.items() for call in apps)
        for path, call, is_mount in sorted(calls, key=lambda entry: entry[0]):
            # A Mount's list is its `routes=` or `app=`, an app's or router's its `routes=`.
            keywords = ("routes", "app", None) if is_mount else ("routes",)
            for arg in call.args[1:] if is_mount else call.args:
                if arg.kind == "name" and arg.keyword in keywords:
                    add(path, call.scope, arg.value, call)
                elif arg.kind == "expr" and arg.keyword == "routes":
                    for piece in arg.pieces:  # `routes=common + [Route(...)]`
                        if piece.kind == "name":
                            add(path, call.scope, piece.value, call)
                for item in arg.items if arg.kind == "list" else ():
                    if item.kind == "spread":
                        add(path, call.scope, item.value, call)
        for path in sorted(self.resolution.facts):
            file = self.values.symbols.get(path) if path.endswith(".py") else None
            for binding in file.facts.bindings if file is not None else ():
                if binding.kind != "list":
                    continue
                for item in binding.items:
                    if item.kind == "spread":
                        add(path, binding.scope, item.value, _binding_key(Located(path, binding)))
        return mounted

    def _starlette_prefixes(
        self,
        path: str,
        call: Call,
        mounted: dict[NamedValue, list[_Parent]],
        seen: frozenset[NamedValue],
    ) -> list[str]:
        """The prefixes the `Mount`s around `call` give it (not its own, if it is one).
        `seen`: the named lists already passed through, so lists that mount each other end."""
        enclosing = [m for m in self.starlette_mounts.get(path, ()) if call_within(call, m)]
        enclosing.sort(key=span_key)
        own = join(*(self._mount_path(path, m) for m in enclosing))
        outermost = enclosing[0] if enclosing else call
        if self._is_app_mount(path, outermost):
            holder = self._receiver(path, outermost)  # `app.mount(...)`: where `app` is served
        else:
            holder = self._holder(path, outermost)
        if holder is None:
            return [own]
        return [join(outer, own) for outer in self._list_prefixes(holder, mounted, seen)]

    def _list_prefixes(
        self,
        holder: NamedValue,
        mounted: dict[NamedValue, list[_Parent]],
        seen: frozenset[NamedValue],
    ) -> list[str]:
        """The prefixes the routes written in a named list or router get: those of each
        place that serves it; none when nothing does."""
        parents = mounted.get(holder, [])
        if not parents or holder in seen or len(seen) > MAX_MOUNT_DEPTH:
            return [""]
        inner = seen | {holder}
        # A named Starlette or FastAPI app mounted elsewhere may also run on its own.
        prefixes: list[str] = [""] if self._runnable(holder) else []
        for parent_path, parent in parents:
            if isinstance(parent, Call):
                outers = self._starlette_prefixes(parent_path, parent, mounted, inner)
                mount_path = self._mount_path(parent_path, parent)
                if self._qualname(parent_path, parent) in RUNNABLE_APPS and "" not in outers:
                    outers = ["", *outers]  # an app mounted elsewhere may also run on its own
            else:
                outers = self._list_prefixes(parent, mounted, inner)
                mount_path = ""
            prefixes.extend(join(outer, mount_path) for outer in outers)
            if len(prefixes) >= _MAX_STARLETTE_PREFIXES:
                break
        return prefixes

    def _mount_path(self, path: str, mount: Call) -> str:
        if not mount.args:
            return ""
        if self._qualname(path, mount) != "starlette.routing.Mount" and not self._is_app_mount(
            path, mount
        ):
            return ""  # Host('api.example.com', app=...) matches a host, not a path
        return self._template(path, mount.scope, mount.args[0]) or ""

    def _is_app_mount(self, path: str, call: Call) -> bool:
        """Whether `call` is a Starlette or FastAPI app's `app.mount(path, x)`."""
        qualname = self._qualname(path, call)
        return qualname.endswith(".mount") and factory_of(qualname) in STARLETTE_APPS

    def _receiver(self, path: str, call: Call) -> NamedValue | None:
        """The name of the app whose method `call` is (`app` of `app.mount(...)`)."""
        located = self.values.locate(path, call.scope, call.callee.rpartition(".")[0])
        return _binding_key(located) if located is not None else None

    def _holder(self, path: str, call: Call) -> tuple[str, str, str] | None:
        """The name whose value `call` is written in: a list (`user_routes = [Route(...)]`)
        or the result of a call (`items = Router(routes=[Route(...)])`)."""
        holders = self._holders.get(path)
        if holders is None:
            holders = self._holders[path] = []
            file = self.values.symbols.get(path)
            for binding in file.facts.bindings if file is not None else ():
                key = _binding_key(Located(path, binding))
                if binding.kind == "list":
                    holders.append((key, binding.line, binding.end_line, None))
                elif binding.kind == "call":
                    creator = self.values.creator(Located(path, binding))
                    if creator is not None:
                        holders.append((key, 0, 0, creator))
        for key, first, last, creator in holders:
            if creator is None:
                inside = first <= call.span.line and call.span.end_line <= last
            else:
                inside = creator is call or call_within(call, creator)
            if inside:
                return key
        return None
