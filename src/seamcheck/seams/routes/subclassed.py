"""Server objects made by a first-party subclass of a framework's class: Dify's `class
ExternalApi(flask_restx.Api)`, made as `api = ExternalApi(bp)`, on which the app declares its
resources (`api.add_resource(AppApi, "/apps/<uuid:app_id>")`) and adds its namespaces;
Prefect's `class PrefectRouter(APIRouter)`, made as `router = PrefectRouter(prefix="/flows")`,
whose constructor hands its keyword arguments on (`super().__init__(**kwargs)`).

The object is the framework's, with the arguments the subclass hands on. Its prefix is the
one its constructors hand the framework's class (`handed.handed_keyword`: as the call gives
it, or as a constructor sets it, `super().__init__(prefix="/v1", **kwargs)`). An Api's app is
read as written only where no class of the subclass's chain has a constructor of its own;
one that has is read only in the shape Flask extensions are written in: its first parameter
given on as the app (`self.init_app(app)`, or `super().__init__(app)`). A class of the chain
overriding a method the framework's routes get their path, methods or prefix through
(`add_api_route`, `route`, `include_router`, ...) must hand them on as it is given them
(`handed.hands_on`: Prefect's `add_api_route` does, setting only its response class, and
Airflow's `api_route`, through `self.add_api_route(path, func, **kwargs)`).
Anything else that sets where the routes are served (an Api's app, a namespace's name, a
prefix) is not known: the routes are then unsure, never served at a path seamcheck made up.
What sets nothing of the kind (Flask's import name) is dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from seamcheck.facts import Arg, Call, Definition, enclosing_scope
from seamcheck.records import dataclass
from seamcheck.seams.frameworks import HTTP_METHODS, SERVER_FACTORIES
from seamcheck.seams.handed import Handed, handed_keyword, hands_on
from seamcheck.seams.routes.routeclass import ROUTE_CLASS
from seamcheck.seams.values import Values

_MAX_DEPTH = 10
_CONSTRUCTOR = "__init__"
# The calls by which a Flask extension's constructor binds it to the app it is given.
_BINDS_APP = ("self.init_app", "super().__init__")
# The keyword that names the app or blueprint of a Flask extension's constructor.
_APP = "app"
# The classes whose first argument says where their routes are served: the app or blueprint
# a Flask REST extension's Api is bound to, and the name a flask-restx namespace is served
# under unless given a path. Any other's first argument (Flask's import name) does not.
_APP_FIRST = frozenset(
    {"flask_restx.Api", "flask_restplus.Api", "flask_restful.Api", "flask_smorest.Api"}
)
_NAME_FIRST = frozenset({"flask_restx.Namespace", "flask_restplus.Namespace"})

# The methods of a framework's server class that a route's path and methods, or the prefix
# of what it mounts, go through (FastAPI's `post` calls `api_route`, which calls
# `add_api_route`; Flask's `get` calls `route`, which calls `add_url_rule`), each with the
# keywords that say where or how the routes are served: a first-party subclass overriding
# one must hand them on as given.
_FASTAPI_PATHS: dict[str, tuple[str, ...]] = {
    **{verb: () for verb in (*HTTP_METHODS, "trace")},
    "api_route": ("methods",), "add_api_route": ("methods",), "route": ("methods",),
    "add_route": ("methods",), "websocket": (), "add_api_websocket_route": (),
    "websocket_route": (), "add_websocket_route": (), "include_router": ("prefix",),
}  # fmt: skip
_FLASK_PATHS: dict[str, tuple[str, ...]] = {
    **{verb: () for verb in HTTP_METHODS if verb not in ("head", "options")},
    "route": ("methods",), "add_url_rule": ("methods",), "register_blueprint": ("url_prefix",),
}  # fmt: skip
# A blueprint's routes get its prefix when it is registered: Flask's `Blueprint.register(app,
# options)` makes the state (`make_setup_state(app, options)`) that puts it before them.
_BLUEPRINT_PATHS = {**_FLASK_PATHS, "register": (), "make_setup_state": ()}
_FASTAPI_ROUTERS = frozenset({"fastapi.APIRouter", "fastapi.routing.APIRouter"})
_PATH_METHODS = {
    **dict.fromkeys(("fastapi.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"),
                    _FASTAPI_PATHS),
    **dict.fromkeys(("flask.Flask", "quart.Quart", "apiflask.APIFlask"), _FLASK_PATHS),
    **dict.fromkeys(("flask.Blueprint", "quart.Blueprint", "apiflask.APIBlueprint",
                     "flask_smorest.Blueprint"), _BLUEPRINT_PATHS),
}  # fmt: skip
# The methods whose leading arguments, this many, must all be handed on in place (the app
# and the options a blueprint is registered with); one, the path, for the others.
_HANDED_IN_PLACE = {"register": 2, "make_setup_state": 2}

Cls = tuple[str, str]  # (path, qualname) of a class


def _enclosing(scope: str) -> list[str]:
    """`scope` and the functions or classes it is written in, innermost first."""
    found = [scope]
    while "." in found[-1]:
        found.append(found[-1].rpartition(".")[0])
    return found


@dataclass(frozen=True, slots=True)
class Subclassed:
    """What a call of a first-party subclass makes: the framework's class it derives from
    (`factory`, a `SERVER_FACTORIES` key), the call as that class is given it (`call`: the
    arguments it cannot be known to get left out), and why where its routes are served is
    not known (`unread`), if it is not."""

    factory: str
    call: Call
    unread: str = ""
    # The prefix its constructors hand the framework's class, and where it is written, when
    # that class takes one (`handed.handed_keyword`).
    prefix: Handed | None = None
    # An override of a method the routes go through may change their paths and methods too
    # (`UnreadMount.any_route`), not only where they are served.
    overridden: bool = False
    # A call by which a class of its chain declares routes on its own instances, with the
    # file it is in (`Subclasses.routes_on_self`).
    on_self: tuple[str, Call] | None = None
    # The route class its constructors hand a FastAPI router (`routeclass.py`), if any.
    route_class: Handed | None = None


class Subclasses:
    """The first-party classes deriving from a framework's server classes, and what a call
    of one makes."""

    def __init__(self, values: Values, called_function: Callable[[str, Call], str | None]) -> None:
        self.values = values
        # The node id of the repository's function a call in a file calls, if any
        # (`RouteState.called_function`).
        self.called_function = called_function
        self._bases: dict[Cls, tuple[str, list[Cls]] | None] = {}
        self._overrides: dict[Cls, str] = {}
        self._on_self: dict[Cls, tuple[str, Call] | None] = {}
        self._any: bool | None = None

    def any(self) -> bool:
        """Whether some first-party class names a framework's server class as its base
        (most projects: none, and nothing else here needs to run)."""
        if self._any is None:
            names = {factory.rpartition(".")[2] for factory in SERVER_FACTORIES}
            self._any = any(
                base.rpartition(".")[2] in names
                for file in self.values.symbols.values()
                if file.is_python
                for definition in file.facts.definitions
                for base in definition.bases
            )
        return self._any

    def made(self, path: str, call: Call) -> Subclassed | None:
        """What `call` (in `path`) makes when it calls a first-party subclass of a
        framework's server class; None for any other call."""
        cls = self._class_called(path, call)
        return self.made_by(path, call, cls) if cls is not None else None

    def made_by(self, path: str, call: Call, cls: Cls) -> Subclassed | None:
        """What `call` (in `path`) makes when it makes an instance of the first-party class
        `cls` (a partial of it called: `made`); None when `cls` derives from no framework's
        server class."""
        found = self.framework_base(*cls)
        if found is None:
            return None
        made = self._made(path, call, cls, *found)
        if found[0] in _FASTAPI_ROUTERS:
            chain = found[1]
            route_class = handed_keyword(self.values, chain, call, path, ROUTE_CLASS)
            if route_class.unread or route_class.arg is not None:
                made = replace(made, route_class=route_class)
        if cls not in self._on_self:
            self._on_self[cls] = self.routes_on_self(*found)
        on_self = self._on_self[cls]
        return replace(made, on_self=on_self) if on_self is not None else made

    def _made(self, path: str, call: Call, cls: Cls, factory: str, chain: list[Cls]) -> Subclassed:
        keyword = SERVER_FACTORIES[factory][1]
        prefix = handed_keyword(self.values, chain, call, path, keyword) if keyword else None
        overridden = self._overridden(factory, cls, chain)
        # Unsure, its arguments are left out: what its constructors hand on is not read.
        if overridden:
            why = f"made by {cls[1]}, {overridden}"
            return Subclassed(factory, replace(call, args=()), why, overridden=True)
        if prefix is not None and prefix.unread:
            why = f"made by {cls[1]} ({prefix.unread})"
            return Subclassed(factory, replace(call, args=()), why)
        constructors = [c for c in chain if self._constructor(*c) is not None]
        if not constructors:
            # The arguments reach the framework's class.
            return Subclassed(factory, call, prefix=prefix)
        positional = any(a.keyword is None for a in call.args)
        args: tuple[Arg, ...] = ()
        unread = False
        if factory in _APP_FIRST:
            app = self._app_given(call, constructors) if len(constructors) == 1 else None
            if app is None:
                unread = positional or any(a.keyword == _APP for a in call.args)
            else:
                args = app
        elif factory in _NAME_FIRST:
            unread = positional  # the name a namespace is served under by default
        what = f"made by {cls[1]}, whose constructor seamcheck does not follow"
        return Subclassed(factory, replace(call, args=args), what if unread else "", prefix)

    def _overridden(self, factory: str, cls: Cls, chain: list[Cls]) -> str:
        """Why a method of the framework's class that its routes get their path, methods or
        prefix through, overridden by a class of `chain`, may change them ("" when each
        such override hands them on as given, or there is none)."""
        found = self._overrides.get(cls)
        if found is None:
            found = ""
            methods = _PATH_METHODS.get(factory, {})
            for at, name in chain:
                for method, keywords in methods.items():
                    override = self._definition(at, f"{name}.{method}")
                    if override is None:
                        continue
                    # Another of the methods it may hand on to is one that takes what it
                    # checks as given (`api_route`'s methods, to `add_api_route`): a verb's
                    # `get` handing on to `api_route` says the method itself.
                    others = frozenset(m for m, k in methods.items() if k and k == keywords)
                    leading = _HANDED_IN_PLACE.get(method, 1)
                    why = hands_on(self.values, at, override, keywords, others, leading)
                    if why:
                        found = f"whose {method} {why}"
                        break
                if found:
                    break
            self._overrides[cls] = found
        return found

    def routes_on_self(self, factory: str, chain: list[Cls]) -> tuple[str, Call] | None:
        """A call by which a class of `chain` declares routes on its own instances
        (`self.add_api_route("/health", self.health)` in its constructor, `@self.get("/")`):
        each router it makes serves them, under its prefix, though seamcheck does not read
        them as its routes; None when none does. An override's call handing on to the
        framework's method (`overrides_call`) declares none."""
        methods = _PATH_METHODS.get(factory, {})
        for at, name in chain:
            file = self.values.symbols.get(at)
            inside = name + "."
            for call in file.facts.calls if file is not None else ():
                receiver, _, method = call.callee.partition(".")
                if receiver != "self" or method not in methods or not call.scope.startswith(inside):
                    continue
                if not self.overrides_call(at, call):
                    return at, call
        return None

    def overrides_call(self, path: str, call: Call) -> bool:
        """Whether `call` is an override's call of the framework's method it overrides
        (`super().add_api_route(path, endpoint, **kwargs)` in `add_api_route` of a subclass
        of `APIRouter`), or of another of them on itself with the path it is given (Airflow's
        `api_route` returning a decorator that calls `self.add_api_route(path, func)`): no
        route of its own, but those of the subclass's instances, read where they are
        declared (unsure there when the override changes them)."""
        receiver, _, called = call.callee.rpartition(".")
        if receiver not in ("super()", "self"):
            return False
        for override in _enclosing(call.scope):
            cls, _, method = override.rpartition(".")
            found = self.framework_base(path, cls) if cls else None
            methods = _PATH_METHODS.get(found[0], {}) if found is not None else {}
            if method not in methods:
                continue
            if receiver == "super()":
                return called == method and override == call.scope
            if called not in methods:
                return False
            definition = self._definition(path, override)
            params = definition.params[1:] if definition is not None else ()
            first = next((a for a in call.args if a.keyword is None), None)
            given = params[0].removesuffix("=") if params else ""
            return first is not None and first.kind == "name" and first.value == given
        return False

    def method(self, path: str, scope: str, receiver: str, method: str) -> str:
        """The framework's method a call on an instance of a first-party subclass calls
        (`flask_restx.Api().add_resource` for `api.add_resource(...)`, `api` made by
        `ExternalApi(bp)`), where no class of the subclass's chain defines it, or those
        that do hand on what they are given; ""."""
        located = self.values.locate(path, scope, receiver) if receiver else None
        if located is None or located.binding.kind not in ("call", "new"):
            return ""
        creator = self.values.creator(located)
        cls = self._class_called(located.path, creator) if creator is not None else None
        found = self.framework_base(*cls) if cls is not None else None
        if cls is None or found is None:
            return ""
        factory, chain = found
        if any(self._definition(p, f"{c}.{method}") is not None for p, c in chain):
            # Overridden: the framework's still, where the override hands on what it is
            # given (`_overridden`); else its routes are unsure (`made`).
            handing = method in _PATH_METHODS.get(factory, {})
            if not handing or self._overridden(factory, cls, chain):
                return ""
        return f"{factory}().{method}"

    def framework_base(self, path: str, cls: str) -> tuple[str, list[Cls]] | None:
        """The framework's server class `cls` derives from, with the first-party classes
        whose methods come before its, in Python's order: from `cls` up to the one naming
        it as a base, and the mixins listed before the base leading to it (`class
        TracedRouter(Traced, APIRouter)`: `Traced.__init__` runs first, and its
        `super().__init__` calls APIRouter's); None when it derives from none."""
        key = (path, cls)
        if key not in self._bases:
            self._bases[key] = None  # a class deriving from itself: none
            self._bases[key] = self._find_base(path, cls, 0)
        return self._bases[key]

    def _find_base(self, path: str, cls: str, depth: int) -> tuple[str, list[Cls]] | None:
        definition = self._definition(path, cls)
        file = self.values.symbols.get(path)
        if definition is None or definition.kind != "class" or file is None:
            return None
        mixins: list[Cls] = []  # first-party bases listed before, with their own
        for base in definition.bases:
            ref = self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind == "external" and ref.name in SERVER_FACTORIES:
                return ref.name, [(path, cls), *mixins]
            if ref.kind == "def" and depth < _MAX_DEPTH:
                above = self.framework_base(ref.path, ref.name)
                if above is not None:
                    return above[0], [(path, cls), *mixins, *above[1]]
                for mixin in self._ancestry(ref.path, ref.name, depth + 1):
                    if mixin not in mixins:
                        mixins.append(mixin)
        return None

    def _ancestry(self, path: str, cls: str, depth: int) -> list[Cls]:
        """A first-party class and those of the repository it derives from, depth first
        (a mixin's methods and those it inherits)."""
        definition = self._definition(path, cls)
        file = self.values.symbols.get(path)
        if definition is None or definition.kind != "class" or file is None:
            return []
        found = [(path, cls)]
        for base in definition.bases if depth < _MAX_DEPTH else ():
            ref = self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind == "def":
                found.extend(
                    c for c in self._ancestry(ref.path, ref.name, depth + 1) if c not in found
                )
        return found

    def _class_called(self, path: str, call: Call) -> Cls | None:
        """The first-party class a call (in `path`) makes an instance of."""
        target = self.called_function(path, call) or ""
        path, _, qualname = target.partition("::")
        if not qualname:
            return None
        if qualname.endswith("." + _CONSTRUCTOR):
            qualname = qualname.removesuffix("." + _CONSTRUCTOR)
        definition = self._definition(path, qualname)
        return (path, qualname) if definition is not None and definition.kind == "class" else None

    def _definition(self, path: str, qualname: str) -> Definition | None:
        file = self.values.symbols.get(path)
        return file.definitions.get(qualname) if file is not None else None

    def _constructor(self, path: str, cls: str) -> Definition | None:
        return self._definition(path, f"{cls}.{_CONSTRUCTOR}")

    def _app_given(self, call: Call, constructors: list[Cls]) -> tuple[Arg, ...] | None:
        """The argument a call gives the app of a Flask extension whose one constructor
        binds the extension to its first parameter (`def __init__(self, app, ...)` calling
        `self.init_app(app)`); () when the call gives none; None when
        the constructor is not so. Given first, as the framework's class takes it."""
        path, cls = constructors[0]
        constructor = self._constructor(path, cls)
        params = constructor.params if constructor is not None else ()
        if len(params) < 2 or not params[1] or params[1].startswith("*"):
            return None
        param = params[1].removesuffix("=")
        if not self._binds_app(path, f"{cls}.{_CONSTRUCTOR}", param):
            return None
        given = [a for a in call.args if a.keyword is None][:1]
        given += [a for a in call.args if a.keyword == param]
        return tuple(replace(a, keyword=None) for a in given[:1])

    def _binds_app(self, path: str, constructor: str, param: str) -> bool:
        """Whether the constructor hands its parameter `param` on as the app: first, or as
        the keyword `app`, to `self.init_app(...)` or `super().__init__(...)`."""
        file = self.values.symbols.get(path)
        for call in file.facts.calls if file is not None else ():
            if call.scope != constructor or call.callee not in _BINDS_APP:
                continue
            positional = [a for a in call.args if a.keyword is None]
            first = positional[0] if positional else None
            keyword = next((a for a in call.args if a.keyword == _APP), None)
            for given in (first, keyword):
                if given is not None and given.kind == "name" and given.value == param:
                    return True
        return False
