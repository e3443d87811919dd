"""Records of the resolve stage: what each import and call turned out to mean."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import field
from operator import attrgetter
from typing import TYPE_CHECKING

from seamcheck.facts import Call, FileFacts, Import
from seamcheck.records import dataclass

if TYPE_CHECKING:
    from seamcheck.resolve.names import NameResolver
    from seamcheck.resolve.roots import SourceRoot


@dataclass(frozen=True, slots=True)
class ImportTarget:
    """kind: module (a first-party file) | namespace (a folder package, no file) | external |
    asset (a non-source file) | unresolved."""

    kind: str
    path: str = ""  # module/asset: repo-relative file
    service: str = ""  # module/namespace: the service that owns the target
    package: str = ""  # external: graph node id (`ext:python:numpy`, `ext:js:node:fs`)
    qualname: str = ""  # dotted name the import reaches: `numpy`, `fs/promises`, `a.b`
    origin: str = ""  # external: stdlib | builtin | third_party
    reason: str = ""  # unresolved: why


@dataclass(frozen=True, slots=True)
class ResolvedImport:
    path: str
    imp: Import
    targets: tuple[ImportTarget, ...]


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """kind: function (first-party node id in `target`) | external (package node in `target`,
    dotted API in `qualname`) | builtin | unresolved (with `reason`)."""

    path: str
    call: Call
    kind: str
    target: str = ""
    qualname: str = ""
    reason: str = ""


class UnfrozenCall:
    """`ResolvedCall`'s slots, in its order, without its refusal of assignment: a record is
    filled in here by plain attribute stores, then made a `ResolvedCall` by assigning its
    `__class__`, which Python allows between classes of one layout (and refuses, with
    TypeError, between any others). The resolver makes one record per call site (935,000 on
    the 10k tree): a frozen dataclass's `__init__` stores each field through
    `object.__setattr__`, and even calling each slot's descriptor `__set__` (what this
    replaced) takes 2.6 times as long as these stores."""

    __slots__ = ResolvedCall.__slots__
    path: str
    call: Call
    kind: str
    target: str
    qualname: str
    reason: str


def resolved_call(
    path: str, call: Call, kind: str, target: str, qualname: str, reason: str
) -> ResolvedCall:
    """`ResolvedCall(...)`, made as an `UnfrozenCall`."""
    record = UnfrozenCall()
    record.path, record.call = path, call
    record.kind, record.target, record.qualname, record.reason = kind, target, qualname, reason
    record.__class__ = ResolvedCall  # type: ignore[assignment]
    return record  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class ResolvedReference:
    """A first-party function handed to a call as argument `index` (a route handler, a
    callback, an executor job), not called there: `target` is its function node id. With
    `item`, it is that item of a keyword argument's list (`on_startup=[load_model]`)."""

    path: str
    call: Call
    index: int
    target: str
    item: int = -1


@dataclass(slots=True)
class Resolution:
    facts: dict[str, FileFacts]
    imports: list[ResolvedImport] = field(default_factory=list)
    calls: list[ResolvedCall] = field(default_factory=list)
    references: list[ResolvedReference] = field(default_factory=list)
    python_names: dict[str, str] = field(default_factory=dict)  # path -> dotted module name
    # path -> the module's other names, for a file under several source roots (its own name
    # is `python_names`'): `label_studio.core.io` for `core.io` beside a `manage.py`.
    python_other_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Each service's Python source roots, deepest first (`roots.py`).
    source_roots: dict[str, list[SourceRoot]] = field(default_factory=dict)
    # Python class node (`PATH::Qual`) -> what each of its bases, in order, names once the
    # file's imports, star imports, re-exports and aliases are followed as for calls: a
    # first-party class's node id (`app/base.py::BaseHandler`), a library's dotted name
    # (`tornado.web.RequestHandler`), or "" for one not known. Classes without bases are left
    # out. For rules that tell classes by their ancestry, the name binder being gone by then.
    class_bases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Python function node -> what each of its decorators, in order, names, followed as a
    # call's name is: a library's dotted name (`pluggy.HookimplMarker()`, an instance of
    # it), a first-party function's node id, or "". Functions none of whose decorators
    # names anything (`@property`) are left out.
    decorators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # pluggy's project names (`resolve/pluggy.py`), where known: each function a
    # `HookimplMarker("app")` marks -> "app"; (path, line, column) of each hook call ->
    # the project of the plugin manager it is made on (`PluginManager("app")`).
    hookimpl_projects: dict[str, str] = field(default_factory=dict)
    hook_call_projects: dict[tuple[str, int, int], str] = field(default_factory=dict)
    # Every path the Node resolver looked at on disk and what it saw there (`repofiles.py`):
    # inputs of the run as much as the files the walk lists.
    looked_at: dict[str, str] = field(default_factory=dict)
    # The name binder itself, for the seam finders (URL constants); `analysis` drops it once
    # they have run, as nothing later looks names up.
    names: NameResolver | None = None
    # `calls` grouped by kind and by the function they call (`calls_of_kind`,
    # `calls_of_function`), made when first asked; with the list they were made of, as
    # `dataclasses.replace` hands them on to a copy.
    call_groups: CallGroups | None = field(default=None, repr=False, compare=False)

    def calls_of_kind(self, kind: str) -> list[ResolvedCall]:
        """The calls of one kind (`ResolvedCall.kind`), in the order of `calls`: readers that
        want only one or two kinds walk those, not every call (gen-10000: 936k calls, 267k
        of the repository's functions, 58k of libraries). Made once, when first asked, so
        `calls` must be complete by then; the list is shared, not to be changed."""
        return self._call_groups().by_kind.get(kind, [])

    def calls_of_function(self, target: str) -> list[ResolvedCall]:
        """The calls of the repository's function `target` (`path::qualname`, as
        `ResolvedCall.target`), by name or not, in the order of `calls`; shared as
        `calls_of_kind`'s lists are."""
        groups = self._call_groups()
        if groups.by_target is None:
            groups.by_target = _grouped(groups.by_kind.get("function", ()), _TARGET)
        return groups.by_target.get(target, [])

    def _call_groups(self) -> CallGroups:
        groups = self.call_groups
        if groups is None or groups.calls is not self.calls:
            groups = self.call_groups = CallGroups(self.calls, _grouped(self.calls, _KIND))
        return groups


class CallGroups:
    """`Resolution.calls` grouped (`Resolution.calls_of_kind`, `calls_of_function`)."""

    __slots__ = ("by_kind", "by_target", "calls")

    def __init__(self, calls: list[ResolvedCall], by_kind: dict[str, list[ResolvedCall]]) -> None:
        self.calls = calls  # the list grouped: another list in `Resolution.calls` regroups
        self.by_kind = by_kind
        self.by_target: dict[str, list[ResolvedCall]] | None = None  # made when first asked


_KIND = attrgetter("kind")
_TARGET = attrgetter("target")


def _grouped(
    calls: Iterable[ResolvedCall], key: Callable[[ResolvedCall], str]
) -> dict[str, list[ResolvedCall]]:
    """`calls` by `key`, each group in their order. Not with `setdefault`, which would make
    a list for each call and drop it for most (hundreds of thousands on a large tree)."""
    grouped: dict[str, list[ResolvedCall]] = {}
    for resolved in calls:
        value = key(resolved)
        found = grouped.get(value)
        if found is None:
            grouped[value] = [resolved]
        else:
            found.append(resolved)
    return grouped


ClassBases = Mapping[str, tuple[str, ...]]
# Classes a hierarchy is followed through at most (`python_bases`).
_MAX_LINEARISED = 16


def ancestors(class_bases: ClassBases, node: str) -> Iterator[str]:
    """Every base of class `node` (`Resolution.class_bases`), first-party and library,
    through any chain of first-party bases, each once; a cycle (code that would not import)
    ends."""
    stack, seen = list(class_bases.get(node, ())), {node}
    while stack:
        base = stack.pop()
        if base in seen:
            continue
        seen.add(base)
        yield base
        stack.extend(class_bases.get(base, ()))


def python_bases(class_bases: ClassBases, node: str) -> list[str]:
    """The bases of class `node` (`Resolution.class_bases`) in Python's order of method
    lookup after itself (its C3 linearisation), first-party and library ("" for one not
    known; a library class's own bases are not known); [] where no such order exists (a
    cycle, or bases Python would refuse)."""
    linear = _linearised(class_bases, node, (), {})
    return linear[1:] if linear is not None else []


def _linearised(
    class_bases: ClassBases,
    node: str,
    seen: tuple[str, ...],
    done: dict[str, list[str] | None],
) -> list[str] | None:
    if node in done:
        return done[node]
    bases = class_bases.get(node, ()) if "::" in node else ()
    if node in seen or len(seen) > _MAX_LINEARISED:
        return None
    lists: list[list[str]] = []
    for base in bases:
        linear = _linearised(class_bases, base, (*seen, node), done)
        if linear is None:
            return None
        lists.append(list(linear))
    lists.append(list(bases))
    found = [node]
    while any(lists):
        head = next(
            (
                candidate[0]
                for candidate in lists
                if candidate and not any(candidate[0] in rest[1:] for rest in lists)
            ),
            None,
        )
        if head is None:
            return None
        found.append(head)
        lists = [rest[1:] if rest and rest[0] == head else rest for rest in lists]
    done[node] = found
    return found


def derived_from(class_bases: ClassBases, libraries: Collection[str]) -> frozenset[str]:
    """The classes deriving from one of the classes `libraries` (library classes, or
    first-party class nodes), through any chain of first-party bases however deep, each
    class read once whatever the order."""
    subclasses: dict[str, list[str]] = {}
    found: list[str] = []
    for node, bases in class_bases.items():
        for base in bases:
            if base in libraries:
                found.append(node)
            elif "::" in base:
                subclasses.setdefault(base, []).append(node)
    derived: set[str] = set()
    while found:
        node = found.pop()
        if node not in derived:
            derived.add(node)
            found.extend(subclasses.get(node, ()))
    return frozenset(derived)
