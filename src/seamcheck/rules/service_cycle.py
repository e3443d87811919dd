"""SC106 — service dependency cycle over network seams and code imports.

## What it does
Builds the service graph from two kinds of dependency: network seams (a client call in one
service reaching another service) and code imports across services. Reports each strongly
connected group of services once, with one shortest cycle spelt out hop by hop, each hop
with its evidence (the call or the import, file and line).

## Why is this bad?
Services in a cycle cannot be deployed, scaled, versioned or reasoned about on their own:
a slow model service slows the gateway that calls back into it, and a schema change has to
ship to both at once. Cycles also turn retries into request storms.

## Example
```ts
// gateway -> ml
await axios.post('http://ml:8000/v1/predict', body);
```
```python
# ml -> gateway
requests.get("http://gateway:8080/api/features/42")
```

## Use instead
Break the cycle: let the gateway pass what the model needs in the request, or move the shared
data behind a third service both call.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, Related, fingerprint
from seamcheck.records import dataclass
from seamcheck.rules import Rule
from seamcheck.rules.context import RuleContext

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class _Hop:
    path: str
    line: int
    column: int
    what: str


def _service_graph(context: RuleContext) -> nx.DiGraph:
    import networkx as nx

    # (source, target) -> hops, gathered before the graph is built: asking the graph for the
    # edge at each hop was most of this rule's cost (70k hops on the 10k-file tree). Edges are
    # added in the order of their first hop, as adding them at their first hop did.
    hops: dict[tuple[str, str], list[_Hop]] = {}

    def add(source: str, target: str, hop: _Hop) -> None:
        if source == target or not source or not target:
            return
        hops.setdefault((source, target), []).append(hop)

    for call in context.seams.calls:
        for link in call.links:
            what = f"{call.client} {link.method or 'call'} {link.path}".replace("  ", " ")
            add(call.service, link.service, _Hop(call.where.path, call.where.line,
                                                 call.where.column, what))  # fmt: skip
    for resolved in context.resolution.imports:
        source = context.service_of(resolved.path)
        for target in resolved.targets:
            # An import within its own service (most) is no hop: not made into one.
            if target.kind == "module" and target.service and target.service != source:
                imp = resolved.imp
                hop = _Hop(resolved.path, imp.span.line, imp.span.column, f"imports {imp.module}")
                add(source, target.service, hop)
    graph = nx.DiGraph()
    for (from_service, to_service), found in hops.items():
        found.sort(key=lambda h: (h.path, h.line, h.column))
        graph.add_edge(from_service, to_service, hops=found)
    return graph


def _shortest_cycle(graph: nx.DiGraph, members: set[str]) -> list[str]:
    import networkx as nx

    start = min(members)
    best: list[str] | None = None
    sub = graph.subgraph(members)
    for successor in sorted(sub.successors(start)):
        path = nx.shortest_path(sub, successor, start)
        if best is None or len(path) < len(best):
            best = path
    return [start, *(best or [])]


def check(context: RuleContext) -> Iterator[Finding]:
    import networkx as nx

    graph = _service_graph(context)
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) < 2:
            continue
        cycle = _shortest_cycle(graph, set(component))
        hops = [graph.edges[a, b]["hops"][0] for a, b in itertools.pairwise(cycle)]
        spelt = " -> ".join(
            f"{a} ({hop.what} at {hop.path}:{hop.line})"
            for a, hop in zip(cycle, hops, strict=False)
        )
        first = hops[0]
        yield Finding(
            code="SC106",
            severity="warning",
            message=f"service cycle: {spelt} -> {cycle[-1]}",
            path=first.path,
            line=first.line,
            column=first.column,
            end_line=first.line,
            end_column=first.column,
            service=cycle[0],
            fingerprint=fingerprint("SC106", *sorted(component)),
            related=tuple(
                Related(h.path, h.line, h.column, f"{a} -> {b}: {h.what}")
                for (a, b), h in zip(itertools.pairwise(cycle), hops, strict=True)
            ),
        )


RULE = Rule(
    code="SC106",
    name="service-cycle",
    severity="warning",
    summary="Service dependency cycle over network seams and code imports",
    doc=__doc__ or "",
    check=check,
)
