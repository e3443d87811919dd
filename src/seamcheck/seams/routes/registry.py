"""The server objects (`ServerRegistry`): which one a receiver, a name, a module's default
export, a fastify-plugin call or a Hono chain denotes, registered on first sight with its
framework and own prefix (`APIRouter(prefix=...)`, `new Router({ prefix })`), and the app
or blueprint a Flask REST extension's Api is bound to."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.extract.common import MAX_ITEMS
from seamcheck.facts import MODULE_SCOPE, RETURNED, Arg, Call, call_within, span_within
from seamcheck.resolve.model import derived_from
from seamcheck.seams.frameworks import (
    CLIENT_FACTORIES,
    HONO_FACTORIES,
    PLUGIN_WRAPPERS,
    SERVER_FACTORIES,
)
from seamcheck.seams.handed import Handed
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join
from seamcheck.seams.routes.builtin import BuiltinRoutes
from seamcheck.seams.routes.flaskstatic import STATIC_FACTORIES
from seamcheck.seams.routes.lookups import Written
from seamcheck.seams.routes.routeclass import ROUTE_CLASS, route_class_unread
from seamcheck.seams.routes.servers import (
    PARTIAL_MADE,
    Declared,
    Server,
    UnreadMount,
    hono_factory,
    span_key,
)
from seamcheck.seams.routes.subclassed import Subclassed
from seamcheck.seams.routes.writes import (
    PREFIX,
    URL_PREFIX,
    Write,
    read_prefix,
    read_url_prefix,
    write_call,
)
from seamcheck.seams.values import Located, parameter_names

# What ends the id of an object a route's receiver stands for that seamcheck cannot tell
# (`ServerRegistry._unknown_receiver`).
_UNKNOWN_RECEIVER = "<unknown>"
_ITEM = "item"  # a loop's variable, as the extractor binds it
# What ends the id of the object a loop's variable over server objects stands for
# (`ServerRegistry._loop_owner`).
_LOOPED = "<each>"
# What a parameter assigned again in its function (`_parameter_rebound`) is not: a server
# object made there, another name (both read as such), a loop's variable, or the parameter
# itself (its annotation, `app: App | None = None`, is a binding of that kind).
_NOT_REBOUND = frozenset({"call", "new", "name", _ITEM, "typed"})

# Flask REST extensions: the Api objects bound to an app or blueprint, and the namespaces
# whose path defaults to their name.
FLASK_APIS = frozenset(
    {"flask_restx.Api", "flask_restplus.Api", "flask_restful.Api", "flask_smorest.Api"}
)

_FLASK_NAMESPACES = frozenset({"flask_restx.Namespace", "flask_restplus.Namespace"})

# `functools.partial`, as the resolver names it; what a call of one makes is `PARTIAL_MADE`:
# a partial of a server factory makes that factory's object (`_partial_made`).
PARTIAL = "functools.partial"
# Partials of partials followed at most this deep.
_MAX_PARTIALS = 4
_PARTIAL_OF_PARTIAL = "a partial of a partial"

# Factories of routers, which serve nothing until mounted: one seen mounted nowhere may be
# what a mount of a value seamcheck cannot know mounts (`_maybe_mounted`).
_ROUTER_FACTORIES = frozenset(
    {
        "express.Router", "fastapi.APIRouter", "fastapi.routing.APIRouter", "flask.Blueprint",
        "quart.Blueprint", "flask_smorest.Blueprint", "apiflask.APIBlueprint",
    }
)  # fmt: skip


class ServerRegistry(BuiltinRoutes):
    """Server objects by id, registered on first sight of their creation."""

    def _owner(self, path: str, scope: str, receiver: str, framework: str) -> str | None:
        """The id of the server object `receiver` denotes, registering it on first sight."""
        if receiver.endswith(".router") and framework == "aiohttp":
            receiver = receiver.removesuffix(".router")  # app.router.add_get -> app
        located = self.values.aliased(self.values.locate(path, scope, receiver))
        if located is not None and located.binding.kind in ("call", "new"):
            return self._register(located)
        key = f"fn:{path}::{scope}"
        self.servers.setdefault(key, Server(framework))
        return key

    def _shared_by_others(
        self, path: str, scope: str, receiver: str, located: Located | None
    ) -> str | None:
        """Where a method's `self.router` is set by a first-party class its class derives
        from (`Values.locate` follows the hierarchy): the method setting it (`Base.__init__`)
        when a class that is neither its class nor one deriving from it, but derives from
        that one or is it, is made somewhere (`Other(legacy)` beside `Views(router)`, both
        deriving from `Base`): each call of the constructor is read as mounting the routes
        declared on the parameter it keeps, but those of `Views` are not served under the
        routers `Other` is given. None otherwise."""
        if located is None or not receiver.startswith("self.") or not path.endswith(".py"):
            return None
        cls = self.values.symbols[path].class_of(scope)
        setter = self.values.symbols[located.path].class_of(located.binding.scope)
        if cls is None or setter is None:
            return None
        base = f"{located.path}::{setter}"
        if base == f"{path}::{cls}":
            return None  # its own class sets it
        class_bases = self.resolution.class_bases
        own = {f"{path}::{cls}", *derived_from(class_bases, {f"{path}::{cls}"})}
        others = {base, *derived_from(class_bases, {base})} - own
        made = self._made_classes()
        return located.binding.scope if any(c in made for c in others) else None

    def _made_classes(self) -> set[str]:
        """The first-party classes some call of the repository makes an instance of (the
        resolver names the class, or its own constructor)."""
        if self._made is None:
            self._made = set()
            for resolved in self.resolution.calls_of_kind("function"):
                target = resolved.target
                owner, _, name = target.rpartition(".")
                node = owner if name == "__init__" and "::" in owner else target
                if node not in self._made and self._is_class(node):
                    self._made.add(node)
        return self._made

    def _alias_end(self, path: str, scope: str, receiver: str) -> tuple[str, str, str] | None:
        """The function (its file, its qualname) and its parameter a Python name holding
        another's value ends with (`def add_routes(routers): with routers as r:
        @r.post(...)`, `def __init__(self, router): self.router = router`), written in
        `path`, or, for `self.router`, in the first-party class its class derives from
        that sets it: routes declared on it are the function's on that parameter. None for
        any other receiver."""
        located = self.values.locate(path, scope, receiver)
        if located is None or located.binding.kind != "name":
            return None
        end = self.values.aliased(located)
        if end is None or end.path != located.path or end.binding.kind != "name":
            return None
        if self.values.assigned_again(end):
            return None  # `self.app = app` in two methods: which one is not followed
        head = end.binding.value.partition(".")[0]
        given_to = self._parameter_of(end.path, end.binding.scope, head)
        return (end.path, given_to, head) if given_to is not None else None

    def _declaring_owner(self, path: str, call: Call, receiver: str, framework: str) -> str | None:
        """As `_owner`, for the server object a route is declared on. A loop's variable
        over names of server objects (`for r in (a, b):`, `for (const r of ROUTERS)`) is
        each in turn (`_loop_owner`), and a name seamcheck cannot tell (a loop's variable
        over anything else, in a function too: `for r in routers: @r.post(...)`; a name
        assigned more than once; in Python, one nothing binds) is an object its routes are
        unsure on (`_unknown_receiver`): neither is the function's parameter, served where
        the function is called with a server object, nor the module's root. A parameter,
        or a name holding one (`_alias_end`), is its function's, in both languages."""
        unknown = self._unknown_receiver(path, call, receiver, framework)
        if unknown is not None:
            return unknown
        if path.endswith(".py"):
            rebound = self._rebound_before(path, call, receiver)
            if rebound is not None:
                return self._register(rebound)
        key = self._owner(path, call.scope, receiver, framework)
        if key is not None and key.startswith("fn:"):
            head = receiver.partition(".")[0]
            # A name holding a parameter's value: as if declared on the parameter.
            aliased = self._alias_end(path, call.scope, receiver)
            at, given_to, head = aliased or (
                path,
                self._parameter_of(path, call.scope, head),
                head,
            )
            if given_to is not None and (at, given_to) != (path, call.scope):
                # A function nested in the one given it (`def add_routes(r): def inner():
                # @r.post(...)`), or a base class's constructor setting `self.router`: its
                # routes are served where that one is called.
                key = f"fn:{at}::{given_to}"
                self.servers.setdefault(key, Server(framework))
            # Which of the function's parameters it declares routes on (`_plugins`).
            self.fn_receivers.setdefault(key, set()).add(head)
        return key

    def _rebound_before(self, path: str, call: Call, receiver: str) -> Located | None:
        """The server object a Python name holds where its first binding holds a value not
        known here (a loop's variable: `for router in (users, items):`) and it is made one
        after, before the route (`router = APIRouter(prefix="/v1")`): the last such making
        on the lines before. None for any other receiver (its first binding is read)."""
        located = self.values.locate(path, call.scope, receiver)
        if located is None or located.path != path or located.binding.kind != "local":
            return None
        binding = located.binding
        file = self.values.symbols[path]
        before = [
            b
            for b in file.rebindings.get((binding.scope, binding.target), ())
            if binding.line < b.line < call.span.line
        ]
        if not before or before[-1].kind not in ("call", "new"):
            return None
        return Located(path, before[-1])

    def _parameter_of(self, path: str, scope: str, name: str) -> str | None:
        """The function, `scope` of `path` or one enclosing it, whose parameter `name` is:
        None where a scope on the way binds it otherwise, or none has it."""
        file = self.values.symbols[path]
        for candidate in file.scope_chain(scope):
            definition = file.definitions.get(candidate)
            if definition is not None and name in parameter_names(definition.params):
                return candidate
            if (candidate, name) in file.bindings or (candidate, name) in file.imported:
                return None
        return None

    def _unknown_receiver(self, path: str, call: Call, receiver: str, framework: str) -> str | None:
        """The id of an object a route's receiver stands for that seamcheck cannot tell
        (`_declaring_owner`), made with its routes unsure under whatever prefix; None for any
        other receiver."""
        head = receiver.partition(".")[0]
        file = self.values.symbols.get(path)
        if file is None or "(" in receiver:
            return None
        located = self.values.locate(path, call.scope, receiver)
        shared = self._shared_by_others(path, call.scope, receiver, located)
        if shared is not None:
            why = f"'{receiver}', set by {shared} for other classes too"
        elif located is not None:
            again = self.values.assigned_again(located)
            named = bool(again) and any(b.kind == "name" for b in (located.binding, *again))
            # `try: from app.extra import api` / `except ImportError: api = router`: the
            # import is the name's other value (`values.locate` reads the assignment's).
            named = named or self._imported_and_assigned(located, head)
            if receiver != head and not (named and head in ("self", "this")):
                return None  # (`self.router` set in two methods is as unsure as a name)
            if named:
                # `r = v2 if ... else v1` written as a branch, also after a first value of
                # another kind (`r = None`, a loop's variable, a router): which one is not
                # followed. (`app = Middleware(app)`, holding no other name, is read as before.)
                why = f"'{receiver}', a name assigned more than once"
            elif located.binding.kind == "other" and any(
                i.kind == "name" for i in located.binding.items
            ):
                # `r = v2 if V2 else v1`, `const r = V2 ? v2 : v1`: the same branch, written
                # as one expression (its choices the binding's items).
                why = f"'{receiver}', a name holding one of several values"
            elif self._parameter_rebound(path, call, located):
                # `def register(r=None): r = r or router`: the router given, or another.
                why = f"'{receiver}', a parameter its function gives another value"
            elif located.binding.kind != _ITEM:
                return None
            else:
                looped = self._loop_owner(path, call, located, framework)
                if looped is not None:
                    return looped
                why = f"'{receiver}', a loop's variable"
        elif not path.endswith(".py") or file.star_imports or self._binds(path, call.scope, head):
            return None  # (a JS name not bound here may be a global, or a binding not read)
        else:
            shown = "the module" if call.scope == MODULE_SCOPE else f"{call.scope}()"
            why = f"'{head}' in {shown}, a loop's variable or another name it does not read"
        key = f"{path}::{call.scope}::{receiver}{_UNKNOWN_RECEIVER}"
        if key not in self.servers:
            where = Where(path, call.span.line, call.span.column)
            what = f"a router or app seamcheck cannot tell ({why})"
            self.servers[key] = Server(framework, unread_prefix=UnreadMount(where, what))
        return key

    def _imported_and_assigned(self, located: Located, name: str) -> bool:
        """Whether `located` is an assignment of a Python name its scope also imports,
        written after the import (`Values.locate` reads it as the name's value)."""
        binding = located.binding
        if binding.target != name or not located.path.endswith(".py"):
            return False
        file = self.values.symbols[located.path]
        return binding in file.assigned_after_import(binding.scope, name)

    def _parameter_rebound(self, path: str, call: Call, located: Located) -> bool:
        """Whether a Python route's receiver is a parameter of a function that assigns it,
        before the route, a value neither a server factory makes nor another name holds,
        reading what it was given (`r = r or router`, of which the extractor keeps the
        first name), or one with a default (`def register(r=None): r = make(r)`): the route
        may be on the object the function is given, or on another. (The extractor leaves
        such a parameter unnamed in `Definition.params`, as it is no longer what the
        caller gave; its annotation, `r: APIRouter | None = None`, is its first binding.)"""
        first = located.binding
        if not path.endswith(".py") or located.path != path or "." in first.target:
            return False
        file = self.values.symbols[path]
        definition = file.definitions.get(first.scope)
        if definition is None or definition.kind not in ("function", "method"):
            return False
        defaulted = any(d.keyword == first.target for d in definition.defaults)
        return any(
            binding.kind not in _NOT_REBOUND
            and binding.line < call.span.line
            and (
                defaulted
                or any(p.kind == "name" and p.value == first.target for p in binding.pieces)
            )
            for binding in (first, *file.rebindings.get((first.scope, first.target), ()))
        )

    def _loop_owner(self, path: str, call: Call, located: Located, framework: str) -> str | None:
        """The id of what a loop's variable a route is declared on stands for, where
        it goes through names of server objects (`for r in (v1, v2): @r.get("/x")`, or
        `for r in ROUTERS:` over a list of them written once, or over a parameter its
        function's calls give such lists, `_given_lists`): mounted under each with no
        prefix of its own, so that its routes are served under each in turn. None where
        `_loop_servers` cannot tell them."""
        parents = self._loop_servers(located)
        if parents is None:
            return None
        binding = located.binding
        key = f"{path}::{call.scope}::{binding.target}{_LOOPED}@{binding.line}"
        looped = self.servers.setdefault(key, Server(framework))
        if not looped.mounts:
            looped.mounts.extend((parent, "", None) for parent in parents)
        return key

    def _loop_servers(self, located: Located) -> list[str] | None:
        """The ids of the server objects a loop's variable (an `item` binding) goes through
        in turn: the names written in place (`for r in (v1, v2):`), in an array written once
        (`for r in ROUTERS:`), or in those every call of the function gives the parameter
        the loop goes through (`_given_lists`). None where an item is no server object
        seamcheck reads, or a router whose prefix or route class is set after it is made
        (`router.prefix = ...`: which routes it applies to is read from those added on its
        own name) or not read."""
        binding = located.binding
        if binding.items:
            return self._servers_listed([(binding.items, (located.path, binding.scope))])
        array = self._item_array(located)
        if array is not None:
            return self._servers_listed([(array.binding.items, (array.path, array.binding.scope))])
        given = self._given_lists(located)
        return self._servers_listed(given) if given is not None else None

    def _servers_listed(self, lists: list[tuple[tuple[Arg, ...], Written]]) -> list[str] | None:
        """`_loop_servers` of the items of `lists`, each with where it is written, in order
        and once each; None where one is no name of a server object read."""
        parents: list[str] = []
        for items, written in lists:
            for item in items:
                held = self.values.locate(*written, item.value) if item.kind == "name" else None
                if held is None or held.binding.kind not in ("call", "new"):
                    return None
                parent = self._register(held)
                server = self.servers.get(parent or "")
                if parent is None or server is None or not server.framework:
                    return None
                if self.writes.of(parent) or server.unread_prefix is not None:
                    return None
                if parent not in parents:
                    parents.append(parent)
        return parents

    def _given_lists(self, located: Located) -> list[tuple[tuple[Arg, ...], Written]] | None:
        """The lists the calls of a function give the parameter a loop's variable goes
        through (`def add_routes(routers): for r in routers:`, `add_routes([v1, v2])`), each
        with where it is written: for a function (not a method) that some call gives a list
        or tuple written in place, and every call so (not a name holding one, nor spread
        arguments, nor one longer than the extractor keeps); None otherwise."""
        binding = located.binding
        path = located.path
        given_to = self._parameter_of(path, binding.scope, binding.value) if binding.value else None
        if given_to is None or (given_to != binding.scope and path.endswith(".py")):
            # (in JS, the parameter may be an enclosing function's: `function setup(routers)
            # { routers.forEach((r) => ...) }`, the variable the callback's)
            return None
        file = self.values.symbols[path]
        definition = file.definitions.get(given_to)
        if definition is None or definition.kind not in ("function", "lambda"):
            return None
        names = list(parameter_names(definition.params))
        index = names.index(binding.value)
        if "*" in definition.params[:index] or "**" in definition.params[:index]:
            return None  # (`*` before it: filled by keyword only, not read here)
        lists: list[tuple[tuple[Arg, ...], Written]] = []
        for resolved in self.resolution.calls_of_function(f"{path}::{given_to}"):
            call_path, call = resolved.path, resolved.call
            positional = [a for a in call.args if a.keyword is None]
            if any(a.kind == "other" and a.value.startswith("*") for a in positional):
                return None  # `add_routes(*args)`, `**options`: which fills it is not read
            given = next((a for a in call.args if a.keyword == binding.value), None)
            if given is None and index < len(positional):
                given = positional[index]
            if given is None or given.kind != "list" or len(given.items) >= MAX_ITEMS:
                return None
            lists.append((given.items, (call_path, call.scope)))
        return lists or None

    def _binds(self, path: str, scope: str, name: str) -> bool:
        """Whether `name` is bound, seen from `scope` of `path`: a parameter, an assignment,
        an import or a definition of its scope or one enclosing it."""
        file = self.values.symbols[path]
        for candidate in file.scope_chain(scope):
            if (candidate, name) in file.bindings or (candidate, name) in file.imported:
                return True
            qualname = name if candidate == MODULE_SCOPE else f"{candidate}.{name}"
            if qualname in file.definitions:
                return True
            definition = file.definitions.get(candidate)
            if definition is not None and name in parameter_names(definition.params):
                return True
        return False

    def _register(self, located: Located) -> str | None:
        """The id of the object a binding holds; on first sight of its creation, its
        framework and own prefix (`APIRouter(prefix=...)`). None for an HTTP client."""
        creator = self.values.creator(located)
        qualname = self._qualname(located.path, creator) if creator is not None else ""
        if qualname in CLIENT_FACTORIES:
            return None
        made = self._subclassed(located.path, creator) if creator and not qualname else None
        if creator is not None and qualname == PARTIAL_MADE:
            made = self._partial_made(located.path, creator)
        if made is not None:
            qualname, creator = made.factory, made.call
        elif creator is not None and not qualname:
            # `router = make_router()`: the router the function makes and returns, with its
            # prefix (`APIRouter(prefix="/flows")` there), which the routes the caller adds
            # to it are served under.
            made_by = self._made_by_factory(located, creator)
            if made_by is not None:
                return made_by
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
            handed = made.prefix if made is not None else None
            if handed is not None and handed.arg is not None and creator is not None:
                # As a subclass's constructors hand it on, maybe written in one of them.
                self._set_prefix(server, handed.path, handed.scope, handed.arg, creator)
            elif creator is not None and prefix_keyword and handed is None:
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
            if creator is not None and qualname in FLASK_APIS:
                self._flask_api_parent(located.path, creator, key)
            if creator is not None and qualname in _FLASK_NAMESPACES:
                where = Where(located.path, creator.span.line, creator.span.column)
                server.alone = UnreadMount(
                    where, "a flask-restx Namespace added to no Api seamcheck reads"
                )
            if made is not None and made.unread and creator is not None:
                where = Where(located.path, creator.span.line, creator.span.column)
                what = f"a {qualname} {made.unread}"
                server.unread_prefix = UnreadMount(where, what, any_route=made.overridden)
            if made is not None and made.on_self is not None:
                self._routes_on_self(key, located.path, qualname, *made.on_self)
            if creator is not None and server.framework == "fastapi":
                self._fastapi_rewrites(server, key, located, creator, made)
            if creator is not None and server.framework == "flask" and server.router:
                self._url_prefix_writes(server, key, located)
        return key

    def partial_factory(self, path: str, scope: str, name: str) -> Call | None:
        """The `functools.partial(F, ...)` call a name holds, F a server factory
        (`VRouter = partial(APIRouter, prefix="/v1")`), a first-party subclass of one or a
        partial of either, as a call of that factory; None for any other value."""
        found = self._partial_of(path, scope, name)
        return found[0] if found is not None else None

    def _partial_of(
        self, path: str, scope: str, name: str, depth: int = 0
    ) -> tuple[Call, str] | None:
        """`partial_factory`'s call, with what F is when it is not the framework's factory
        itself: the first-party subclass (`PATH::Qualname`), or `_PARTIAL_OF_PARTIAL`."""
        located = self.values.locate(path, scope, name)
        made = self.values.creator(located) if located is not None else None
        if located is None or made is None or self._qualname(located.path, made) != PARTIAL:
            return None
        first = made.args[0] if made.args else None
        file = self.values.symbols.get(located.path)
        if file is None or first is None or first.kind != "name" or first.keyword is not None:
            return None
        ref = self.values.names.resolve_dotted(file, made.scope, first.value, 0)
        if ref.kind == "external" and ref.name in SERVER_FACTORIES:
            return replace(made, callee=ref.name), ""
        # A partial of a first-party subclass (`partial(ServiceRouter, prefix="/flows")`),
        # read as that class is (`_partial_of_class`), or of another partial, not followed:
        # either makes the framework's object, whose methods declare its routes.
        base = self.subclasses.framework_base(ref.path, ref.name) if ref.kind == "def" else None
        if base is not None:
            return replace(made, callee=base[0]), f"{ref.path}::{ref.name}"
        inner = (
            self._partial_of(located.path, made.scope, first.value, depth + 1)
            if depth < _MAX_PARTIALS
            else None
        )
        if inner is not None:
            return replace(made, callee=inner[0].callee), _PARTIAL_OF_PARTIAL
        return None

    def _partial_made(self, path: str, creator: Call) -> Subclassed | None:
        """What a call of a `functools.partial` of a server factory makes (`router =
        VRouter(tags=["x"])`): the factory's object, given the partial's arguments after
        the call's, as Python gives them (the call's keywords win), each read where it is
        written; unsure where one may be given in a `*` or `**` argument."""
        found = self._partial_of(path, creator.scope, creator.callee)
        located = self.values.locate(path, creator.scope, creator.callee)
        if found is None or located is None:
            return None
        partial, cls = found
        factory = partial.callee
        bound = partial.args[1:]
        if cls:
            return self._partial_of_class(path, creator, partial, cls)
        call = replace(creator, args=(*creator.args, *bound))
        if any(a.keyword is None and a.kind == "other" and "*" in a.value for a in call.args):
            what = f"made by {creator.callee}, a partial given arguments seamcheck cannot read"
            return Subclassed(factory, replace(call, args=()), what)
        handed: dict[str, Handed] = {}
        for keyword in (SERVER_FACTORIES[factory][1], ROUTE_CLASS):
            mine = self._keyword_arg(creator, keyword) if keyword else None
            theirs = next((a for a in bound if a.keyword == keyword), None) if keyword else None
            if mine is not None:
                handed[keyword] = Handed(mine, path, creator.scope)
            elif theirs is not None:
                handed[keyword] = Handed(theirs, located.path, partial.scope)
        prefix = handed.get(SERVER_FACTORIES[factory][1], Handed(None))
        return Subclassed(factory, call, prefix=prefix, route_class=handed.get(ROUTE_CLASS))

    def _partial_of_class(self, path: str, creator: Call, partial: Call, cls: str) -> Subclassed:
        """What a call of a `functools.partial` of a first-party subclass of a server class
        makes (`router = FlowsRouter()`, `FlowsRouter = partial(ServiceRouter,
        prefix="/flows")`): what that class makes given the call's arguments, then the
        partial's, read as a call of it (`Subclasses.made_by`) when the partial's are
        strings or constants, whose value does not depend on where they are read; unsure
        for any other (a name, read where the partial is written), or a partial of a
        partial."""
        factory = partial.callee
        bound = partial.args[1:]
        at, _, qualname = cls.partition("::")
        plain = all(
            a.kind in ("str", "num") or (a.kind == "other" and a.value and "*" not in a.value)
            for a in bound
        )
        # As Python gives them: the partial's positional arguments first, its keywords
        # unless the call gives them too.
        given = {a.keyword for a in creator.args if a.keyword is not None}
        args = (
            *(a for a in bound if a.keyword is None),
            *(a for a in creator.args if a.keyword is None),
            *(a for a in bound if a.keyword is not None and a.keyword not in given),
            *(a for a in creator.args if a.keyword is not None),
        )
        call = replace(creator, args=args)
        spread = any(a.kind == "other" and "*" in a.value for a in call.args)
        if cls != _PARTIAL_OF_PARTIAL and plain and not spread:
            made = self.subclasses.made_by(path, call, (at, qualname))
            if made is not None:
                return made
        what = (
            f"made by {creator.callee}, a partial of a partial seamcheck does not follow"
            if cls == _PARTIAL_OF_PARTIAL
            else f"made by {creator.callee}, a partial of {qualname} given arguments "
            "seamcheck does not follow"
        )
        return Subclassed(factory, replace(creator, args=()), what)

    def _fastapi_rewrites(
        self, server: Server, key: str, located: Located, creator: Call, made: Subclassed | None
    ) -> None:
        """A FastAPI router's route class, and its attributes written after it is made
        (`writes.py`): a route class that may change the paths of its routes, or a write
        seamcheck does not read, makes them unsure (with their paths and methods, under a
        route class or a write of an attribute it cannot name); one plain write of its
        prefix is read as its prefix."""
        if made is not None and made.unread:
            return  # unsure already, as what makes it says
        route_class = made.route_class if made is not None else None
        if made is None:
            given = self._keyword_arg(creator, ROUTE_CLASS)
            scope = located.binding.scope
            route_class = Handed(given, located.path, scope) if given is not None else None
        why, at = "", Where(located.path, creator.span.line, creator.span.column)
        # FastAPI hands a route's class the route's whole path when the route is added and
        # again at each `include_router` above it (`route_class_override`): one that may
        # rewrite it may serve the route anywhere in the service, not only under its mounts.
        if route_class is not None and route_class.unread:
            why = f"a router whose route class is not known ({route_class.unread})"
        elif route_class is not None and route_class.arg is not None:
            unread = route_class_unread(
                self.values, route_class.path, route_class.scope, route_class.arg
            )
            why = f"a router whose routes are made by {unread}" if unread else ""
        # An app keeps no prefix or route class of its own (`app.prefix = "/api"` changes
        # nothing): its routes go to the router it makes, `app.router`.
        writes = self.writes.of(key) if server.router else []
        writes = [w for w in writes if w.attribute != URL_PREFIX]  # a Flask blueprint's
        rewritten = [w for w in writes if w.attribute != PREFIX]
        if not why and rewritten:
            why = f"a router whose route class may be set again ({rewritten[0].shown})"
            at = rewritten[0].where
        if why:
            rewriting = UnreadMount(at, why, any_route=True, anywhere=True)
            server.prefix, server.unread_prefix = "", rewriting
            return
        if not writes:
            return
        read = read_prefix(self.values, located, writes)
        self._written_prefix(server, read, writes, "a router whose prefix is set again")

    def _url_prefix_writes(self, server: Server, key: str, located: Located) -> None:
        """A Flask blueprint's `url_prefix` written after it is made (`writes.py`): one plain
        write at the top of the module that makes it is read as its prefix; any other (in a
        function or a branch, a second one, one after the module registers it, or one by
        `setattr`) makes its routes unsure under its mounts."""
        writes = [w for w in self.writes.of(key) if w.attribute in (URL_PREFIX, "")]
        if writes:
            read = read_url_prefix(self.values, located, writes)
            self._written_prefix(server, read, writes, "a blueprint whose url_prefix is set again")

    def _written_prefix(
        self, server: Server, read: Write | None, writes: list[Write], unread: str
    ) -> None:
        """The prefix a router's `writes` give it, replacing the one it was made with (even
        one known only at run time, `APIRouter(prefix=f"/legacy/{VERSION}")`): the write
        `read`, if any, or none seamcheck can tell, its routes unsure (`unread`, shown with
        the first write)."""
        server.prefix, server.unread_prefix = "", None
        if read is not None and read.value is not None:
            self._set_prefix(server, read.path, read.scope, read.value, write_call(read))
            return
        what = f"{unread} ({writes[0].shown})"
        server.unread_prefix = UnreadMount(writes[0].where, what)

    def _routes_on_self(self, key: str, path: str, factory: str, at: str, call: Call) -> None:
        """A route a first-party subclass's class declares on its own instances (`call`, in
        `at`: `self.add_api_route("/health", ...)` in its constructor), which seamcheck does
        not read: the server `key` it makes (in `path`) may serve any path under its prefix,
        for any method (unsure, not a near miss of its other routes)."""
        cls = call.scope.partition(".")[0]
        where = Where(at, call.span.line, call.span.column)
        what = f"a route {cls} adds to each of its instances ({call.callee}())"
        framework = SERVER_FACTORIES[factory][0]
        self.declared.append(
            Declared(key, self.service_of.get(path, ""), ANY, "", framework, where, "", what)
        )

    def _returned_router(self, function: str) -> str | None:
        """The server object a function of the repository makes or holds and returns, by
        name (`return router`), when its only `return` does (or a memoising one's, each
        giving it or a cache's entry of it); None for anything else (an async function's
        promise, a name assigned again, a value no server factory, nor a first-party
        subclass of one's class, makes)."""
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
        made = self._qualname(located.path, creator) if creator is not None else ""
        if creator is None or made in CLIENT_FACTORIES:
            return None
        if made not in SERVER_FACTORIES and self._subclassed(located.path, creator) is None:
            return None
        return self._register(located)

    def _is_class(self, node: str) -> bool:
        """Whether a call of a function node of the repository (`PATH::Qual`) makes an
        instance of a class: the node is the class, or its `__init__` (as the resolver
        gives `VersionedRouter()`)."""
        at, _, qualname = node.partition("::")
        file = self.values.symbols.get(at)
        if file is None:
            return False
        owner, _, name = qualname.rpartition(".")
        if name in ("__init__", "constructor") and owner:
            qualname = owner
        definition = file.definitions.get(qualname)
        return definition is not None and definition.kind == "class"

    def _made_by_factory(self, located: Located, creator: Call) -> str | None:
        """The id of the object a name holding a repository function's result (`router =
        make_router()`) is, registered with the framework, prefix and kind of the server
        object the function makes and returns (`_returned_router`): the same object for each
        call, but each name its own, as each call makes its own. None for any other."""
        target = self.called_function(located.path, creator)
        if target is None or self._is_class(target):
            return None
        returned = self._returned_router(target)
        inner = self.servers.get(returned) if returned is not None else None
        if inner is None or not inner.framework:
            return None
        key = self.values.object_id(located)
        server = self.servers.setdefault(key, Server(""))
        if not server.framework:
            server.framework, server.router = inner.framework, inner.router
            server.prefix, server.unread_prefix = inner.prefix, inner.unread_prefix
            # Its prefix written after it is made (`router = make_router()`, then
            # `router.prefix = "/flows"`): the routes the caller adds are under that one.
            if inner.unread_prefix is None and server.framework == "fastapi":
                self._fastapi_rewrites(server, key, located, creator, None)
            elif inner.unread_prefix is None and server.framework == "flask" and server.router:
                self._url_prefix_writes(server, key, located)
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

    def _either_child(self, path: str, scope: str, dotted: str) -> str | None:
        """The child `x.default || x` names: the first of the two seamcheck can follow."""
        found = self._child(path, scope, dotted)
        if found is None and dotted.endswith(".default"):
            found = self._child(path, scope, dotted.removesuffix(".default"))
        return found

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
        located = self.values.aliased(self.values.locate(path, scope, dotted))
        if located is not None and located.binding.kind in ("call", "new"):
            return self._register(located)
        ref = self._ref(path, scope, dotted)
        if ref is not None and ref.kind == "def":
            return f"fn:{ref.path}::{ref.name}"
        if ref is not None and ref.kind == "jsmodule":
            # `const users = require('./plugins/users')`: the function the module exports.
            return self._module_default(ref.path)
        return None

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
