"""Server objects made by a first-party subclass of a framework's class: Dify's `class
ExternalApi(flask_restx.Api)`, made as `api = ExternalApi(bp)`, on which the app declares its
resources (`api.add_resource(AppApi, "/apps/<uuid:app_id>")`) and adds its namespaces.

The object is the framework's, with the arguments the subclass hands on. They are read as
written only where no class of the subclass's chain has a constructor of its own; one that
has may change them, and is read only in the shape Flask extensions are written in: its
first parameter given on as the app (`self.init_app(app)`, or `super().__init__(app)`).
Anything else the call gives that sets where the routes are served (an Api's app, a
namespace's name, a prefix) is not known: the routes are then unsure, never served at a
path seamcheck made up. What sets nothing of the kind (Flask's import name) is dropped."""

from __future__ import annotations

from dataclasses import replace

from seamcheck.facts import Arg, Call, Definition, enclosing_scope
from seamcheck.records import dataclass
from seamcheck.seams.frameworks import SERVER_FACTORIES
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

Cls = tuple[str, str]  # (path, qualname) of a class


@dataclass(frozen=True, slots=True)
class Subclassed:
    """What a call of a first-party subclass makes: the framework's class it derives from
    (`factory`, a `SERVER_FACTORIES` key), the call as that class is given it (`call`: the
    arguments it cannot be known to get left out), and why where its routes are served is
    not known (`unread`), if it is not."""

    factory: str
    call: Call
    unread: str = ""


class Subclasses:
    """The first-party classes deriving from a framework's server classes, and what a call
    of one makes."""

    def __init__(self, values: Values, functions: dict[int, str]) -> None:
        self.values = values
        self.functions = functions
        self._bases: dict[Cls, tuple[str, list[Cls]] | None] = {}
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
        cls = self._class_called(call)
        found = self.framework_base(*cls) if cls is not None else None
        if cls is None or found is None:
            return None
        factory, chain = found
        constructors = [c for c in chain if self._constructor(*c) is not None]
        if not constructors:
            return Subclassed(factory, call)  # the arguments reach the framework's class
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
        prefix = SERVER_FACTORIES[factory][1]
        if prefix and any(a.keyword == prefix for a in call.args):
            unread = True
        what = f"made by {cls[1]}, whose constructor seamcheck does not follow"
        return Subclassed(factory, replace(call, args=args), what if unread else "")

    def method(self, path: str, scope: str, receiver: str, method: str) -> str:
        """The framework's method a call on an instance of a first-party subclass calls
        (`flask_restx.Api().add_resource` for `api.add_resource(...)`, `api` made by
        `ExternalApi(bp)`), where no class of the subclass's chain defines it; ""."""
        located = self.values.locate(path, scope, receiver) if receiver else None
        if located is None or located.binding.kind not in ("call", "new"):
            return ""
        creator = self.values.creator(located)
        cls = self._class_called(creator) if creator is not None else None
        found = self.framework_base(*cls) if cls is not None else None
        if found is None:
            return ""
        factory, chain = found
        if any(self._definition(p, f"{c}.{method}") is not None for p, c in chain):
            return ""
        return f"{factory}().{method}"

    def framework_base(self, path: str, cls: str) -> tuple[str, list[Cls]] | None:
        """The framework's server class `cls` derives from, with the first-party classes
        from `cls` up to the one naming it as a base; None when it derives from none."""
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
        for base in definition.bases:
            ref = self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind == "external" and ref.name in SERVER_FACTORIES:
                return ref.name, [(path, cls)]
            if ref.kind == "def" and depth < _MAX_DEPTH:
                above = self.framework_base(ref.path, ref.name)
                if above is not None:
                    return above[0], [(path, cls), *above[1]]
        return None

    def _class_called(self, call: Call) -> Cls | None:
        """The first-party class a call makes an instance of."""
        target = self.functions.get(id(call), "")
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
