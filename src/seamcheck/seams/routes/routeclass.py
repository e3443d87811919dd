"""Whether a FastAPI router's `route_class` keeps the paths and methods its routes are added
with. FastAPI makes each route as `route_class(self.prefix + path, endpoint, methods=...,
...)`: its own `APIRoute` serves them as given, and so does a first-party subclass of it that
changes only how a request is handled (Prefect's `PrefectAPIRoute` overrides
`get_route_handler`; Airflow's `ExecutionAPIRoute.__init__(self, *args, **kwargs)` hands all
it is given on to `super().__init__(*args, **kwargs)`). One whose constructor may rewrite the
path (`super().__init__("/v2" + path, ...)`), that sets `self.path`, overrides `matches`, or
that seamcheck cannot follow (another library's class, a value it cannot name) may serve the
routes at any path: they are unsure."""

from __future__ import annotations

from seamcheck.facts import MODULE_SCOPE, Arg, Definition, enclosing_scope
from seamcheck.resolve.names import FileSymbols
from seamcheck.seams.handed import hands_on, keywords_changed
from seamcheck.seams.values import Values

# FastAPI's own route class, as the resolver names it.
FASTAPI_ROUTES = frozenset({"fastapi.routing.APIRoute", "fastapi.APIRoute"})
# The keyword a router takes its route class by, in its constructor and as its attribute.
ROUTE_CLASS = "route_class"
_MAX_DEPTH = 10
_CONSTRUCTOR = "__init__"
# Methods by which a route decides which requests it answers, or which object it is.
_MATCHING = ("matches", "__new__")
# What a route keeps its path and methods in: a class setting one changes where it serves.
_ROUTE_ATTRIBUTES = frozenset({"path", "methods", "path_regex", "path_format", "param_convertors"})
_SPREAD, _KEYWORDS_SPREAD = "*", "**"


def route_class_unread(values: Values, path: str, scope: str, arg: Arg) -> str:
    """Why the routes of a router given `arg` (in `path`, at `scope`) as its route class
    may not be served at the paths and methods they are added with; "" when they are."""
    file = values.symbols.get(path)
    if file is None or arg.kind != "name":
        return "a route class seamcheck cannot name"
    ref = values.names.resolve_dotted(file, scope, arg.value, 0)
    if ref.kind == "external" and ref.name in FASTAPI_ROUTES:
        return ""
    if ref.kind != "def":
        return f"the route class {arg.value}, which seamcheck does not read"
    return _class_unread(values, ref.path, ref.name, 0) or ""


def _class_unread(values: Values, path: str, cls: str, depth: int) -> str | None:
    """Why the first-party route class `cls` may change where its routes are served; ""
    when it keeps them; None when it does not derive from FastAPI's `APIRoute`."""
    file = values.symbols.get(path)
    definition = file.definitions.get(cls) if file is not None else None
    if file is None or definition is None or definition.kind != "class" or depth > _MAX_DEPTH:
        return f"the route class {cls}, which seamcheck does not read"
    own = _own_unread(values, file, path, definition)
    if own:
        return own
    derives = False
    for base in definition.bases:
        ref = values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
        if ref.kind == "external" and ref.name in FASTAPI_ROUTES:
            derives = True
            continue
        if ref.kind == "def":
            above = _class_unread(values, ref.path, ref.name, depth + 1)
            if above:
                return above
            derives = derives or above is not None
            continue
        if base not in ("object", "typing.Generic", "Generic"):
            return f"the route class {cls}, deriving from {base}, which seamcheck does not read"
    return "" if derives else None


def _own_unread(values: Values, file: FileSymbols, path: str, definition: Definition) -> str:
    """Why a route class's own body may change where its routes are served: a decorator,
    an override of how it matches requests, a route attribute it sets, or a constructor
    that does not hand the path and methods on as given; ""."""
    cls = definition.qualname
    if definition.decorators:
        return f"the route class {cls}, decorated with @{definition.decorators[0]}"
    for method in _MATCHING:
        if f"{cls}.{method}" in file.definitions:
            return f"the route class {cls}, which overrides {method}"
    inside = cls + "."
    for binding in file.facts.bindings:
        receiver, _, attribute = binding.target.partition(".")
        own = receiver == "self" and binding.scope.startswith(inside)
        if own and attribute in _ROUTE_ATTRIBUTES:
            return f"the route class {cls}, which sets self.{attribute}"
    for call in file.facts.calls:
        if call.callee == "setattr" and call.scope.startswith(inside):
            return f"the route class {cls}, which sets its attributes with setattr()"
    constructor = file.definitions.get(f"{cls}.{_CONSTRUCTOR}")
    if constructor is None or _hands_all_on(values, file, constructor):
        return ""
    why = hands_on(values, path, constructor, ("methods",))
    return f"the route class {cls}, whose constructor {why}" if why else ""


def _own_parameter(values: Values, file: FileSymbols, scope: str, name: str) -> bool:
    """Whether `name`, read in the function `scope` that has a `*` parameter, can only be
    that parameter: neither it nor a scope around it binds the name otherwise, nor does the
    file define or import it (the parameter's own name is not recorded)."""
    if values.names.resolve_dotted(file, scope, name, 0).kind != "unresolved":
        return False
    at = scope
    while True:
        if (at, name) in file.bindings or (at, name) in file.imported:
            return False
        if at == MODULE_SCOPE:
            return True
        at = at.rpartition(".")[0] or MODULE_SCOPE


def _hands_all_on(values: Values, file: FileSymbols, constructor: Definition) -> bool:
    """`def __init__(self, *args, **kwargs)` whose one `super().__init__(*args, **kwargs)`,
    in its own body, hands on all it is given, unchanged."""
    scope = constructor.qualname
    if list(constructor.params[1:]) != [_SPREAD, _KEYWORDS_SPREAD] or not constructor.keywords:
        return False
    kwargs = constructor.keywords[0]
    if len(constructor.keywords) > 1:
        return False  # `kwargs["path"] = ...`
    supers = [
        c for c in file.facts.calls
        if c.callee == "super().__init__" and (c.scope == scope or c.scope.startswith(scope + "."))
    ]  # fmt: skip
    if len(supers) != 1 or supers[0].scope != scope or len(supers[0].args) != 2:
        return False
    spread, keywords = supers[0].args
    names = [a.pieces[0].value if a.pieces else "" for a in (spread, keywords)]
    if (spread.value, keywords.value) != (_SPREAD, _KEYWORDS_SPREAD) or names[1] != kwargs:
        return False
    if not names[0] or not _own_parameter(values, file, scope, names[0]):
        return False
    for call in file.facts.calls:
        if call.scope != scope or call is supers[0]:
            continue
        if call.callee.partition(".")[0] == names[0]:
            return False
        if any(a.kind == "name" and a.value == names[0] for a in call.args):
            return False
    return keywords_changed(file.facts.calls, scope, supers[0], kwargs, "methods") is None
