"""Ray Serve: the routes its HTTP proxy answers on its own, and the `route_prefix` each
application's ingress app is served under (`seams/rayserve.py` reads the config files)."""

from __future__ import annotations

from collections.abc import Iterator

from seamcheck.facts import Arg, Call, FileFacts, call_within
from seamcheck.seams.model import Route, Where
from seamcheck.seams.rayserve import module_file, serve_applications
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Server, UnreadMount

# Ray Serve's decorators and calls that make a deployment.
_RAY_SERVE_DEPLOYMENTS = frozenset({"ray.serve.deployment", "ray.serve.ingress", "ray.serve.run"})

# The root of Ray Serve's HTTP proxy, which ingress apps are served under (`_ray_ingress`).
_RAY_PROXY = "ray:proxy"

# A deployment class, by its file and qualname.
_ClassKey = tuple[str, str]


class RayRoutes(RouteCore):
    """Ray Serve's own routes and the route prefixes of its applications."""

    def _ray_serve(self) -> None:
        """Ray Serve's proxy answers `/-/routes` and `/-/healthz` for every application it
        runs: in a service whose code makes Serve deployments, calls may land there."""
        for path, facts in sorted(self.resolution.facts.items()):
            service = self.service_of.get(path, "")
            if not self._reaches(path, "ray") or any(r.service == service for r in self.builtin):
                continue
            made = [c for c in facts.calls if self._qualname(path, c) in _RAY_SERVE_DEPLOYMENTS]
            if not made:
                continue
            where = Where(path, made[0].span.line, made[0].span.column)
            self.builtin.extend(
                Route(service, method, route_path, "ray-serve", where)
                for route_path in ("/-/routes", "/-/healthz")
                for method in ("GET", "HEAD")
            )

    def _ray_ingress(self) -> None:
        """A Ray Serve application is served under its `route_prefix` (`/` when none is
        given): the routes of its ingress app (`@serve.ingress(api)`) move there. The prefix
        is given to `serve.run(...)`, to an older Ray's `@serve.deployment(...)` or
        `.options(...)`, or in a Serve config file's `applications:`. One seamcheck cannot
        read, or cannot tie to the deployment it moves (of a service with several), makes
        the ingress's routes unsure rather than served at its own root."""
        ingresses: dict[_ClassKey, tuple[str, str]] = {}  # class -> (service, app server)
        # (service, the class it moves or None when not known, the prefix or None, where)
        settings: list[tuple[str, _ClassKey | None, str | None, Where]] = []
        for path, facts in sorted(self.resolution.facts.items()):
            if path.endswith(".py") and self._reaches(path, "ray"):
                settings.extend(self._ray_file(path, facts, ingresses))
        if not ingresses:
            return
        settings.extend(self._ray_configs())
        per_service: dict[str, int] = {}
        for service, _ in ingresses.values():
            per_service[service] = per_service.get(service, 0) + 1
        for key, (service, child) in sorted(ingresses.items()):
            tied = [s for s in settings if s[1] == key]
            untied = [s for s in settings if s[1] is None and s[0] in (service, "")]
            if not tied and not untied:
                continue  # served at the proxy's root, as its routes say
            mounts = self.servers.setdefault(child, Server("")).mounts
            sure = per_service[service] == 1
            for _, _, prefix, where in tied + (untied if sure else []):
                if prefix is None or "{" in prefix:
                    what = "an app Ray Serve runs at a route_prefix not known before run time"
                    mounts.append((_RAY_PROXY, "", UnreadMount(where, what)))
                else:
                    mounts.append((_RAY_PROXY, prefix, None))
            if untied and not sure:
                what = "an app Ray Serve runs at a route_prefix given to one of several apps"
                mounts.append((_RAY_PROXY, "", UnreadMount(untied[0][3], what)))

    def _ray_file(
        self, path: str, facts: FileFacts, ingresses: dict[_ClassKey, tuple[str, str]]
    ) -> Iterator[tuple[str, _ClassKey | None, str | None, Where]]:
        """A file's ingress classes (into `ingresses`) and the route prefixes it gives."""
        service = self.service_of.get(path, "")
        for call in facts.calls:
            qualname = self._qualname(path, call)
            first = call.args[0] if call.args and call.args[0].keyword is None else None
            if qualname == "ray.serve.ingress" and call.decorates and first is not None:
                child = self._child(path, call.scope, first.value) if first.kind == "name" else None
                if child is not None:
                    ingresses[(path, call.decorates)] = (service, child)
            given = next((a for a in call.args if a.keyword == "route_prefix"), None)
            if given is None:
                continue
            where = Where(path, call.span.line, call.span.column)
            if qualname == "ray.serve.deployment" and call.decorates:
                yield service, (path, call.decorates), self._ray_prefix(path, call, given), where
            elif qualname == "ray.serve.run":
                key = self._ray_bound(path, facts, call, first)
                yield service, key, self._ray_prefix(path, call, given), where
            elif call.callee.endswith(".options") and not qualname:
                # `Model.options(route_prefix="/ml")` of a class of the repository.
                key = self._ray_class(path, call.scope, call.callee.rpartition(".")[0])
                if key is not None:
                    yield service, key, self._ray_prefix(path, call, given), where

    def _ray_prefix(self, path: str, call: Call, given: Arg) -> str | None:
        if given.kind == "str":
            return given.value
        return self._template(path, call.scope, given) if given.kind in ("name", "expr") else None

    def _ray_bound(
        self, path: str, facts: FileFacts, run: Call, first: Arg | None
    ) -> _ClassKey | None:
        """The deployment class `serve.run` runs: `serve.run(Model.bind())`, or a name bound
        to that (`app = Model.options(...).bind()`, in this file or imported)."""
        if first is not None and first.kind == "name":
            located = self.values.locate(path, run.scope, first.value)
            if located is None or located.binding.kind != "call":
                return None
            bound = located.binding.value
            if not bound.endswith(".bind"):
                return None
            return self._ray_class(located.path, located.binding.scope, bound.split(".", 1)[0])
        inner = sorted(
            (c for c in facts.calls if c.callee.endswith(".bind") and call_within(c, run)),
            key=lambda c: (c.span.line, c.span.column),
        )
        if inner:  # the outermost: `serve.run(Ingress.bind(Model.bind()))`
            return self._ray_class(path, run.scope, inner[0].callee.split(".", 1)[0])
        return None

    def _ray_class(self, path: str, scope: str, name: str) -> _ClassKey | None:
        ref = self._ref(path, scope, name)
        return (ref.path, ref.name) if ref is not None and ref.kind == "def" else None

    def _ray_configs(self) -> Iterator[tuple[str, _ClassKey | None, str | None, Where]]:
        """The route prefixes of Serve config files, each tied to the class its application's
        `import_path` binds when seamcheck can follow it, else to the services of the
        module it names or, when it names none, those of the config's folder."""
        python = sorted(p for p in self.resolution.facts if p.endswith(".py"))
        roots = sorted(self.project.services, key=lambda s: -len(s.root))
        for app in serve_applications(self.project):
            where = Where(app.config, app.line)
            file = module_file(app.import_path, python)
            if file is None:
                service = next(
                    (s.name for s in roots if s.root == "." or app.config.startswith(s.root + "/")),
                    "",
                )
                yield service, None, app.route_prefix, where
                continue
            attr = app.import_path.rpartition(":")[2] if ":" in app.import_path else ""
            attr = attr or app.import_path.rpartition(".")[2]
            located = self.values.locate(file, "<module>", attr.strip())
            key = None
            if located is not None and located.binding.kind == "call":
                bound = located.binding.value
                if bound.endswith(".bind"):
                    key = self._ray_class(located.path, located.binding.scope, bound.split(".")[0])
            yield self.service_of.get(file, ""), key, app.route_prefix, where
