"""The routes declared on server objects (`Declarations`): each way of declaring one (a verb
method, `route` with `methods=`, a class routed as a whole, flask-restful's `add_resource`,
Fastify's route object, Express's `route('/x').get(h)`) and the handler it names, recorded
as `Declared` on its owner."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import Arg, Call, FileFacts
from seamcheck.seams.frameworks import HTTP_METHODS, SERVER_FACTORIES
from seamcheck.seams.model import ANY, Route, Where
from seamcheck.seams.paths import normalise, regex_head
from seamcheck.seams.routes.lookups import Written
from seamcheck.seams.routes.registry import FLASK_APIS, ServerRegistry
from seamcheck.seams.routes.routeclass import route_class_unread
from seamcheck.seams.routes.servers import Declared, UnreadMount, span_key
from seamcheck.seams.values import display

# Python declarations whose methods are a `methods=[...]` keyword, GET without one: Flask
# `route`/`add_url_rule`, FastAPI `api_route`/`add_api_route`.
_PY_METHODS_KEYWORD = frozenset({"route", "api_route", "add_url_rule", "add_api_route"})

# A class routed as a whole (a flask-restx Resource, a MethodView, a Tornado handler) serves
# the HTTP verbs its methods are named after.
_VIEW_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")


# The keyword by which FastAPI's `api_route` and `add_api_route` take a route class for the
# one route they add.
_ROUTE_CLASS_OVERRIDE = "route_class_override"


class Declarations(ServerRegistry):
    """Declaring routes on server objects, with their methods and handlers."""

    def _flask_rest_call(
        self, path: str, call: Call, receiver: str, method: str, factory: str
    ) -> bool:
        """Flask REST extensions' calls that bind an Api (`api.init_app(bp)`, read as
        `Api(bp)`) or declare a resource on an object seamcheck cannot tell is an Api
        (`api.add_resource(R, "/r")`, `api` made by a library's class it does not know):
        whether the call was one."""
        if method == "init_app" and factory in FLASK_APIS:
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
            return ["GET"] if listed is None else self._listed_methods(path, call.scope, listed)
        if method.startswith("add_") and method[4:] in HTTP_METHODS:
            return [method[4:].upper()]  # aiohttp app.router.add_get
        return []

    def _class_views(self, path: str, qualname: str) -> list[tuple[str, str]] | None:
        """The (verb, handler) a class routed as a whole serves: one per method named after
        an HTTP verb (`def get(self, name)`), or any method when it defines none of its own
        (they may come from a base class); None when `qualname` is no class of `path`."""
        views = self._verb_methods(path, qualname)
        if views is None:
            return None
        return views or [(ANY, f"{path}::{qualname}")]

    def _verb_methods(self, path: str, cls: str) -> list[tuple[str, str]] | None:
        """The (verb, handler) of each method of a class named after an HTTP verb, `def get`
        or bound to another (`patch = put`: the frameworks dispatch by the attribute); None
        when `cls` is no class of `path`."""
        file = self.values.symbols.get(path)
        definition = file.definitions.get(cls) if file is not None else None
        if file is None or definition is None or definition.kind != "class":
            return None
        return [
            (verb.upper(), f"{path}::{cls}.{verb}")
            for verb in _VIEW_VERBS
            if f"{cls}.{verb}" in file.definitions or (cls, verb) in file.bindings
        ]

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
                verbs = [(v, handler) for v in self._listed_methods(path, call.scope, listed)]
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

    def _route_class_overridden(self, owner: str, path: str, call: Call) -> bool:
        """Whether a FastAPI route is made by a route class of its own that may rewrite its
        path (`@router.api_route("/x", route_class_override=V2Route)`): then it is declared
        as served at any path of the service, for any method."""
        override = self._keyword_arg(call, _ROUTE_CLASS_OVERRIDE)
        if override is None:
            return False
        why = route_class_unread(self.values, path, call.scope, override)
        if not why:
            return False
        where = Where(path, call.line, call.column)
        service = self.service_of.get(path, "")
        handler, what = self._handler(path, call), f"a route made by {why}"
        declared = Declared(owner, service, ANY, "", "fastapi", where, handler, what)
        self.declared.append(replace(declared, partial=True, anywhere=True))
        return True

    def _handler(self, path: str, call: Call) -> str:
        if call.decorates:
            return f"{path}::{call.decorates}"
        for arg in reversed(call.args):
            if arg.kind == "func" and arg.value:
                return f"{path}::{arg.value}"
            if arg.kind == "name":
                return self._function_node(path, call.scope, arg.value)
        return ""

    def _declare(
        self,
        owner: str,
        path: str,
        methods: list[str],
        arg: Arg,
        framework: str,
        call: Call,
        handler: str,
        written: Written | None = None,
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
        where = Where(path, call.line, call.column)
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
        owner = self._declaring_owner(path, call, receiver, framework)
        if owner is None:
            return
        method = ANY if verb == "all" else verb.upper()
        handler = self._handler(path, call)
        for item, written in self._path_items(path, inner.scope, inner.args[0]):
            self._declare(owner, path, [method], item, framework, call, handler, written)

    def _add(
        self,
        path: str,
        method: str,
        full: str,
        framework: str,
        call: Call,
        handler: str,
        prefix_note: str = "",
    ) -> None:
        self.routes.append(
            Route(
                self.service_of.get(path, ""),
                method,
                normalise(full),
                framework,
                Where(path, call.line, call.column),
                handler,
                prefix_note=prefix_note,
            )
        )
