"""Django URLconfs: `path`/`re_path` in `urlpatterns`, under the routes of every `include()`
that reaches them, and the routes of Django REST framework routers included there."""

from __future__ import annotations

from collections.abc import Iterator

from seamcheck.facts import MODULE_SCOPE, Arg, Call, FileFacts, call_within
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.django_rest import RestRouters
from seamcheck.seams.model import ANY, Route, UnreadRoute, Where
from seamcheck.seams.paths import django_regex, join, normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import MAX_MOUNT_DEPTH, span_key
from seamcheck.seams.values import Values

_DJANGO_PATHS = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url"})

_DJANGO_INCLUDE = "django.urls.include"


class DjangoRoutes(RouteCore):
    """Django URLconfs and the DRF routers they include."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.rest_routers: RestRouters | None = None  # made when a DRF router is included
        # urls file -> (the URLconf that includes it, at which route), once `_django` ran.
        self.django_included: dict[str, list[tuple[str, str]]] = {}

    def _django(self) -> None:
        patterns: dict[str, list[tuple[Call, str]]] = {}  # urls file -> (path call, route)
        opaque: dict[str, list[tuple[Call, str, str]]] = {}  # ... -> (call, route, what)
        included: dict[str, list[tuple[str, str]]] = {}  # urls file -> (includer, prefix)
        routers: dict[str, list[tuple[str, str]]] = {}  # urls file -> (route, DRF router)
        for path, facts in self._urlconfs(included):
            if self.rest_routers is None and self._reaches(path, "rest_framework"):
                self.rest_routers = RestRouters(self.resolution, self.values, self.external)
            if not path.endswith(".py") or not self._reaches(path, "django"):
                continue
            includes = [c for c in facts.calls if self._qualname(path, c) == _DJANGO_INCLUDE]
            declared: dict[int, tuple[Call, str]] = {}  # id(path call) -> (call, its route)
            for call in facts.calls:
                qualname = self._qualname(path, call)
                if qualname in _DJANGO_PATHS and call.args and call.args[0].kind in ("str", "expr"):
                    raw = self._template(path, call.scope, call.args[0]) or ""
                    route = raw if qualname == "django.urls.path" else django_regex(raw)
                    declared[id(call)] = (call, route)
            # `path("credit/", include(extra_patterns))`: the paths written in that list are
            # served under the including path, not at the root.
            lists = self._included_lists(path, includes)
            for call, own in declared.values():
                inside = [i for i in includes if call_within(i, call)]
                include = min(inside, key=span_key) if inside else None
                # A path written in another's `include([...])` is served under its route too,
                # and one in a list `include(name)` names under each path that includes it.
                for outer in self._django_outer(call, declared, includes, lists):
                    route = join(*outer, own)
                    if include is None:
                        view = call.args[1] if len(call.args) > 1 else None
                        if (
                            view is not None
                            and view.kind == "name"
                            and view.value.endswith(".urls")
                        ):
                            owner = view.value.removesuffix(".urls")
                            if self._serves_urls(path, call, owner, route):
                                continue  # a Django Ninja API: read by `NinjaRoutes`
                            # `admin.site.urls`: an included URLconf written without include().
                            what = f"the URLs of {owner}"
                            opaque.setdefault(path, []).append((call, route, what))
                        else:
                            patterns.setdefault(path, []).append((call, route))
                        continue
                    first = include.args[0] if include.args else None
                    if any(call_within(c, include) for c, _ in declared.values()):
                        continue  # include([path(...), ...]): those paths are read themselves
                    if id(include) in lists:
                        continue  # include(extra_patterns): read where the list is written
                    target = self._django_target(path, include)
                    router = self._rest_router(path, include)
                    if target is not None:
                        included.setdefault(target, []).append((path, route))
                    elif router is not None:
                        routers.setdefault(path, []).append((route, router))
                    else:
                        # A package's URLconf (`include("allauth.urls")`), or one seamcheck
                        # cannot find: it may serve anything under its prefix.
                        what = _included_what(first)
                        opaque.setdefault(path, []).append((call, route, what))
        for urls, entries in patterns.items():
            for prefix in self._django_prefixes(urls, included, 0):
                for call, route in entries:
                    handler = ""
                    if len(call.args) > 1 and call.args[1].kind == "name":
                        handler = self._function_node(urls, call.scope, call.args[1].value)
                    self._add(urls, ANY, join(prefix, route), "django", call, handler)
        for urls, unknown in opaque.items():
            service = self.service_of.get(urls, "")
            for prefix in self._django_prefixes(urls, included, 0):
                for call, route, what in unknown:
                    where = Where(urls, call.span.line, call.span.column)
                    head = join(prefix, route)
                    self.unread.append(
                        UnreadRoute(service, ANY, head, what, "django", where,
                                    partial=_django_partial(head))
                    )  # fmt: skip
        if self.rest_routers is not None:
            self._rest_routes(routers, included)
        self.django_included = included

    def _urlconfs(
        self, included: dict[str, list[tuple[str, str]]]
    ) -> Iterator[tuple[str, FileFacts]]:
        """Every file listed, then each URLconf they include that is not listed (a file of
        an `examples/` or `tests/` folder, as `seams.undeployed` hides them): included from
        deployed code by name (`include("samples.urls")`), it is deployed too. `included`
        grows as the files are read."""
        facts = self.resolution.facts
        seen = set(facts)
        yield from sorted(facts.items())
        while more := sorted(urls for urls in included if urls not in seen and urls in facts):
            seen.update(more)
            yield from ((urls, facts[urls]) for urls in more)

    def _serves_urls(self, path: str, call: Call, owner: str, route: str) -> bool:
        """Whether `path(route, owner.urls)` serves the URLs of an object another reader
        reads (a Django Ninja API, `NinjaRoutes`), which it then takes."""
        return False

    def _included_lists(self, path: str, includes: list[Call]) -> dict[int, tuple[int, int]]:
        """The lines of the module-level list of paths each `include(name)` (or
        `include((name, "app"))`) of this URLconf names, by the include call's id."""
        file = self.values.symbols.get(path)
        found: dict[int, tuple[int, int]] = {}
        for include in includes if file is not None else ():
            first = include.args[0] if include.args else None
            if first is not None and first.kind == "list" and first.items:
                first = first.items[0]
            if first is None or first.kind != "name" or file is None:
                continue
            bound = file.bindings.get((MODULE_SCOPE, first.value))
            if bound is not None and bound.kind == "list" and bound.end_line:
                found[id(include)] = (bound.line, bound.end_line)
        return found

    def _django_outer(
        self,
        call: Call,
        declared: dict[int, tuple[Call, str]],
        includes: list[Call],
        lists: dict[int, tuple[int, int]],
        depth: int = 0,
    ) -> list[list[str]]:
        """The routes a path call is served under, outermost first, once per way it is
        reached: those of the paths whose `include([...])` it is written in, or whose
        `include(name)` names the list it is written in (and theirs in turn); [[]] at the
        root."""
        outer = sorted((c for c, _ in declared.values() if call_within(call, c)), key=span_key)
        if outer or depth > MAX_MOUNT_DEPTH:
            return [[declared[id(c)][1] for c in outer]]
        chains: list[list[str]] = []
        for include in includes:
            first, last = lists.get(id(include), (0, 0))
            if not first <= call.span.line <= last:
                continue
            including = [c for c, _ in declared.values() if call_within(include, c)]
            if including:
                parent = max(including, key=span_key)
                route = declared[id(parent)][1]
                above = self._django_outer(parent, declared, includes, lists, depth + 1)
                chains.extend([*chain, route] for chain in above)
        return chains or [[]]

    def _rest_router(self, path: str, include: Call) -> str | None:
        """The Django REST framework router whose URLs `include(router.urls)` (or
        `include((router.urls, "app"))`) includes, if any."""
        first = include.args[0] if include.args else None
        if first is not None and first.kind == "list" and first.items:
            first = first.items[0]
        if first is None or first.kind != "name" or self.rest_routers is None:
            return None
        return self.rest_routers.router_of(path, include.scope, first.value)

    def _rest_routes(
        self, routers: dict[str, list[tuple[str, str]]], included: dict[str, list[tuple[str, str]]]
    ) -> None:
        """The routes of each DRF router under every prefix it is included at. A router
        whose URLs are never seen included (`urlpatterns += router.urls` leaves no fact) is
        taken to be served by the URLconf that creates it, as the DRF guide writes it; one
        created in a module that is no URLconf may be served anywhere."""
        assert self.rest_routers is not None
        seen = {router for entries in routers.values() for _, router in entries}
        for router in sorted(self.rest_routers.registered.keys() - seen):
            urls = self.rest_routers.defined_in.get(router, "")
            file = self.values.symbols.get(urls)
            if file is not None and (MODULE_SCOPE, "urlpatterns") in file.bindings:
                routers.setdefault(urls, []).append(("", router))
                continue
            path, call = self.rest_routers.registered[router][0]
            where = Where(path, call.span.line, call.span.column)
            what = "a router whose URLs are included where seamcheck cannot see"
            service = self.service_of.get(path, "")
            self.unread.append(UnreadRoute(service, ANY, "", what, "django-rest", where))
        for urls, entries in sorted(routers.items()):
            service = self.service_of.get(urls, "")
            for prefix in self._django_prefixes(urls, included, 0):
                for route, router in entries:
                    base = join(prefix, route)
                    served, unread = self.rest_routers.served(router)
                    self.routes.extend(
                        Route(service, r.method, normalise(join(base, r.path)), "django-rest",
                              r.where, r.handler)
                        for r in served
                    )  # fmt: skip
                    self.unread.extend(
                        UnreadRoute(service, u.method, join(base, u.head), u.what,
                                    "django-rest", u.where,
                                    partial=_django_partial(join(base, u.head)))
                        for u in unread
                    )  # fmt: skip

    def _django_target(self, path: str, include: Call) -> str | None:
        if not include.args:
            return None
        first = include.args[0]
        service = self.service_of.get(path, "")
        module_paths = self.values.names.python_module_path
        if first.kind == "str":
            return module_paths.get((service, first.value))
        if first.kind == "name":
            file = self.values.names.symbols.get(path)
            if file is None:
                return None
            ref = self.values.names.resolve_dotted(file, include.scope, first.value, 0)
            if ref.kind == "pymodule":
                return module_paths.get((ref.service, ref.name))
        return None

    def _django_prefixes(
        self, urls: str, included: dict[str, list[tuple[str, str]]], depth: int
    ) -> list[str]:
        if urls not in included or depth > MAX_MOUNT_DEPTH:
            return [""]
        return [
            join(outer, prefix)
            for includer, prefix in included[urls]
            for outer in self._django_prefixes(includer, included, depth + 1)
        ]


def _django_partial(head: str) -> bool:
    """Whether a Django prefix may go on within its last segment: Django matches `path("api",
    include(...))` as the text `api`, `/apiv2/x` too; a DRF format suffix (`jobs.`) too."""
    return not head.endswith("/")


def _included_what(first: Arg | None) -> str:
    """How an SC107 finding names a URLconf `include(first)` that seamcheck cannot read."""
    if first is not None and first.kind == "list" and first.items:
        first = first.items[0]  # include((patterns, "app_name"))
    if first is not None and first.kind == "str":
        return f"the URLconf '{first.value}'"
    if first is not None and first.kind == "name":
        return f"the URLconf {first.value}"
    return "an included URLconf"
