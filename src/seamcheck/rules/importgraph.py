"""The module import graph as contracts see it, and the chain searches they share.

Built once per run from the `imports` edges of the main graph (`RuleContext.view`). Searches
are breadth-first from sets of modules, so a contract costs one pass over the edges per pair
of module sets, never one per module; every chain reported is a shortest one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from seamcheck.findings import Related
from seamcheck.modexpr import ModuleKeys, matches, matches_external, names_exactly
from seamcheck.records import dataclass
from seamcheck.rules.edgeindex import import_edges

if TYPE_CHECKING:
    from seamcheck.rules.context import RuleContext

# Imports that vanish at run time: they couple the design, but cannot form a runtime cycle.
TYPE_ONLY_KINDS = frozenset({"type_only", "type_checking"})
_SOURCE_SUFFIXES = (".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")


@dataclass(frozen=True, slots=True)
class Hop:
    importer: str
    imported: str  # a module path or an `ext:` node id
    line: int
    column: int
    kind: str  # import kind (static, lazy, type_only, ...)


@dataclass(slots=True)
class ImportGraph:
    keys: dict[str, ModuleKeys] = field(default_factory=dict)  # first-party modules
    display: dict[str, str] = field(default_factory=dict)  # node -> name for messages
    # Python module -> its other names (`Resolution.python_other_names`), which expressions
    # do not match: for the hint of one that names modules by them.
    other_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    externals: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # id -> pkg, spec, origin
    out: dict[str, dict[str, Hop]] = field(default_factory=dict)  # first hop per pair
    _into: dict[str, list[Hop]] = field(default_factory=dict)
    _matched: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    def matching(self, expressions: Iterable[str]) -> set[str]:
        """Modules and external nodes the expressions name. A negation (`!app.core.legacy`)
        takes back what the expressions before it named: the last expression that names a
        node decides, as in gitignore."""
        exprs = tuple(expressions)
        if exprs not in self._matched:
            found: set[str] = set()
            for expr in exprs:
                if expr.startswith("!"):
                    found -= self._named_by(expr.removeprefix("!"))
                else:
                    found |= self._named_by(expr)
            self._matched[exprs] = frozenset(found)
        return set(self._matched[exprs])

    def _named_by(self, expr: str) -> frozenset[str]:
        """The nodes one expression names, matched once however many lists hold it: a
        translated tach.toml repeats each module's expression in every other module's
        contract, and matching every list whole cost contracts x entries x modules."""
        key = (expr,)
        if key not in self._matched:
            found = {m for m, k in self.keys.items() if matches(expr, k)}
            found.update(
                node
                for node, (package, specifier, _) in self.externals.items()
                if matches_external(expr, package, specifier)
            )
            self._matched[key] = frozenset(found)
        return self._matched[key]

    def named_exactly(self, expr: str) -> set[str]:
        """The modules `expr` names themselves (import-linter's `ignore_imports` matching),
        and the external packages it names."""
        found = {m for m, k in self.keys.items() if names_exactly(expr, k)}
        found.update(
            node
            for node, (package, specifier, _) in self.externals.items()
            if matches_external(expr, package, specifier)
        )
        return found

    def into(self) -> dict[str, list[Hop]]:
        """The hops into each node, in a stable order; built once."""
        if not self._into:
            for hop in self.edges():
                self._into.setdefault(hop.imported, []).append(hop)
        return self._into

    def edges(self) -> Iterable[Hop]:
        for importer in sorted(self.out):
            yield from (self.out[importer][t] for t in sorted(self.out[importer]))

    def name(self, node: str) -> str:
        return self.display.get(node, node)


def build_import_graph(context: RuleContext) -> ImportGraph:
    result = ImportGraph()
    graph = context.graph
    services = {s.name: s for s in context.project.services}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "module":
            result.keys[node] = _module_keys(node, data, services[data["service"]].root)
            result.display[node] = str(data.get("name", node))
            others = context.resolution.python_other_names.get(node)
            if others:
                result.other_names[node] = others
    for importer, imported, data in import_edges(context):
        target = graph.nodes[imported]
        if target.get("kind") == "external":
            package = str(target["package"])
            previous = result.externals.get(imported)
            specifier = str(data.get("specifier", package))
            if previous is None or specifier < previous[1]:
                result.externals[imported] = (package, specifier, str(target.get("origin", "")))
            result.display[imported] = package
        hop = Hop(importer, imported, data["line"], data["column"], data["import_kind"])
        first = result.out.setdefault(importer, {}).get(imported)
        if first is None or _evidence_order(hop) < _evidence_order(first):
            result.out[importer][imported] = hop
    return result


def _evidence_order(hop: Hop) -> tuple[bool, int, int]:
    """Which import of a module pair stands for the pair: a runtime one over a type-only one
    (so a runtime cycle is never hidden behind an earlier `import type`), then the first."""
    return (hop.kind in TYPE_ONLY_KINDS, hop.line, hop.column)


def _module_keys(path: str, data: dict[str, object], service_root: str) -> ModuleKeys:
    pure = PurePosixPath(path)
    stem = pure.name
    for suffix in _SOURCE_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    path_parts = (*pure.parent.parts, stem) if stem != "__init__" else pure.parent.parts
    if data.get("language") == "python":
        name = tuple(str(data.get("name", path)).split("."))
    else:
        inside = pure.relative_to(service_root) if service_root != "." else pure
        name = (*inside.parent.parts, stem)
    return ModuleKeys(name=tuple(name), path=tuple(path_parts), folder=pure.parent.parts)


EdgeFilter = Callable[[Hop], bool]


def chains_leaving(
    graph: ImportGraph,
    sources: Collection[str],
    targets: Collection[str],
    *,
    indirect: bool = True,
    keep: EdgeFilter = lambda hop: True,
    avoid: Collection[str] = (),
) -> list[tuple[Hop, ...]]:
    """For every import that leads out of `sources` to `targets`, directly or through modules
    outside `sources` and `avoid`: one shortest chain, starting with that import."""
    targets = set(targets) - set(sources)
    if not targets:
        return []
    barrier = set(sources) | (set(avoid) - targets)
    onward = _reverse_bfs(graph, targets, barrier, keep) if indirect else {}
    chains: list[tuple[Hop, ...]] = []
    for importer in sorted(sources):
        for imported, hop in sorted(graph.out.get(importer, {}).items()):
            if imported in sources or not keep(hop):
                continue
            if imported in targets:
                chains.append((hop,))
            elif imported in onward and imported not in barrier:
                chains.append((hop, *_walk(onward, imported)))
    return chains


def _reverse_bfs(
    graph: ImportGraph, targets: set[str], barrier: set[str], keep: EdgeFilter
) -> dict[str, Hop]:
    """For each module that reaches a target without entering `barrier`: its next hop on a
    shortest way there."""
    into = graph.into()
    next_hop: dict[str, Hop] = {}
    queue = deque(sorted(targets))
    seen = set(targets)
    while queue:
        node = queue.popleft()
        for hop in into.get(node, ()):
            if hop.importer not in seen and hop.importer not in barrier and keep(hop):
                seen.add(hop.importer)
                next_hop[hop.importer] = hop
                queue.append(hop.importer)
    return next_hop


def _walk(next_hop: dict[str, Hop], start: str) -> list[Hop]:
    chain, node = [], start
    while node in next_hop:
        hop = next_hop[node]
        chain.append(hop)
        node = hop.imported
    return chain


def describe_chain(graph: ImportGraph, chain: Iterable[Hop]) -> str:
    hops = list(chain)
    return " -> ".join([graph.name(hops[0].importer), *(graph.name(h.imported) for h in hops)])


def related(graph: ImportGraph, chain: Iterable[Hop]) -> tuple[Related, ...]:
    return tuple(
        Related(
            h.importer,
            h.line,
            h.column,
            f"{graph.name(h.importer)} imports {graph.name(h.imported)}",
        )
        for h in chain
    )
