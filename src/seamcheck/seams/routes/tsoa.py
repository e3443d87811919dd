"""tsoa: the methods of classes decorated `@Route('users')`, each `@Get('{userId}')`,
`@Post()`, ..., served by the routes tsoa generates, on the app or router given to
`RegisterRoutes(app)`, under the `routes.basePath` of the service's `tsoa.json`. Where the
generated routes file is in the repository, it is read as the Express routes it holds
instead."""

from __future__ import annotations

import json
from typing import Any

from seamcheck.facts import Call, FileFacts
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.manifests import read_text
from seamcheck.seams.model import Where
from seamcheck.seams.paths import join, normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.servers import Declared
from seamcheck.seams.values import Values
from seamcheck.surrogates import cleaned

_VERBS = {
    "Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
    "Head": "HEAD", "Options": "OPTIONS",
}  # fmt: skip
_REGISTER = "RegisterRoutes"


class TsoaRoutes(RouteCore):
    """tsoa's controllers, served where the service calls the generated `RegisterRoutes`."""

    def __init__(self, project: Project, resolution: Resolution, values: Values) -> None:
        super().__init__(project, resolution, values)
        self.tsoa_controllers: dict[tuple[str, str], Call] = {}
        self.tsoa_actions: list[tuple[str, Call, str]] = []  # (file, decorator, verb)

    def _tsoa_file(self, path: str, facts: FileFacts) -> None:
        if path.endswith(".py"):
            return
        for call in facts.calls:
            package, _, name = self._qualname(path, call).rpartition(".")
            if package != "tsoa" or not call.decorates:
                continue
            if name == "Route":
                self.tsoa_controllers[(path, call.decorates)] = call
            elif name in _VERBS:
                self.tsoa_actions.append((path, call, _VERBS[name]))

    def _tsoa(self) -> None:
        if not self.tsoa_actions:
            return  # no tsoa controller: its `RegisterRoutes` calls are not looked for
        registers, generated = self._tsoa_registers()
        configs: dict[str, tuple[str | None, str]] = {}
        for path, call, verb in self.tsoa_actions:
            controller = self.tsoa_controllers.get(
                (path, (call.decorates or "").rpartition(".")[0])
            )
            service = self.service_of.get(path, "")
            if controller is None or service in generated:
                continue
            owners = registers.get(service)
            if service not in configs:
                configs[service] = self._tsoa_config(service)
            base, middleware = configs[service]
            own = [self._tsoa_path(path, c) for c in (controller, call)]
            where = Where(path, call.span.line, call.span.column)
            handler = f"{path}::{call.decorates}"
            what, tail, head = "", "", ""
            if None in own:
                what, head = "a path known only at run time", join(base or "", own[0] or "")
            elif base is None or owners is None:
                tail = normalise(join(*(p or "" for p in own)))
                unread = "no tsoa.json basePath read" if base is None else "no RegisterRoutes seen"
                what = f"'{tail}' with {unread}"
            else:
                head = join(base, *(p or "" for p in own))
            # Express's router answers OPTIONS on every route; Koa's and hapi's need more.
            options = middleware == "express"
            for owner in owners or [f"tsoa:{service}"]:
                self.declared.append(
                    Declared(
                        owner, service, verb, head, "tsoa", where, handler, what, tail=tail,
                        options=options,
                    )
                )  # fmt: skip

    def _tsoa_registers(self) -> tuple[dict[str, list[str]], set[str]]:
        """The servers each service calls `RegisterRoutes` with (the id of a function's
        parameter, or of a call seamcheck cannot name, being a server of its own), and the
        services where that function is in the repository: the generated routes, read as
        the Express routes they are."""
        owners: dict[str, list[str]] = {}
        generated: set[str] = set()
        for path, facts in sorted(self.resolution.facts.items()):
            for call in facts.calls:
                if call.callee.rpartition(".")[2] != _REGISTER:
                    continue
                service = self.service_of.get(path, "")
                if self.called_function(path, call) is not None:
                    generated.add(service)
                first = call.args[0] if call.args else None
                owner = None
                if first is not None and first.kind == "name":
                    owner = self._owner(path, call.scope, first.value, "")
                owners.setdefault(service, []).append(owner or f"tsoa:{path}:{call.span.line}")
        return owners, generated

    def _tsoa_path(self, path: str, call: Call) -> str | None:
        first = call.args[0] if call.args else None
        if first is None:
            return ""
        return self._known_text(path, call.scope, first)

    def _tsoa_config(self, service: str) -> tuple[str | None, str]:
        """The service's `routes.basePath` (None when no one tsoa.json of it is read) and
        `routes.middleware`."""
        root = next((s.root for s in self.project.services if s.name == service), "")
        folder = "" if root == "." else root + "/"
        found = [
            f
            for f in self.project.other_files
            if f.startswith(folder) and f.rpartition("/")[2] == "tsoa.json"
        ]
        if len(found) != 1:
            return None, "express"
        text = read_text(self.project, found[0])
        try:
            config: Any = cleaned(json.loads(text), text)
        except (ValueError, RecursionError):  # malformed, or nested too deeply
            return None, "express"
        routes = config.get("routes") if isinstance(config, dict) else None
        routes = routes if isinstance(routes, dict) else {}
        base = routes.get("basePath", "")
        middleware = routes.get("middleware", "express")
        return (base if isinstance(base, str) else None), str(middleware)
