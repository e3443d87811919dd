"""Values a Starlette or FastAPI service keeps on its application's state: a client made at
startup (`app.state.client = httpx.AsyncClient(...)`, in a lifespan or an `on_event`
handler) and read in the handlers (`request.app.state.client`), or handed on by a lifespan
as its state (`yield {"client": client}`), which Starlette copies into each request's state
(`request.state.client`).

A name read so holds what the service stores under it when it stores it in exactly one
place; stored in several, or in none seamcheck sees, it is not known, with the reason. Test
code (`project.is_test_file`) stores stubs and has no say for the code under test."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from seamcheck.facts import YIELDED, Binding, FileFacts
from seamcheck.project import is_test_file
from seamcheck.records import dataclass

APP = "app"  # `app.state`, `request.app.state`
REQUEST = "request"  # `request.state`: a lifespan's state, and what middleware sets
_FRAMEWORK = r"(?:fastapi|starlette)(?:\.\w+)*"
_CONNECTION = r"(?:Request|WebSocket|HTTPConnection)\(\)"
_STATES = (
    (re.compile(rf"{_FRAMEWORK}\.(?:FastAPI|Starlette)\(\)\.state"), APP),
    (re.compile(rf"{_FRAMEWORK}\.{_CONNECTION}\.app\.state"), APP),
    (re.compile(rf"{_FRAMEWORK}\.{_CONNECTION}\.state"), REQUEST),
)
_STATE = ".state."
_ANY = "*"  # a state value stored under a name not known here
_STATE_END = ".state"
# The kinds of a dict entry's value a binding shares.
_ENTRY_KINDS = {"str": "str", "num": "str", "name": "name", "expr": "expr", "object": "object"}


def state_kind(external: str) -> str | None:
    """APP or REQUEST for the qualified name of a Starlette state object
    (`fastapi.Request().app.state`, `starlette.applications.Starlette().state`); None for
    any other name."""
    if not external.endswith(_STATE_END):  # most names: asked at each attribute resolved
        return None
    return next((kind for pattern, kind in _STATES if pattern.fullmatch(external)), None)


@dataclass(frozen=True, slots=True)
class Stored:
    """Where a service stores a state value: the file and the binding of the value (its
    target `OWNER.state.NAME`, or a lifespan's dict entry bound as NAME)."""

    path: str
    binding: Binding


# Which states `OWNER.state.NAME = value` may set (APP, REQUEST, both for an owner not known
# here, none for an object that is no Starlette application or request), looked up from the
# binding's file and scope.
OwnerKind = Callable[[str, str, str], tuple[str, ...]]


class AppStates:
    """The state values each service stores, by kind and name, read on first use."""

    # The owner lookup is the resolver's method, given with each question rather than kept:
    # kept, it would tie the resolver and this index in a reference cycle, and runs switch
    # cycle collection off, so neither would be freed when the resolution lets them go
    # (+16% peak RSS on 1k-20k file trees).
    def __init__(self, files: Mapping[str, FileFacts], services: Mapping[str, str]) -> None:
        self._files = files  # path -> its facts
        self._services = services  # path -> service
        self._stored: dict[str, dict[tuple[str, str], list[Stored]]] | None = None

    def stored(self, path: str, kind: str, name: str, owner_kind: OwnerKind) -> list[Stored]:
        """Where the service of `path` stores the state value `name` of `kind`, in source
        order; outside test code unless `path` is test code."""
        if self._stored is None:
            self._stored = {}  # a state read while indexing (an owner `app.state.x`) sees none
            self._stored = self._index(owner_kind)
        stored = self._stored.get(self._services.get(path, ""), {})
        found = [*stored.get((kind, name), ()), *stored.get((kind, _ANY), ())]
        found.sort(key=lambda s: (s.path, s.binding.line))
        if not is_test_file(path):
            found = [s for s in found if not is_test_file(s.path)]
        return found

    def _index(self, owner_kind: OwnerKind) -> dict[str, dict[tuple[str, str], list[Stored]]]:
        index: dict[str, dict[tuple[str, str], list[Stored]]] = {}
        for path, file in sorted(self._files.items()):
            if file.language != "python":
                continue
            service = index.setdefault(self._services.get(path, ""), {})
            # A lifespan is an async generator, `@asynccontextmanager` or given as it is.
            lifespans = {d.qualname for d in file.definitions if d.is_async and d.is_generator}
            for binding in file.bindings:
                if binding.target == YIELDED and binding.kind == "object":
                    if binding.scope in lifespans:
                        for entry in _entries(binding):
                            service.setdefault((REQUEST, entry.target), []).append(
                                Stored(path, entry)
                            )
                    continue
                owner, state, name = binding.target.rpartition(_STATE)
                if not state or "." in name or not owner:
                    continue
                for kind in owner_kind(path, binding.scope, owner):
                    service.setdefault((kind, name), []).append(Stored(path, binding))
        return index


def named(stored: list[Stored]) -> list[Stored]:
    """The places that store the value under its own name, not as entries seamcheck does
    not read: what the value may be (which of them it is, `stored_once` says)."""
    return [s for s in stored if s.binding.target != _ANY]


def stored_once(stored: list[Stored], kind: str, name: str) -> Stored | str:
    """The one place a state value is stored, or why what it holds is not known."""
    written = f"'{'request' if kind == REQUEST else 'app'}.state.{name}'"
    unread = next((s for s in stored if s.binding.target == _ANY), None)
    if unread is not None:  # `yield {"client": client, **extras}`
        where = f"{unread.path}:{unread.binding.line}"
        return f"{written} may be set by entries seamcheck does not read ({where})"
    if len(stored) == 1:
        return stored[0]
    if not stored:
        return f"no place that sets {written} is seen"
    by_path: dict[str, list[int]] = {}
    for place in stored:
        by_path.setdefault(place.path, []).append(place.binding.line)
    where = ", ".join(
        f"{path}:{', '.join(str(line) for line in sorted(set(lines)))}"
        for path, lines in by_path.items()
    )
    return f"{written} is assigned more than once ({where})"


def _entries(binding: Binding) -> list[Binding]:
    """A lifespan's yielded dict literal's entries, each as a binding of its key, and one of
    `_ANY` when entries not read (`**defaults`) may set any key."""
    unread = any(item.kind in ("more", "spread") for item in binding.items)
    anything = [Binding(_ANY, "other", "", binding.scope, binding.line)] if unread else []
    return anything + [
        Binding(
            item.keyword,
            _ENTRY_KINDS.get(item.kind, "other"),
            item.value,
            binding.scope,
            binding.line,
            item.pieces,
            item.items,
        )
        for item in binding.items
        if item.keyword and not item.keyword.startswith("[")
    ]
