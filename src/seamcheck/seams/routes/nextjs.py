"""Routes a file's place declares, Next.js's `pages/api` and `app/**/route.ts` under the app's
`basePath` (and the files of its `public/` folder, `publicfiles.py`), and Node's plain
`http.createServer(handler)`, which may answer any path."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from seamcheck.facts import Call
from seamcheck.project import Project, Service
from seamcheck.resolve.model import Resolution
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.model import ANY, Route, UnreadRoute, Where
from seamcheck.seams.nextconfig import next_base_path
from seamcheck.seams.paths import join, normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.values import Values


class NextRoutes(RouteCore):
    """Next.js file routes and Node's plain http servers."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self._next_bases: dict[str, str | None] = {}  # Next.js app -> its basePath

    def _next_route(self, service: Service, route: Route) -> None:
        """A route of a Next.js app, under its `basePath`; unsure under one that is not
        known before run time."""
        base = self._next_base(service)
        if base is not None:
            self.routes.append(replace(route, path=normalise(join(base, route.path))))
            return
        what = f"the route {route.path} of a Next.js app whose basePath is not known"
        self.unread.append(
            UnreadRoute(service.name, route.method, "", what, "nextjs", route.where,
                        partial=True, tail=route.path)
        )  # fmt: skip

    def _next_files(self) -> None:
        services = {s.name: s for s in self.project.services}
        for path, facts in sorted(self.resolution.facts.items()):
            service = services.get(self.service_of.get(path, ""))
            if service is None:
                continue
            parts = self._next_parts(service, path) if "next" in service.dependencies else []
            if len(parts) > 2 and parts[:2] == ["pages", "api"]:
                segments = [*parts[1:-1], PurePosixPath(parts[-1]).stem]
                if segments[-1] == "index":
                    segments = segments[:-1]
                route = "/" + "/".join(segments)
                where = Where(path, 1)
                self._next_route(
                    service,
                    Route(service.name, ANY, normalise(route), "nextjs", where, f"{path}::default"),
                )
            elif parts and parts[0] == "app" and PurePosixPath(parts[-1]).stem == "route":
                segments = [p for p in parts[1:-1] if not (p.startswith("(") and p.endswith(")"))]
                route = normalise("/" + "/".join(segments))
                for export in facts.exports:
                    if export.name.lower() in HTTP_METHODS:
                        definition = next(
                            (d for d in facts.definitions if d.qualname == export.local), None
                        )
                        where = Where(path, definition.span.line if definition else 1)
                        self._next_route(
                            service,
                            Route(
                                service.name,
                                export.name.upper(),
                                route,
                                "nextjs",
                                where,
                                f"{path}::{export.local}",
                            ),
                        )
            if not self._reaches(path, "http", "https", "http2"):
                continue
            for call in facts.calls:
                if self._qualname(path, call) in (
                    "http.createServer",
                    "https.createServer",
                    "http2.createServer",
                ):
                    first = call.args[0] if call.args else None
                    if (
                        first is not None
                        and first.kind == "name"
                        and self._owner_exists(path, call, first.value)
                    ):
                        continue  # http.createServer(app): the framework's routes serve
                    handler = (
                        f"{path}::{first.value}"
                        if first is not None and first.kind == "func"
                        else ""
                    )
                    self._add(path, ANY, "/*", "http", call, handler)
        for service in self.project.services:
            if "next" in service.dependencies:
                self._public_files(service, "public", self._next_base(service), "nextjs")

    @staticmethod
    def _next_parts(service: Service, path: str) -> list[str]:
        """The parts of a file's path below its service's root, a leading `src` left out:
        worked out only in a service depending on Next.js (a `PurePosixPath` for each file of
        every service cost gen-10000 0.05 s)."""
        relative = (
            PurePosixPath(path).relative_to(service.root)
            if service.root != "."
            else PurePosixPath(path)
        )
        parts = list(relative.parts)
        return parts[1:] if parts and parts[0] == "src" else parts

    def _next_base(self, service: Service) -> str | None:
        if service.name not in self._next_bases:
            self._next_bases[service.name] = next_base_path(service, self.values)
        return self._next_bases[service.name]

    def _owner_exists(self, path: str, call: Call, name: str) -> bool:
        located = self.values.locate(path, call.scope, name)
        return located is not None and located.binding.kind in ("call", "new")
