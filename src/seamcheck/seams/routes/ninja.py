"""Django Ninja: operations declared on a `NinjaAPI` or a `Router` (`@api.get(path)`, ...,
`@api.api_operation(methods, path)`), routers added under prefixes (`api.add_router(prefix,
router)`, also nested and by dotted path), served where a Django URLconf serves the API's
URLs (`path("api/", api.urls)`), with the docs pages Ninja serves on its own.

Django Ninja Extra too: its `NinjaExtraAPI` is an API, and its controllers (classes under
`@api_controller(prefix)`, their methods under `@route.get(path)` or `@http_get(path)`, also
those of first-party base classes) serve under their prefix on the API that
`register_controllers` them; what a base class of another library serves is not read."""

from __future__ import annotations

import re
from dataclasses import replace

from seamcheck.facts import MODULE_SCOPE, Arg, Call, Definition, enclosing_scope
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join
from seamcheck.seams.routes.django import DjangoRoutes
from seamcheck.seams.routes.servers import MAX_MOUNT_DEPTH, Declared, Server, UnreadMount
from seamcheck.seams.values import Values, display

_APIS = frozenset(
    {"ninja.NinjaAPI", "ninja.main.NinjaAPI", "ninja_extra.NinjaExtraAPI",
     "ninja_extra.main.NinjaExtraAPI"}
)  # fmt: skip
_CONTROLLERS = frozenset(
    {"ninja_extra.api_controller", "ninja_extra.controllers.api_controller",
     "ninja_extra.controllers.base.api_controller"}
)  # fmt: skip
# `route.get(path)` and `http_get(path)`, imported from `ninja_extra`, `ninja_extra.controllers`
# or `ninja_extra.controllers.route` (where they are defined; `route` is its class `Route`): the
# verb their last name says; `generic` takes `methods=`.
_EXTRA_DECORATORS = re.compile(
    r"ninja_extra(?:\.controllers(?:\.route)?)?\.(?:(?:route|Route)\.(\w+)|http_(\w+))"
)
# A base class whose routes are built from its `model_config`, which is not read here.
_MODEL_CONTROLLERS = frozenset({"ModelControllerBase"})
# Packages whose classes declare no routes a controller would inherit: Ninja Extra's own
# bases (but the model ones) and the standard library's. Another library's base class may
# (django-ninja-jwt's `TokenObtainPairController` serves `/pair` and `/refresh`).
_ROUTELESS_PACKAGES = frozenset({"ninja_extra", "abc", "typing", "typing_extensions"})
_ROUTERS = frozenset({"ninja.Router", "ninja.router.Router"})

# What a NinjaAPI serves on its own, by the argument that moves it -> where it is; the docs
# page only where the schema is served (`ninja.openapi.urls.get_openapi_urls`).
HTTP_METHODS_UPPER = frozenset(m.upper() for m in HTTP_METHODS)
_NINJA_DOCS = {"openapi_url": "/openapi.json", "docs_url": "/docs"}
_NINJA_GATES: dict[str, tuple[str, ...]] = {"openapi_url": (), "docs_url": ("openapi_url",)}

# Ninja's path parameters are Django's, converter first (`{int:item_id}`): read as `{item_id}`,
# and `{path:rest}`, which matches slashes too, as the catch-all `{rest:path}`.
_CONVERTED = re.compile(r"\{(\w+):(\w+)\}")


class NinjaRoutes(DjangoRoutes):
    """Django Ninja's APIs and routers, under the Django URLconfs that serve them."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.ninja_where: dict[str, Where] = {}  # API or router -> where it is made
        # (URLconf, its `path(route, api.urls)` call, the route, the API), from `_django`.
        self.ninja_urls: list[tuple[str, Call, str, str]] = []
        # Django Ninja Extra: (file, class) -> its controller's server key, and the
        # operations its methods declare, by class, for the controllers that inherit them.
        self.extra_controllers: dict[tuple[str, str], str] = {}
        self.extra_operations: dict[tuple[str, str], list[tuple[str, Call, str]]] = {}

    def _ninja(self) -> None:
        """Every operation, router and API, once the URLconfs are read (`_django`). An API
        whose URLs no URLconf seamcheck reads serves them at paths not known, so does a
        router added to no API: the calls that end as their routes are unsure."""
        # Registered once every file is read: a controller is often declared in a file that
        # sorts after the API's (`users/controllers.py`, registered in `core/api.py`).
        registrations: list[tuple[str, Call, str]] = []
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not self._reaches(path, "ninja", "ninja_extra"):
                continue
            for call in facts.calls:
                qualname = self._qualname(path, call)
                receiver, _, method = qualname.rpartition("().")
                if qualname in _APIS or qualname in _ROUTERS:
                    self._ninja_server(path, call, qualname)
                elif receiver in _APIS and method == "register_controllers":
                    registrations.append((path, call, self._ninja_owner(path, call)))
                elif receiver in _APIS or receiver in _ROUTERS:
                    owner = self._ninja_owner(path, call)
                    if method == "add_router":
                        self._ninja_add_router(path, call, owner)
                    else:
                        self._ninja_operation(path, call, owner, method)
                elif qualname in _CONTROLLERS and call.decorates:
                    self._extra_controller(path, call.decorates, call)
                elif call.decorates and (verb := _EXTRA_DECORATORS.fullmatch(qualname)):
                    cls = call.decorates.rpartition(".")[0]
                    operations = self.extra_operations.setdefault((path, cls), [])
                    operations.append((path, call, verb[1] or verb[2]))
            for definition in facts.definitions:
                if definition.kind == "class" and "api_controller" in definition.decorators:
                    self._extra_controller(path, definition.qualname, None)  # bare decorator
        for path, call, owner in registrations:
            self._extra_register(path, call, owner)
        self._extra_operations()
        self._ninja_urls()
        for key, where in self.ninja_where.items():
            server = self.servers[key]
            if not server.mounts and server.unread_prefix is None:
                what = "Django Ninja's routes, served where seamcheck cannot see"
                server.unread_prefix = UnreadMount(where, what)

    def _extra_controller(self, path: str, cls: str, call: Call | None) -> None:
        """A Django Ninja Extra controller class: a router of its own, added to the API that
        registers it under the prefix its decorator gives ("" when bare)."""
        key = f"ninja_extra:{path}::{cls}"
        if (path, cls) in self.extra_controllers:
            return
        self.extra_controllers[(path, cls)] = key
        definition = self.values.symbols[path].definitions.get(cls)
        line, column = (call.span.line, call.span.column) if call is not None else (1, 1)
        if definition is not None and call is None:
            line, column = definition.span.line, definition.span.column
        self.servers.setdefault(key, Server("ninja"))
        self.ninja_where[key] = Where(path, line, column)

    def _extra_register(self, path: str, call: Call, owner: str) -> None:
        """`api.register_controllers(UsersController, ...)`: each controller under its prefix.
        One given otherwise (`import_string(...)`) may serve anything on the API."""
        file = self.values.symbols[path]
        for arg in call.args:
            ref = None
            if arg.kind == "name" and arg.keyword is None:
                ref = self.values.names.resolve_dotted(file, call.scope, arg.value, 0)
            key = self.extra_controllers.get((ref.path, ref.name)) if ref is not None else None
            if ref is None or ref.kind != "def" or key is None:
                where = Where(path, call.span.line, call.span.column)
                what = f"the controller {arg.value or 'registered'}"
                service = self.service_of.get(path, "")
                self.declared.append(Declared(owner, service, ANY, "", "ninja", where, "", what))
                continue
            prefix, unread = self._extra_prefix(ref.path, ref.name)
            self.servers[key].mounts.append((owner, prefix, unread))

    def _extra_prefix(self, path: str, cls: str) -> tuple[str, UnreadMount | None]:
        """The prefix a controller's `@api_controller(prefix)` gives: "" when bare."""
        decorator = next(
            (
                c
                for c in self.resolution.facts[path].calls
                if c.decorates == cls and self._qualname(path, c) in _CONTROLLERS
            ),
            None,
        )
        given = decorator.args[0] if decorator is not None and decorator.args else None
        if decorator is None or given is None or given.keyword not in (None, "prefix_or_class"):
            return "", None
        template = self.values.of_arg(path, decorator.scope, given)
        if template is None or any(part.param for part in template):
            where = Where(path, decorator.span.line, decorator.span.column)
            return "", UnreadMount(where, "a controller prefix known only at run time")
        prefix = _ninja_path(display(template))
        if "{" in prefix:
            # Ninja Extra serves such a controller's routes without their prefix
            # (`APIController.build_routers`), and reads the parameters from elsewhere.
            where = Where(path, decorator.span.line, decorator.span.column)
            return "", UnreadMount(where, "a controller prefix with path parameters")
        return prefix, None

    def _extra_operations(self) -> None:
        """Each controller's operations: its own methods' and its first-party bases'. One
        built from a model (`ModelControllerBase`) serves routes not read here."""
        for (path, cls), key in sorted(self.extra_controllers.items()):
            for at, call, verb in self._extra_inherited(path, cls, key, 0):
                self._extra_operation(at, call, key, verb)

    def _extra_inherited(
        self, path: str, cls: str, key: str, depth: int
    ) -> list[tuple[str, Call, str]]:
        """The operations of class `cls` and its bases, for the controller `key`."""
        found = list(self.extra_operations.get((path, cls), ()))
        file = self.values.symbols.get(path)
        definition = file.definitions.get(cls) if file is not None else None
        if file is None or definition is None or depth > MAX_MOUNT_DEPTH:
            return found
        for base in definition.bases:
            ref = self.values.names.resolve_dotted(file, enclosing_scope(cls), base, 0)
            if ref.kind == "def":
                found += self._extra_inherited(ref.path, ref.name, key, depth + 1)
            elif ref.kind == "external" and ref.name.rpartition(".")[2] in _MODEL_CONTROLLERS:
                what = f"the routes {cls} builds from its model"
                self._extra_unread(path, definition, key, what)
            elif ref.kind == "external" and ref.name.partition(".")[0] not in _ROUTELESS_PACKAGES:
                self._extra_unread(path, definition, key, f"the routes of {cls}'s base {base}")
        return found

    def _extra_unread(self, path: str, definition: Definition, key: str, what: str) -> None:
        """Routes the controller `key` serves through the class `definition` that are not
        read here: they make the calls under its prefix unsure."""
        where = Where(path, definition.span.line, definition.span.column)
        service = self.service_of.get(path, "")
        self.declared.append(Declared(key, service, ANY, "", "ninja", where, "", what))

    def _extra_operation(self, path: str, call: Call, owner: str, verb: str) -> None:
        """`@route.get(path)`, `@http_post(path)`, `@route.generic(path, methods=[...])`: the
        path defaults to the controller's own."""
        positional = [a for a in call.args if a.keyword is None]
        at = (
            positional[0]
            if positional
            else next((a for a in call.args if a.keyword == "path"), Arg("str", ""))
        )
        if verb == "generic":
            verbs = _listed_methods(next((a for a in call.args if a.keyword == "methods"), None))
        elif verb.upper() in HTTP_METHODS_UPPER:
            verbs = [verb.upper()]
        else:
            return
        if at.kind == "str":
            at = replace(at, value=_ninja_path(at.value))
        self._declare(owner, path, verbs, at, "ninja", call, self._handler(path, call))

    def _ninja_server(self, path: str, call: Call, qualname: str) -> str | None:
        """The API or router a binding holds, registered on first sight (an API with the
        pages it serves on its own)."""
        located = self._holder_of(path, call)
        key = self._register(located) if located is not None else None
        if key is None or key in self.ninja_where:
            return key
        self.servers[key].framework = "ninja"
        self.ninja_where[key] = Where(path, call.span.line, call.span.column)
        if qualname in _APIS:
            methods = (ANY,)  # Django function views: any method
            self._docs_pages(path, call, key, "ninja", _NINJA_DOCS, _NINJA_GATES, methods)
        return key

    def _ninja_owner(self, path: str, call: Call) -> str:
        """The API or router a call is made on; one seamcheck cannot follow to where it is
        made (`self.api`, a function's result) is a router of its own, added nowhere seen."""
        receiver = call.callee.rpartition(".")[0]
        located = self.values.locate(path, call.scope, receiver)
        creator = self.values.creator(located) if located is not None else None
        if located is not None and creator is not None and located.binding.kind == "call":
            qualname = self._qualname(located.path, creator)
            if qualname in _APIS or qualname in _ROUTERS:
                key = self._ninja_server(located.path, creator, qualname)
                if key is not None:
                    return key
        key = f"ninja:{path}::{call.scope}:{receiver}"
        self.servers.setdefault(key, Server("ninja"))
        self.ninja_where.setdefault(key, Where(path, call.span.line, call.span.column))
        return key

    def _ninja_operation(self, path: str, call: Call, owner: str, method: str) -> None:
        """`@api.get(path)` and the other verbs, `@api.api_operation(methods, path)`,
        `api.add_api_operation(path, methods, view)`."""
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword: a for a in call.args if a.keyword}
        if method in HTTP_METHODS and call.decorates:
            at, verbs = positional[0] if positional else keywords.get("path"), [method.upper()]
        elif method == "api_operation" and call.decorates:
            listed = positional[0] if positional else keywords.get("methods")
            at = positional[1] if len(positional) > 1 else keywords.get("path")
            verbs = _listed_methods(listed)
        elif method == "add_api_operation":
            at = positional[0] if positional else keywords.get("path")
            listed = positional[1] if len(positional) > 1 else keywords.get("methods")
            verbs = _listed_methods(listed)
        else:
            return
        if at is None:
            return
        if at.kind == "str":
            at = replace(at, value=_ninja_path(at.value))
        handler = self._handler(path, call)
        self._declare(owner, path, verbs, at, "ninja", call, handler)

    def _ninja_add_router(self, path: str, call: Call, owner: str) -> None:
        """`api.add_router(prefix, router)` (also on a router, nesting it): the router's
        operations under the prefix. A router given by dotted path (`"app.api.router"`) is
        looked up in its module; one seamcheck cannot find may serve anything under the
        prefix."""
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword: a for a in call.args if a.keyword}
        prefix_arg = positional[0] if positional else keywords.get("prefix")
        router_arg = positional[1] if len(positional) > 1 else keywords.get("router")
        if prefix_arg is None or router_arg is None:
            return
        where = Where(path, call.span.line, call.span.column)
        template = self.values.of_arg(path, call.scope, prefix_arg)
        prefix, unread = "", None
        if template is None or any(part.param for part in template):
            unread = UnreadMount(where, "a router added at a path known only at run time")
        else:
            prefix = _ninja_path(display(template))
        child = self._ninja_router(path, call, router_arg)
        if child is None:
            what = f"what {router_arg.value or 'the router'} serves"
            service = self.service_of.get(path, "")
            self.declared.append(Declared(owner, service, ANY, prefix, "ninja", where, "", what))
            return
        if child != owner:
            self.servers[child].mounts.append((owner, prefix, unread))

    def _ninja_router(self, path: str, call: Call, given: Arg) -> str | None:
        """The router an argument names: a name, or a dotted path to a module's name."""
        located = None
        if given.kind == "name":
            located = self.values.locate(path, call.scope, given.value)
        elif given.kind == "str" and "." in given.value:
            module, _, name = given.value.rpartition(".")
            service = self.service_of.get(path, "")
            file = self.values.names.python_module_path.get((service, module))
            located = self.values.locate(file, MODULE_SCOPE, name) if file else None
        if located is None or located.binding.kind != "call":
            return None
        creator = self.values.creator(located)
        qualname = self._qualname(located.path, creator) if creator is not None else ""
        if creator is None or qualname not in _ROUTERS:
            return None
        return self._ninja_server(located.path, creator, qualname)

    def _serves_urls(self, path: str, call: Call, owner: str, route: str) -> bool:
        """`path("api/", api.urls)` of a NinjaAPI: its operations are served under the route,
        and under every prefix of the URLconfs that include this one (`_ninja_urls`)."""
        located = self.values.locate(path, call.scope, owner)
        creator = self.values.creator(located) if located is not None else None
        if located is None or creator is None:
            return False
        qualname = self._qualname(located.path, creator)
        if qualname not in _APIS:
            return False
        key = self._ninja_server(located.path, creator, qualname)
        if key is None:
            return False
        self.ninja_urls.append((path, call, route, key))
        return True

    def _ninja_urls(self) -> None:
        """Mount each NinjaAPI under the routes that serve its URLs, once every URLconf's
        prefixes are known. Django joins a route and the API's paths as text: under a route
        with no closing slash (`path("api", api.urls)`) they run on in its last segment."""
        for urls, call, route, key in self.ninja_urls:
            where = Where(urls, call.span.line, call.span.column)
            for prefix in self._django_prefixes(urls, self.django_included, 0):
                at = join(prefix, route)
                unread = None
                if at != "/" and not at.endswith("/"):
                    unread = UnreadMount(where, "a Django Ninja API under a route with no '/'")
                self.servers[key].mounts.append((_DJANGO_ROOT, at, unread))
            # Its root redirects to the docs (`get_root_url`): a route only where the API's
            # place is known (at a place not known, it would end as every path does).
            service = self.service_of.get(urls, "")
            root = Declared(
                key, service, ANY, "/", "ninja", self.ninja_where[key], "", builtin=True
            )
            if root not in self.declared:
                self.declared.append(root)


# The root of a Django URLconf, which the APIs it serves are mounted under.
_DJANGO_ROOT = "django:root"


def _listed_methods(listed: Arg | None) -> list[str]:
    """The methods of `api_operation(["GET", "POST"], path)`; any when not all are read."""
    items = listed.items if listed is not None and listed.kind == "list" else ()
    verbs = [i.value.upper() for i in items if i.kind == "str"]
    return verbs if verbs and len(verbs) == len(items) else [ANY]


def _ninja_path(path: str) -> str:
    """A Ninja path with its parameters as `paths.normalise` reads them (`_CONVERTED`)."""
    return _CONVERTED.sub(lambda m: f"{{{m[2]}:path}}" if m[1] == "path" else f"{{{m[2]}}}", path)
