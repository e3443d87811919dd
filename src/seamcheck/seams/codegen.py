"""Clients an OpenAPI generator writes into the repository: openapi-typescript-codegen's
services, and @hey-api/openapi-ts's legacy ones (`legacy/fetch`, `legacy/axios`), whose
methods call the generated core's `request` with the shared configuration object and the
operation: `__request(OpenAPI, { method: 'POST', url: '/predict', body })` (Angular's
`__request(OpenAPI, this.http, {...})`). The base URL is the configuration's `BASE`,
`core/OpenAPI.ts`'s `BASE: ''` unless the app sets it (`OpenAPI.BASE =
import.meta.env.VITE_API_URL`).

The generated method is the call site: it is where the method and path are written, and a
route it requests that the service no longer serves means the client is out of date. The
core's own request (its `fetch` or axios call, made with whatever URL it is given) is no
call of its own once the calls into it are read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from seamcheck.facts import Arg, Binding
from seamcheck.project import is_test_file
from seamcheck.resolve.model import Resolution, ResolvedCall
from seamcheck.seams.values import MERGES, Located, Part, Template, Values

GENERATED = "openapi-typescript-codegen"
_CORE_REQUEST = ("/core/request.ts", "/core/request.js")
_BASE = "BASE"
# The node id of a module's function `request` ends so: a call of a function whose id does
# not is no call of a generated core's `request` (`GeneratedClients.config`).
REQUEST_FUNCTION = "::request"


class GeneratedClients:
    """The calls generated services make through their core's `request`."""

    def __init__(self, resolution: Resolution, values: Values) -> None:
        self.resolution = resolution
        self.values = values
        self._bases: dict[tuple[str, str, str], Template] = {}
        # service -> (file, binding) of every `X.BASE = ...` outside test code
        self._assigned: dict[str, list[tuple[str, Binding]]] = {}
        self.cores: set[str] = set()  # the core `request` modules calls were read into

    def config(self, resolved: ResolvedCall) -> Located | None:
        """The configuration object (`OpenAPI`) when `resolved` calls a generated core's
        `request` with it and an operation: None for any other call."""
        if resolved.kind != "function" or not resolved.target.endswith(REQUEST_FUNCTION):
            return None  # most calls, screened before the target is split
        core, _, function = resolved.target.partition("::")
        if function != "request" or not core.endswith(_CORE_REQUEST):
            return None
        positional = [a for a in resolved.call.args if a.keyword is None]
        if len(positional) < 2 or positional[0].kind != "name" or operation(positional) is None:
            return None
        located = self.values.locate(resolved.path, resolved.call.scope, positional[0].value)
        made = self.values.object_of(located) if located is not None else None
        if made is None or not any(item.keyword == _BASE for item in made[1]):
            return None
        self.cores.add(core)
        return made[0]

    def base(self, config: Located) -> Template:
        """The configuration's `BASE`: what the service's code sets it to (`OpenAPI.BASE =
        ...`), every such place agreeing, else the generated default; unknown when places
        disagree, or a call copies entries into the object (`Object.assign(OpenAPI, ...)`)."""
        key = (config.path, config.binding.scope, config.binding.target)
        found = self._bases.get(key)
        if found is None:
            found = self._bases[key] = tuple(replace(p, slot=None) for p in self._base(config))
        return found

    def _base(self, config: Located) -> Template:
        target = f"{config.binding.target}.{_BASE}"
        merged = next(self._merged_into(config), None)
        if merged is not None:
            return (Part(_BASE, True, f"{merged} copies entries into '{target}'"),)
        assignments = list(self._assignments(config))
        if not assignments:
            return self.values.of_name(config.path, config.binding.scope, target, 0)
        values: dict[Template, list[str]] = {}
        for path, binding in assignments:
            template = self.values.of_assignment(Located(path, binding))
            if any(p.param for p in template):
                return template
            values.setdefault(template, []).append(f"{path}:{binding.line}")
        if len(values) == 1:
            return next(iter(values))
        places = ", ".join(w for where in values.values() for w in where)
        return (Part(_BASE, True, f"'{target}' is set to different values ({places})"),)

    def _assignments(self, config: Located) -> Iterator[tuple[str, Binding]]:
        """The service's assignments of the configuration's `BASE` (test code aside)."""
        for path, binding in self._base_assignments(self.values.service_of.get(config.path, "")):
            owner = binding.target.rpartition(".")[0]
            if self._is(config, self.values.locate(path, binding.scope, owner)):
                yield path, binding

    def _base_assignments(self, service: str) -> list[tuple[str, Binding]]:
        found = self._assigned.get(service)
        if found is None:
            found = self._assigned[service] = [
                (path, binding)
                for path, file in self.values.symbols.items()
                if self.values.service_of.get(path, "") == service and not is_test_file(path)
                for binding in file.facts.bindings
                if binding.target.endswith(f".{_BASE}")
            ]
        return found

    def _merged_into(self, config: Located) -> Iterator[str]:
        """Where the service's code copies entries into the configuration object."""
        service = self.values.service_of.get(config.path, "")
        for path, file in self.values.symbols.items():
            if self.values.service_of.get(path, "") != service or is_test_file(path):
                continue
            for call in file.facts.calls:
                first = call.args[0] if call.args else None
                if call.callee not in MERGES or first is None or first.kind != "name":
                    continue
                if self._is(config, self.values.locate(path, call.scope, first.value)):
                    yield f"{call.callee} ({path}:{call.span.line})"

    def _is(self, config: Located, located: Located | None) -> bool:
        made = self.values.object_of(located) if located is not None else None
        return made is not None and made[0] == config


def operation(positional: list[Arg]) -> Arg | None:
    """The operation a generated service hands its core's `request` after the configuration
    (and, for Angular, its `HttpClient`): the object literal holding the `url`."""
    return next(
        (
            arg
            for arg in positional[1:]
            if arg.kind == "object" and any(item.keyword == "url" for item in arg.items)
        ),
        None,
    )
