"""Which async entries reach which blocking calls through chains of sync calls.

One reverse breadth-first search per function that holds blocking calls, over the sync call
graph (callee -> callers). Each search visits only the functions that reach that holder, once,
so "does this function reach a sink, and by which shortest chain?" is computed once per
(function, holder) pair, never by a search per async entry. Awaited calls, calls into async
functions and hand-offs (a function passed, not called) are not edges, so they cut chains;
visited sets make recursion and cycles terminate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Mapping, Sequence

from seamcheck.facts import Call
from seamcheck.records import dataclass


@dataclass(frozen=True, slots=True)
class Edge:
    """`caller` calls the sync function `callee` at `call` (not awaited), or, when `passed`,
    hands it to `call`, which runs it before returning (`items.map(callee)`)."""

    caller: str
    callee: str
    call: Call
    passed: bool = False


class _UnfrozenEdge:
    """`Edge`'s slots, in its order, filled by plain attribute stores and then made an `Edge`
    by assigning its `__class__`, as `resolve.model.resolved_call` makes its records:
    `sync_edge` makes one per sync call of a first-party function (210k on gen-10000), and
    a frozen record's `__init__` costs five times these stores (80 ms CPU there)."""

    __slots__ = Edge.__slots__
    caller: str
    callee: str
    call: Call
    passed: bool


def sync_edge(caller: str, callee: str, call: Call) -> Edge:
    """`Edge(caller, callee, call)`, made as an `_UnfrozenEdge`."""
    record = _UnfrozenEdge()
    record.caller, record.callee, record.call, record.passed = caller, callee, call, False
    record.__class__ = Edge  # type: ignore[assignment]
    return record  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Hop:
    """One sync function on a chain and the call it makes towards the sink; `passed` when
    that call runs the next function handed to it rather than being a call of it."""

    node: str
    call: Call
    passed: bool = False


@dataclass(frozen=True, slots=True)
class Reach:
    """`entry` calls `hops[0].node` at `entry_call` (or hands it to that call, when
    `entry_passed`); the last hop holds sink number `sink`."""

    entry: str
    entry_call: Call
    hops: tuple[Hop, ...]
    holder: str
    sink: int
    entry_passed: bool = False


class Callers:
    """callee -> the edges into it, in a fixed order so every search is deterministic: each
    callee's edges sorted alone, as a stable sort of them all would leave them."""

    __slots__ = ("_into", "_sorted")

    def __init__(self, into: dict[str, list[Edge]]) -> None:
        self._into = into
        self._sorted: set[str] = set()

    def get(self, callee: str, default: Sequence[Edge] = ()) -> Sequence[Edge]:
        """The edges into `callee`, sorted when first asked for: the searches ask for those
        of the few callees they walk up from a blocking call (gen-10000: 27k of the 210k
        edges' callees have two callers or more, and sorting them all cost 0.12 s CPU)."""
        into = self._into.get(callee)
        if into is None:
            return default
        if len(into) > 1 and callee not in self._sorted:
            into.sort(key=_edge_order)
            self._sorted.add(callee)
        return into


def callers_index(edges: Sequence[Edge]) -> Callers:
    """callee -> the edges into it (`Callers`)."""
    index: dict[str, list[Edge]] = {}
    for edge in edges:
        index.setdefault(edge.callee, []).append(edge)
    return Callers(index)


def _edge_order(edge: Edge) -> tuple[str, int, int]:
    return edge.caller, edge.call.span.line, edge.call.span.column


def reaches(
    holders: Mapping[str, Sequence[Call]],
    callers: Callers,
    entries: Collection[str],
    is_async: Collection[str],
    barriers: Collection[str] = (),
) -> list[Reach]:
    """The shortest chain from each entry to each blocking call held by a sync function.

    `holders`: sync function -> its blocking calls; `barriers`: functions declared safe, never
    crossed. An entry that is itself sync (a registered handler) is both an end and a hop.
    """
    found: dict[tuple[str, str, int], Reach] = {}
    for holder in sorted(holders):
        if holder in is_async or holder in barriers:
            continue
        # next_hop[f] = the edge from f one step closer to `holder`.
        next_hop: dict[str, Edge | None] = {holder: None}
        made: dict[str, dict[str, tuple[Hop, ...]]] = {}  # per sink: node -> hops from it
        queue = deque([holder])
        while queue:
            current = queue.popleft()
            for edge in callers.get(current, ()):
                caller = edge.caller
                if caller in entries and caller != holder:
                    for sink in range(len(holders[holder])):
                        key = (caller, holder, sink)
                        if key not in found:  # breadth first: the first chain is a shortest
                            hops = _hops(
                                current,
                                next_hop,
                                holder,
                                holders[holder][sink],
                                made.setdefault(str(sink), {}),
                            )
                            found[key] = Reach(caller, edge.call, hops, holder, sink, edge.passed)
                if caller in next_hop or caller in is_async or caller in barriers:
                    continue
                next_hop[caller] = edge
                queue.append(caller)
    return [found[key] for key in sorted(found)]


def _hops(
    start: str,
    next_hop: Mapping[str, Edge | None],
    holder: str,
    sink: Call,
    made: dict[str, tuple[Hop, ...]],
) -> tuple[Hop, ...]:
    """The hops from `start` down to `holder`; chains of one search share their tails."""
    pending: list[str] = []
    node = start
    while node not in made and node != holder:
        pending.append(node)
        edge = next_hop[node]
        assert edge is not None
        node = edge.callee
    tail = made.get(node) or (Hop(holder, sink),)
    for node in reversed(pending):
        edge = next_hop[node]
        assert edge is not None
        tail = (Hop(node, edge.call, edge.passed), *tail)
        made[node] = tail
    return tail
