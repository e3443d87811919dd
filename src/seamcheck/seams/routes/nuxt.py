"""Nuxt's server routes (Nitro's file routing). A file under the app's `server/api/` serves
`/api/` and the path its folders and name spell; one under `server/routes/`, that path from
the root. `index` is its folder's path, `[id]` a parameter, `[...slug]` (or `[...]`) any
segments, a segment mixing text with a parameter any value, `(group)` folders no segment; a
method suffix (`users.get.ts`, `users.post.ts`) restricts the verb, none answers any. The
server folder is where `nuxt.config` puts it (`serverDir`, `srcDir`: `nuxtconfig.py`).

A page (`pages/**/*.vue`) answers GET at its path: where calls may land, though not listed
as routes. A file under `server/middleware/` runs before every route and may answer any path
itself, and so may what forwards paths elsewhere by rules seamcheck does not read (a
`routeRules` proxy to a target not known, `nitro.devProxy`, a proxy module, a layer): a call
that no route serves is unsure there, and a near miss of one is still broken."""

from __future__ import annotations

from pathlib import PurePosixPath

from seamcheck.facts import MODULE_SCOPE, FileFacts
from seamcheck.project import Service
from seamcheck.seams.frameworks import HTTP_METHODS, NUXT
from seamcheck.seams.model import ANY, Route, UnreadRoute, Where
from seamcheck.seams.nuxtconfig import NuxtConfig, nuxt_config
from seamcheck.seams.paths import normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.fileroutes import is_group, route_segment

FRAMEWORK = "nuxt"
# What a route file's default export is made with (h3's, and Nitro's cached one).
_HANDLER_MAKERS = frozenset(
    {"defineEventHandler", "eventHandler", "defineCachedEventHandler", "cachedEventHandler",
     "defineWebSocketHandler", "fromNodeMiddleware", "defineLazyEventHandler"}
)  # fmt: skip
_ROUTE_SUFFIXES = (".ts", ".js", ".mjs", ".mts", ".cjs", ".cts")
_METHODS = (*HTTP_METHODS, "connect", "trace")


class NuxtRoutes(RouteCore):
    """Nuxt's server routes and pages."""

    def _nuxt(self) -> None:
        services = {s.name: s for s in self.project.services if NUXT in s.dependencies}
        configs: dict[str, NuxtConfig] = {}
        for service in services.values():
            configs[service.name] = config = nuxt_config(self.project, service, self.values)
            for unread in config.unread:
                self.unread.append(
                    UnreadRoute(service.name, ANY, unread.head, unread.what, FRAMEWORK,
                                unread.where, partial=False)
                )  # fmt: skip
        for path, facts in sorted(self.resolution.facts.items()):
            app = services.get(self.service_of.get(path, ""))
            if app is not None:
                self._nuxt_file(app, configs[app.name], path, facts)

    def _nuxt_file(self, service: Service, config: NuxtConfig, path: str, facts: FileFacts) -> None:
        pure = PurePosixPath(path)
        for folder in config.server_dirs:
            place = _under(pure, folder)
            if place is None or not place or pure.suffix not in _ROUTE_SUFFIXES:
                continue
            where = Where(path, 1)
            if place[0] == "middleware":
                what = "Nuxt server middleware"
                self.unread.append(UnreadRoute(service.name, ANY, "", what, FRAMEWORK, where))
            elif place[0] in ("api", "routes") and len(place) > 1:
                self._server_route(service, place, path, facts)
            return
        if pure.suffix != ".vue":
            return
        for folder in config.page_dirs:
            place = _under(pure, folder)
            if place:
                route_path = _path([*place[:-1], _stem(place[-1])])
                self.builtin.append(
                    Route(service.name, "GET", normalise(route_path), FRAMEWORK, Where(path, 1))
                )
                return

    def _server_route(
        self, service: Service, place: list[str], path: str, facts: FileFacts
    ) -> None:
        """`server/api/items/[id].get.ts` -> GET /api/items/{id}."""
        name, method = _method_of(_stem(place[-1]))
        folders = ["api"] if place[0] == "api" else []
        route_path = _path([*folders, *place[1:-1], name])
        handler = next(
            (c for c in facts.calls if c.callee in _HANDLER_MAKERS and c.scope == MODULE_SCOPE),
            None,
        )
        line = handler.span.line if handler is not None else 1
        made = handler.args[0] if handler is not None and handler.args else None
        local = made.value if made is not None and made.kind == "func" else ""
        defined = any(d.qualname == local for d in facts.definitions)
        self.routes.append(
            Route(service.name, method, normalise(route_path), FRAMEWORK, Where(path, line),
                  f"{path}::{local}" if local and defined else "")
        )  # fmt: skip


def _under(path: PurePosixPath, folder: str) -> list[str] | None:
    """The parts of `path` below `folder`, None when it is not below it."""
    try:
        return list(path.relative_to(folder).parts) if folder != "." else list(path.parts)
    except ValueError:
        return None


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _method_of(stem: str) -> tuple[str, str]:
    """`users.get` -> ('users', 'GET'); `users` -> ('users', ANY)."""
    name, _, suffix = stem.rpartition(".")
    if name and suffix.lower() in _METHODS:
        return name, suffix.upper()
    return stem, ANY


def _path(parts: list[str]) -> str:
    segments = [route_segment(p) for p in parts if not is_group(p)]
    if segments and segments[-1] == "index":
        segments.pop()
    return "/" + "/".join(s for s in segments if s)
