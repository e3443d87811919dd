"""BentoML: its APIs (`@bentoml.api` methods, 1.0's `@svc.api`), the ASGI apps it mounts, and
the health and metrics routes its server answers on its own."""

from __future__ import annotations

from seamcheck.facts import Call, enclosing_scope
from seamcheck.seams.model import Route, Where
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Server, UnreadMount

# The root of a BentoML server, which ASGI apps are mounted under (`_bentoml_asgi`).
_BENTOML = "bentoml:server"


class BentoRoutes(RouteCore):
    """BentoML's APIs, mounted ASGI apps and built-in routes."""

    def _bentoml(self) -> None:
        """BentoML's APIs: a method decorated `@bentoml.api` (of a `@bentoml.service` class)
        or a function decorated `@svc.api(...)` (BentoML 1.0's `bentoml.Service`) is served
        at POST `/` + its name, or the `route=` it is given; and the health and metrics
        endpoints its server answers on its own (`/readyz`, `/livez`, `/healthz`,
        `/metrics`)."""
        for path, facts in sorted(self.resolution.facts.items()):
            if not path.endswith(".py") or not self._reaches(path, "bentoml"):
                continue
            service = self.service_of.get(path, "")
            for call in facts.calls:
                if self._qualname(path, call) == "bentoml.mount_asgi_app":
                    self._bentoml_asgi(path, call)
            apis = [c for c in facts.calls if c.decorates and self._bentoml_api(path, c)]
            for call in apis:
                given = next((a for a in call.args if a.keyword == "route"), None)
                name = "/" + call.decorates.rsplit(".", 1)[-1] if call.decorates else ""
                route = given.value if given is not None and given.kind == "str" else name
                if given is not None and given.kind != "str":
                    continue  # a route known only at run time: not declared
                self._add(path, "POST", route, "bentoml", call, f"{path}::{call.decorates}")
            bare = [
                d
                for d in facts.definitions
                if any(self._bentoml_bare(path, d.qualname, name) for name in d.decorators)
                and not any(c.decorates == d.qualname for c in apis)
            ]
            for definition in bare:
                route = "/" + definition.qualname.rsplit(".", 1)[-1]
                where = Where(path, definition.span.line, definition.span.column)
                handler = f"{path}::{definition.qualname}"
                self.routes.append(Route(service, "POST", route, "bentoml", where, handler))
            if (apis or bare) and not any(r.service == service for r in self.builtin):
                where = Where(path, 1)
                self.builtin.extend(
                    Route(service, method, route_path, "bentoml", where)
                    for route_path in ("/readyz", "/livez", "/healthz", "/metrics")
                    for method in ("GET", "HEAD")
                )

    def _bentoml_asgi(self, path: str, call: Call) -> None:
        """`@bentoml.mount_asgi_app(app, path="/v1")`: the app's routes are served under
        the path (`/` when none is given), and only there."""
        first = call.args[0] if call.args and call.args[0].keyword is None else None
        child = (
            self._child(path, call.scope, first.value) if first and first.kind == "name" else None
        )
        if child is None:
            return
        given = next((a for a in call.args if a.keyword == "path"), None)
        prefix = self._template(path, call.scope, given) if given is not None else "/"
        mounts = self.servers.setdefault(child, Server("")).mounts
        where = Where(path, call.span.line, call.span.column)
        if prefix is None or "{" in prefix:
            mounts.append((_BENTOML, "", UnreadMount(where, "an app BentoML mounts")))
        else:
            mounts.append((_BENTOML, prefix, None))

    def _bentoml_api(self, path: str, call: Call) -> bool:
        """Whether a decorator call is `@bentoml.api(...)` or BentoML 1.0's `@svc.api(...)`."""
        qualname = self._qualname(path, call)
        return qualname == "bentoml.api" or (
            qualname.startswith("bentoml.") and qualname.endswith("Service().api")
        )

    def _bentoml_bare(self, path: str, qualname: str, decorator: str) -> bool:
        """Whether a decorator written without a call is `@bentoml.api`."""
        ref = self._ref(path, enclosing_scope(qualname), decorator)
        return ref is not None and ref.kind == "external" and ref.name == "bentoml.api"
