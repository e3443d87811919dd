"""Django Ninja: operations declared on a `NinjaAPI` or a `Router` (`@api.get(path)`, ...,
`@api.api_operation(methods, path)`), routers added under prefixes (`api.add_router(prefix,
router)`, also nested and by dotted path), served where a Django URLconf serves the API's
URLs (`path("api/", api.urls)`), with the docs pages Ninja serves on its own."""

from __future__ import annotations

import re
from dataclasses import replace

from seamcheck.facts import MODULE_SCOPE, Arg, Call
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.model import ANY, Where
from seamcheck.seams.paths import join
from seamcheck.seams.routes.django import DjangoRoutes
from seamcheck.seams.routes.servers import Declared, Server, UnreadMount
from seamcheck.seams.values import Values, display

_APIS = frozenset({"ninja.NinjaAPI", "ninja.main.NinjaAPI"})
_ROUTERS = frozenset({"ninja.Router", "ninja.router.Router"})

# What a NinjaAPI serves on its own, by the argument that moves it -> where it is; the docs
# page only where the schema is served (`ninja.openapi.urls.get_openapi_urls`).
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

    def _ninja(self) -> None:
        """Every operation, router and API, once the URLconfs are read (`_django`). An API
        whose URLs no URLconf seamcheck reads serves them at paths not known, so does a
        router added to no API: the calls that end as their routes are unsure."""
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not self._reaches(path, "ninja"):
                continue
            for call in facts.calls:
                qualname = self._qualname(path, call)
                receiver, _, method = qualname.rpartition("().")
                if qualname in _APIS or qualname in _ROUTERS:
                    self._ninja_server(path, call, qualname)
                elif receiver in _APIS or receiver in _ROUTERS:
                    owner = self._ninja_owner(path, call)
                    if method == "add_router":
                        self._ninja_add_router(path, call, owner)
                    else:
                        self._ninja_operation(path, call, owner, method)
        self._ninja_urls()
        for key, where in self.ninja_where.items():
            server = self.servers[key]
            if not server.mounts and server.unread_prefix is None:
                what = "Django Ninja's routes, served where seamcheck cannot see"
                server.unread_prefix = UnreadMount(where, what)

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
