"""SvelteKit's own `fetch`: the one SvelteKit hands, with their event, a `load` function
(`+page.ts`, `+layout.server.js`, ...), a form action (`+page.server.ts`), an endpoint's
verb (`+server.ts`) and the `handle` hook (`src/hooks.server.ts`). SvelteKit's documentation
has code use it rather than the global one: `export async function load({ fetch }) {...}`,
`export async function GET(event) { await event.fetch(url) }`, `handle({ event })` calling
`event.fetch(url)`. It is the platform's fetch, taking the same arguments (and relative
URLs on the server too, which reach the app itself), so a call of it is a `fetch` call.

Read only there, as SvelteKit gives it: the event (the first parameter) named and `.fetch`
called on it, or `fetch` destructured from it in the parameter list. A name `fetch` that
any other function takes, or that a nested function's own parameter shadows, stays the
code's own.
"""

from __future__ import annotations

from collections.abc import Mapping

from seamcheck.facts import FileFacts
from seamcheck.project import Project
from seamcheck.resolve.model import ResolvedCall
from seamcheck.resolve.names import FileSymbols
from seamcheck.seams.routes.sveltekit import (
    ENDPOINT,
    HOOKS,
    KIT,
    LAYOUT,
    PAGE,
    endpoint_verbs,
    place_of,
)

# The first parameter when the function destructures it (`load({ fetch })`).
_DESTRUCTURED = "{0}"
_SCRIPT_SUFFIXES = (".js", ".ts", ".mjs", ".mts")


def may_fetch(callee: str) -> bool:
    """Whether a call written so may be of SvelteKit's `fetch` (`fetch(url)`,
    `event.fetch(url)`): one named otherwise is not, wherever it is (`KitFetch.fetches`)."""
    return callee.rpartition(".")[2] == "fetch"


class KitFetch:
    """Which calls of a project's SvelteKit apps are calls of SvelteKit's `fetch`."""

    def __init__(
        self, project: Project, symbols: Mapping[str, FileSymbols], service_of: Mapping[str, str]
    ) -> None:
        self._apps = {s.name: s for s in project.services if KIT in s.dependencies}
        self._symbols = symbols
        self._service_of = service_of
        # path -> (the functions given an event, whether it is the `handle` hook's)
        self._events: dict[str, tuple[frozenset[str], bool]] = {}

    def fetches(self, resolved: ResolvedCall) -> bool:
        """Whether `resolved`, a call the name binder could not place, is a call of the
        `fetch` SvelteKit gave the function it is made in (or one enclosing it)."""
        if not self._apps or resolved.kind != "unresolved":
            return False
        if not may_fetch(resolved.call.callee):
            return False
        head = resolved.call.callee.rpartition(".")[0]
        file = self._symbols.get(resolved.path)
        if file is None:
            return False
        events, hook = self._event_functions(resolved.path, file.facts)
        if not events:
            return False
        name, _, rest = head.partition(".")
        owner = _owner(file, resolved.call.scope, name or "fetch")
        if owner is None or owner[0] not in events:
            return False
        _, bound, first = owner
        if hook:  # handle({ event }) -> event.fetch(url); handle(input) -> input.event.fetch(url)
            return (bool(name) and not rest and bound == f"{_DESTRUCTURED}.event") or (
                rest == "event" and first
            )
        # load({ fetch }) -> fetch(url); GET(event) -> event.fetch(url)
        return (not name and bound == f"{_DESTRUCTURED}.fetch") or (
            bool(name) and not rest and first
        )

    def _event_functions(self, path: str, facts: FileFacts) -> tuple[frozenset[str], bool]:
        known = self._events.get(path)
        if known is None:
            known = self._events[path] = _event_functions(self._role(path), facts)
        return known

    def _role(self, path: str) -> str:
        """What the script is to SvelteKit (`sveltekit.place_of`): a page's or layout's, an
        endpoint, the server hooks; "" for any other file."""
        service = self._apps.get(self._service_of.get(path, ""))
        if service is None or not path.endswith(_SCRIPT_SUFFIXES):
            return ""
        found = place_of(service, path, (ENDPOINT, PAGE, LAYOUT))
        return found[0] if found is not None else ""


def _event_functions(role: str, facts: FileFacts) -> tuple[frozenset[str], bool]:
    """The functions of the file SvelteKit calls with an event, and whether they are the
    `handle` hook (whose argument holds the event): a loader's `load` and its form actions
    (`export const actions = { default: async (event) => ... }`), an endpoint's verbs and
    `fallback`, the server hooks' `handle`."""
    exports = {e.name: e.local for e in facts.exports}
    if role in (PAGE, LAYOUT):
        found = {exports["load"]} if "load" in exports else set()
        actions = exports.get("actions")
        if actions:
            found.update(
                d.qualname
                for d in facts.definitions
                if d.qualname.startswith(f"{actions}.") and d.qualname.count(".") == 1
            )
        return frozenset(found), False
    if role == ENDPOINT:
        return frozenset(local for _, local in endpoint_verbs(facts)), False
    if role == HOOKS and "handle" in exports:
        return frozenset({exports["handle"]}), True
    return frozenset(), False


def _owner(file: FileSymbols, scope: str, name: str) -> tuple[str, str, bool] | None:
    """The innermost function of `scope`'s chain that binds or takes `name`, with what its
    parameter list binds the name to (`{0}.fetch`: destructured from the first parameter)
    and whether the name is the first parameter itself; None when it is bound otherwise,
    or nowhere."""
    for candidate in file.scope_chain(scope):
        bound = file.bindings.get((candidate, name))
        if bound is not None:
            if bound.kind == "name" and bound.value.startswith(f"{_DESTRUCTURED}."):
                return candidate, bound.value, False
            return None
        definition = file.definitions.get(candidate)
        if definition is not None and name in definition.params:
            return (candidate, "", True) if definition.params[0] == name else None
    return None
