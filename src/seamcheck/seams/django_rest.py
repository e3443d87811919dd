"""Django REST framework routers: the paths `router.register(prefix, ViewSet)` makes a
`DefaultRouter` or `SimpleRouter` serve, relative to where `router.urls` is included.

A registration serves `prefix/` (the viewset's `list` and `create`), `prefix/{pk}/`
(`retrieve`, `update`, `partial_update`, `destroy`) and one path per `@action`
(`prefix/{url_path}/` or `prefix/{pk}/{url_path}/`, with the methods `@name.mapping.put`
adds); only the actions the viewset has are routed. A `DefaultRouter` also serves its API
root at the prefix itself and `.json`-style format suffixes. The actions come from the
viewset class and its bases: DRF's own viewsets and mixins by name, the repository's classes
by their methods. When a base is a class seamcheck cannot read, or the viewset itself is, the
list and detail paths answer any method and everything under the prefix is an
`UnreadRoute`: it may hold actions seamcheck cannot see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field

from seamcheck.facts import Call, Definition, enclosing_scope
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import django_regex, join
from seamcheck.seams.values import Values, display

_ROUTERS = {
    "rest_framework.routers.DefaultRouter": True,  # whether it adds a root view and suffixes
    "rest_framework.routers.SimpleRouter": False,
}
# The actions DRF's own classes give a viewset.
_DRF_ACTIONS: dict[str, tuple[str, ...]] = {
    "rest_framework.viewsets.ModelViewSet": (
        "list", "create", "retrieve", "update", "partial_update", "destroy",
    ),
    "rest_framework.viewsets.ReadOnlyModelViewSet": ("list", "retrieve"),
    "rest_framework.viewsets.ViewSet": (),
    "rest_framework.viewsets.GenericViewSet": (),
    "rest_framework.viewsets.ViewSetMixin": (),
    "rest_framework.mixins.ListModelMixin": ("list",),
    "rest_framework.mixins.CreateModelMixin": ("create",),
    "rest_framework.mixins.RetrieveModelMixin": ("retrieve",),
    "rest_framework.mixins.UpdateModelMixin": ("update", "partial_update"),
    "rest_framework.mixins.DestroyModelMixin": ("destroy",),
    "rest_framework.generics.GenericAPIView": (),
    "rest_framework.views.APIView": (),
}  # fmt: skip
_LIST_ACTIONS = {"list": "GET", "create": "POST"}
_DETAIL_ACTIONS = {
    "retrieve": "GET", "update": "PUT", "partial_update": "PATCH", "destroy": "DELETE",
}  # fmt: skip
# Decorators of extra actions -> whether the action is on one object (None: `detail=` says;
# when it is not a constant, both paths are served).
_ACTION_DECORATORS = {
    "rest_framework.decorators.action": None,
    "rest_framework.decorators.detail_route": True,
    "rest_framework.decorators.list_route": False,
}
_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class RelativeRoute:
    """A route of a router, its path relative to where the router's URLs are included."""

    method: str
    path: str
    where: Where
    handler: str = ""


@dataclass(frozen=True, slots=True)
class RelativeUnread:
    """What a router may serve that seamcheck cannot read: every path starting with `head`."""

    method: str
    head: str
    what: str
    where: Where


# An extra action: (methods, url path, detail: True, False or None for both, handler node).
_Action = tuple[tuple[str, ...], str, bool | None, str]


@dataclass(slots=True)
class _ViewSet:
    actions: dict[str, str] = field(default_factory=dict)  # action -> handler node or ""
    extra: list[_Action] = field(default_factory=list)
    lookup: str = ""
    unread_base: str = ""  # a base class seamcheck cannot read, "" when there is none


class RestRouters:
    """The DRF routers of a project and what each serves. `external` maps the id of each
    call the binder resolved to a library API to its qualified name."""

    def __init__(self, resolution: Resolution, values: Values, external: Mapping[int, str]) -> None:
        self.values = values
        self.external = external
        self.names = values.names
        self.facts = resolution.facts
        self.default: dict[str, bool] = {}  # router id -> whether it is a DefaultRouter
        self.defined_in: dict[str, str] = {}  # router id -> the file that creates it
        self.registered: dict[str, list[tuple[str, Call]]] = {}  # router id -> registrations
        for path, facts in sorted(self.facts.items()):
            if not path.endswith(".py"):
                continue
            for call in facts.calls:
                qualname = external.get(id(call), "")
                if qualname.endswith("().register"):
                    router = self._router(path, call.scope, call.callee.rpartition(".")[0])
                    if router is not None:
                        self.registered.setdefault(router, []).append((path, call))

    def router_of(self, path: str, scope: str, dotted: str) -> str | None:
        """The router whose URLs `dotted` (`router.urls`) are, None when it is no DRF router
        seamcheck knows."""
        if not dotted.endswith(".urls"):
            return None
        return self._router(path, scope, dotted.removesuffix(".urls"))

    def _router(self, path: str, scope: str, dotted: str) -> str | None:
        located = self.values.locate(path, scope, dotted)
        creator = self.values.creator(located) if located is not None else None
        qualname = self.external.get(id(creator), "") if creator is not None else ""
        if located is None or qualname not in _ROUTERS:
            return None
        key = self.values.object_id(located)
        self.default[key] = _ROUTERS[qualname]
        self.defined_in[key] = located.path
        return key

    def served(self, router: str) -> tuple[list[RelativeRoute], list[RelativeUnread]]:
        routes: list[RelativeRoute] = []
        unread: list[RelativeUnread] = []
        default = self.default.get(router, False)
        for path, call in self.registered.get(router, ()):
            where = Where(path, call.span.line, call.span.column)
            template = self.values.of_arg(path, call.scope, call.args[0]) if call.args else None
            if not template or all(part.param for part in template):
                what = "a registration whose prefix is known only at run time"
                unread.append(RelativeUnread(ANY, "", what, where))
                continue
            prefix = join(django_regex(display(template)))
            viewset = self._viewset(path, call)
            mine = self._routes(prefix, viewset, where)
            routes.extend(mine)
            if viewset is None or viewset.unread_base:
                name = call.args[1].value if len(call.args) > 1 else "the viewset"
                what = f"the extra actions of {name}"
                if viewset is not None:
                    what = f"the extra actions {name} may inherit from {viewset.unread_base}"
                unread.append(RelativeUnread(ANY, prefix + "/", what, where))
            if default and any(r.path == prefix for r in mine):
                # `orders.json`: the format suffix DefaultRouter adds to every path. Those of
                # the other paths fall in their last segment, which a parameter may hold.
                what = "a format suffix (.json) of a DefaultRouter"
                unread.append(RelativeUnread(ANY, prefix + ".", what, where))
        if default and router in self.registered:
            path, call = self.registered[router][0]
            routes.append(RelativeRoute("GET", "/", Where(path, call.span.line, call.span.column)))
        return routes, unread

    def _routes(self, prefix: str, viewset: _ViewSet | None, where: Where) -> list[RelativeRoute]:
        lookup = "{" + (viewset.lookup if viewset is not None and viewset.lookup else "pk") + "}"
        detail = join(prefix, lookup)
        found: list[RelativeRoute] = []
        if viewset is None or viewset.unread_base:
            # Which actions a base seamcheck cannot read adds is unknown: any method.
            found = [RelativeRoute(ANY, prefix, where), RelativeRoute(ANY, detail, where)]
        else:
            for base, table in ((prefix, _LIST_ACTIONS), (detail, _DETAIL_ACTIONS)):
                found.extend(
                    RelativeRoute(method, base, where, viewset.actions[action])
                    for action, method in table.items()
                    if action in viewset.actions
                )
        for methods, url_path, on_one, handler in viewset.extra if viewset is not None else ():
            bases = {True: [detail], False: [prefix], None: [prefix, detail]}[on_one]
            found.extend(
                RelativeRoute(method, join(base, url_path), where, handler)
                for base in bases
                for method in methods
            )
        return found

    def _viewset(self, path: str, register: Call) -> _ViewSet | None:
        """The actions of the viewset a registration names; None when it is not a class of
        the repository."""
        if len(register.args) < 2 or register.args[1].kind != "name":
            return None
        file = self.names.symbols.get(path)
        ref = (
            self.names.resolve_dotted(file, register.scope, register.args[1].value, 0)
            if file
            else None
        )
        if ref is None or ref.kind != "def":
            return None
        found = _ViewSet()
        self._read_class(ref.path, ref.name, found, 0)
        return found

    def _read_class(self, path: str, cls: str, into: _ViewSet, depth: int) -> None:
        """Add what class `cls` of `path` and its bases give a viewset (a subclass's own
        methods and attributes win)."""
        facts = self.facts.get(path)
        file = self.names.symbols.get(path)
        definition = file.definitions.get(cls) if file is not None else None
        if facts is None or file is None or definition is None or depth > _MAX_DEPTH:
            into.unread_base = into.unread_base or cls
            return
        for method in (*_LIST_ACTIONS, *_DETAIL_ACTIONS):
            if f"{cls}.{method}" in file.definitions:
                into.actions.setdefault(method, f"{path}::{cls}.{method}")
        for attribute in ("lookup_url_kwarg", "lookup_field"):
            bound = file.bindings.get((cls, attribute))
            if not into.lookup and bound is not None and bound.kind == "str":
                into.lookup = bound.value
        own = len(into.extra)
        for call in facts.calls:
            qualname = self.external.get(id(call), "")
            decorated = call.decorates or ""
            if qualname in _ACTION_DECORATORS and decorated.rpartition(".")[0] == cls:
                into.extra.append(self._action(path, call, decorated, _ACTION_DECORATORS[qualname]))
        into.extra.extend(self._mapped(path, cls, file.definitions.values(), into.extra[own:]))
        scope = enclosing_scope(cls)
        for base in definition.bases:
            ref = self.names.resolve_dotted(file, scope, base, 0)
            if ref.kind == "def":
                self._read_class(ref.path, ref.name, into, depth + 1)
            elif ref.kind == "external" and ref.name in _DRF_ACTIONS:
                for action in _DRF_ACTIONS[ref.name]:
                    into.actions.setdefault(action, "")
            elif not (ref.kind == "builtin" and ref.name == "object"):
                into.unread_base = into.unread_base or base

    @staticmethod
    def _mapped(
        path: str, cls: str, definitions: Iterable[Definition], actions: list[_Action]
    ) -> list[_Action]:
        """The methods `@settings.mapping.put` routes to another method of the class at the
        path of its action `settings`, each with its handler."""
        by_handler = {action[3]: action for action in actions}
        found: list[_Action] = []
        for definition in definitions:
            if definition.qualname.rpartition(".")[0] != cls:
                continue
            for decorator in definition.decorators:
                name, _, rest = decorator.partition(".")
                mapping, _, method = rest.partition(".")
                action = by_handler.get(f"{path}::{cls}.{name}")
                if mapping == "mapping" and method in HTTP_METHODS and action is not None:
                    handler = f"{path}::{definition.qualname}"
                    found.append(((method.upper(),), action[1], action[2], handler))
        return found

    def _action(self, path: str, call: Call, decorated: str, on_one: bool | None) -> _Action:
        """An `@action(methods=[...], url_path=...)`: its methods, path and handler."""
        name = decorated.rpartition(".")[2]
        methods: tuple[str, ...] = ("GET",)
        url_path = name
        for arg in call.args:
            if arg.keyword == "detail" and on_one is None and arg.value in ("True", "False"):
                on_one = arg.value == "True"
            elif arg.keyword == "methods" and arg.kind == "list":
                listed = tuple(i.value.upper() for i in arg.items if i.kind == "str")
                methods = listed if len(listed) == len(arg.items) and listed else (ANY,)
            elif arg.keyword == "url_path":
                template = self.values.of_arg(path, call.scope, arg)
                url_path = django_regex(display(template)) if template is not None else name
        return methods, url_path, on_one, f"{path}::{decorated}"
