"""SvelteKit endpoints. A `+server.js` (`.ts`) file under an app's `src/routes` serves, at the
path its folders spell, the HTTP verbs it exports (`export async function GET`, `export const
POST = ...`), and any verb with `fallback`; HEAD wherever it exports GET. Folders in
parentheses are groups (no segment), `[id]` and `[id=matcher]` a parameter, `[...rest]` any
segments, `[[lang]]` an optional one, and a segment mixing text with a parameter (`[a]-[b]`)
any value. An app served under `kit.paths.base` serves them under it, and unsure under a base
not known before run time.

A page (`+page.svelte`, `+page.ts`, `+page.server.ts`) answers GET at its path, and POST
where its server file exports form `actions`: where calls may land, though not listed as
routes. A `handle` hook (`src/hooks.server.ts`) may answer any path itself (a proxy to a
backend, often), so a call that no endpoint or page serves is unsure there, and a near miss
of one is still broken. The files of its `static/` folder are served as they are
(`publicfiles.py`)."""

from __future__ import annotations

from pathlib import PurePosixPath

from seamcheck.facts import MODULE_SCOPE, Arg, FileFacts
from seamcheck.project import Service
from seamcheck.seams.appconfig import app_config, written_strings
from seamcheck.seams.frameworks import HTTP_METHODS
from seamcheck.seams.model import ANY, Route, UnreadRoute, Where
from seamcheck.seams.paths import normalise
from seamcheck.seams.routes.core import RouteCore
from seamcheck.seams.routes.fileroutes import OPTIONAL, is_group, route_segment

KIT = "@sveltejs/kit"
# What a file is to SvelteKit (`place`): an endpoint, a page, a layout, the server hooks.
ENDPOINT = "+server"
PAGE = "+page"
LAYOUT = "+layout"
HOOKS = "hooks.server"
_CONFIG_FILES = ("svelte.config.js", "svelte.config.mjs", "svelte.config.ts", "svelte.config.cjs")
_MAX_OPTIONAL = 3  # 2**3 paths: more is left at the longest

# (method, path, where, handler's local name, whether it is a page)
_KitRoute = tuple[str, str, Where, str, bool]


class SvelteKitRoutes(RouteCore):
    """SvelteKit's `+server` endpoints, pages and `handle` hooks."""

    def _sveltekit(self) -> None:
        services = {s.name: s for s in self.project.services if KIT in s.dependencies}
        bases: dict[str, str | None] = {}
        for path, facts in sorted(self.resolution.facts.items()):
            service = services.get(self.service_of.get(path, ""))
            if service is None:
                continue
            place = place_of(service, path)
            if place is None:
                continue
            kind, segments = place
            if kind == HOOKS:
                if any(e.name == "handle" for e in facts.exports):
                    what = "SvelteKit's handle hook"
                    where = Where(path, 1)
                    self.unread.append(UnreadRoute(service.name, ANY, "", what, "sveltekit", where))
                continue
            if service.name not in bases:
                bases[service.name] = self._kit_base(service)
            for method, local in endpoint_verbs(facts) if kind == ENDPOINT else _page_verbs(facts):
                definition = next((d for d in facts.definitions if d.qualname == local), None)
                where = Where(path, definition.span.line if definition else 1)
                for route_path in _paths(segments):
                    route: _KitRoute = (method, route_path, where, local, kind == PAGE)
                    self._kit_route(service, bases[service.name], route)
        for name, service in sorted(services.items()):
            base = bases[name] if name in bases else self._kit_base(service)
            self._public_files(service, "static", base, "sveltekit")

    def _kit_route(self, service: Service, base: str | None, declared: _KitRoute) -> None:
        method, path, where, local, page = declared
        if base is None:
            what = f"the path {path} of a SvelteKit app whose paths.base is not known"
            self.unread.append(
                UnreadRoute(service.name, method, "", what, "sveltekit", where,
                            partial=True, tail=path)
            )  # fmt: skip
            return
        handler = f"{where.path}::{local}" if local else ""
        route = Route(service.name, method, normalise(base + path), "sveltekit", where, handler)
        (self.builtin if page else self.routes).append(route)

    def _kit_base(self, service: Service) -> str | None:
        """The app's `kit.paths.base`: "" when it sets none, None when not known."""
        path = app_config(service, self.values, _CONFIG_FILES)
        if path is None:
            return ""
        facts = self.values.symbols[path].facts
        written = [
            base
            for binding in facts.bindings
            if binding.scope == MODULE_SCOPE
            for base in _bases(binding.items)
        ]
        written += [base for call in facts.calls for base in _bases(call.args)]
        found = written_strings(self.values, path, written)
        bases = {base.rstrip("/") for base in found} if found is not None else set()
        if found is None or len(bases) > 1:
            return None  # not known, or which of several is not known before run time
        return bases.pop() if bases else ""


def _bases(items: tuple[Arg, ...]) -> list[Arg]:
    """The `base` entries of a `paths` entry of a `kit` entry, at any depth of the items."""
    found: list[Arg] = []
    for item in items:
        if item.keyword == "kit":
            paths = [i for i in item.items if i.keyword == "paths"]
            found.extend(b for p in paths for b in p.items if b.keyword == "base")
        else:
            found.extend(_bases(item.items))
    return found


def place_of(
    service: Service, path: str, kinds: tuple[str, ...] = (ENDPOINT, PAGE)
) -> tuple[str, list[str]] | None:
    """What a file of `service` is to SvelteKit, of `kinds` under `src/routes` and the
    server hooks, and its route folders: an endpoint (`src/routes/api/[id]/+server.ts` ->
    ['api', '[id]']), a page (`+page.svelte`, `+page.server.ts`; `+page@.svelte`,
    `+page@(app).svelte` breaking out of their layouts), a layout, the server hooks
    (`src/hooks.server.ts`); None for any other."""
    pure = PurePosixPath(path)
    relative = pure.relative_to(service.root) if service.root != "." else pure
    parts = list(relative.parts)
    # `+page@(app).svelte` is a `+page` that resets its layouts.
    route_file = pure.name.split(".", 1)[0].partition("@")[0]
    stem = route_file if pure.name.startswith("+") else pure.stem
    if parts == ["src", pure.name] and stem == HOOKS:
        return HOOKS, []
    if parts[:2] != ["src", "routes"] or stem not in kinds:
        return None
    return stem, parts[2:-1]


def _page_verbs(facts: FileFacts) -> list[tuple[str, str]]:
    """A page answers GET; its server file's form `actions`, POST."""
    verbs = [("GET", "")]
    if any(e.name == "actions" for e in facts.exports):
        verbs.append(("POST", "actions"))
    return verbs


def endpoint_verbs(facts: FileFacts) -> list[tuple[str, str]]:
    """(method, local name) of each verb the endpoint exports; `fallback` answers any."""
    found = []
    for export in facts.exports:
        if export.name.isupper() and export.name.lower() in HTTP_METHODS:
            found.append((export.name, export.local))
        elif export.name == "fallback":
            found.append((ANY, export.local))
    return sorted(found)


def _paths(segments: list[str]) -> list[str]:
    """The paths an endpoint's folders serve: each optional parameter there and not."""
    paths = [""]
    optional = 0
    for segment in segments:
        if is_group(segment):
            continue
        if (found := OPTIONAL.match(segment)) and optional < _MAX_OPTIONAL:
            optional += 1
            paths = [p for path in paths for p in (path, f"{path}/[{found.group(1)}]")]
            continue
        paths = [f"{path}/{route_segment(segment)}" for path in paths]
    return [path or "/" for path in paths]
