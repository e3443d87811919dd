"""Architecture contracts on the import graph: SC301 layers, SC302 forbidden, SC303
independence, SC304 acyclic, SC305 allowed-only. Each finding carries the evidence — the
import chain, one related location per hop — and sits on the import that starts it, which is
the line to change. The documentation of each rule is in `RULE_DOCS` below."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from itertools import pairwise
from typing import TYPE_CHECKING

from seamcheck.contracts import CODES, Contract
from seamcheck.findings import Finding, fingerprint
from seamcheck.records import dataclass
from seamcheck.rules import Rule

if TYPE_CHECKING:
    from seamcheck.rules.context import RuleContext
    from seamcheck.rules.importgraph import Hop, ImportGraph

# An SCC this large gets its cycle from its first node only: all-pairs BFS would be quadratic.
EXACT_CYCLE_LIMIT = 300


@dataclass(slots=True)
class _Ignores:
    """A contract's `ignore` list: which import hops it exempts, and which entries were used."""

    contract: Contract
    graph: ImportGraph
    pairs: list[tuple[str, set[str], set[str]]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        graph = self.graph
        for entry in self.contract.ignore:
            source, target = (part.strip() for part in entry.split("->"))
            self.pairs.append((entry, graph.matching([source]), graph.matching([target])))
        for entry in self.contract.ignore_imports:
            source, target = (part.strip() for part in entry.split("->"))
            self.pairs.append((entry, graph.named_exactly(source), graph.named_exactly(target)))
        # "Used" means the entry names an import that exists, whatever this contract's search
        # happens to visit: the warning must not depend on unrelated code.
        for hop in self.graph.edges():
            for entry, importers, importeds in self.pairs:
                if hop.importer in importers and hop.imported in importeds:
                    self.used.add(entry)

    def keep(self, hop: Hop) -> bool:
        return not any(
            hop.importer in importers and hop.imported in imported
            for _, importers, imported in self.pairs
        )

    def unused(self) -> Iterator[Finding]:
        contract = self.contract
        entries = [("ignore", e) for e in contract.ignore]
        entries += [("ignore_imports", e) for e in contract.ignore_imports]
        for index, (key, entry) in enumerate(entries):
            if entry not in self.used:
                known = contract.ignore_lines[index] if index < len(contract.ignore_lines) else 0
                number = str(index if key == "ignore" else index - len(contract.ignore))
                yield _config_finding(
                    contract,
                    "warning",
                    f"{key} {entry!r} matches no import; remove it or fix the expression",
                    known or contract.line or 1,
                    # The fingerprint of an `ignore` entry's warning predates ignore_imports.
                    ("ignore", number) if key == "ignore" else (key, number),
                )


def _config_finding(
    contract: Contract, severity: str, what: str, line: int, key: tuple[str, ...]
) -> Finding:
    """A finding about the contract as written in its config file, at `line`."""
    return Finding(
        code=contract.code,
        severity=severity,
        message=f"{contract.type} contract '{contract.name}': {what}",
        path=_config_path(contract.origin),
        line=line,
        column=1,
        end_line=line,
        end_column=1,
        service="",
        fingerprint=fingerprint(contract.code, contract.name, *key),
    )


def _config_path(origin: str) -> str:
    return origin.split(" [", 1)[0]


def _unmatched(contract: Contract, graph: ImportGraph) -> Iterator[Finding]:
    """An expression that names no module of the repository: a typo (`catalog.domian`) or a
    module since renamed. Checked against nothing, the contract would pass while checking
    nothing, and a gate on it would stay green: each is an error. A negation naming nothing
    only takes nothing back: a warning. Forbidden and allowed targets may name packages
    nothing imports (yet), and are not checked."""
    modules = set(graph.keys)
    for field_name, exprs in _checked_expressions(contract):
        for index, written in exprs:
            expr = written.removeprefix("!")
            if expr == "**" or graph.matching([expr]) & modules:
                continue
            hint = _nearest(expr, graph)
            # A negation naming nothing takes nothing back: the contract checks what the
            # entries before it name, no less (a typo, or modules not written yet).
            negated = written.startswith("!")
            yield _config_finding(
                contract,
                "warning" if negated else "error",
                f"{field_name}[{index}] {written!r} matches no module, so "
                f"{'it takes nothing back' if negated else 'the contract checks nothing there'}"
                f"{hint}",
                contract.line or 1,
                ("unmatched", field_name, written),
            )


def _nearest(expr: str, graph: ImportGraph) -> str:
    """The hint for an expression that names no module: the module or package closest to
    it, written as it is written (dotted or as a path), or the same path without its file
    extension, which path expressions do not take."""
    import difflib

    from seamcheck.modexpr import is_path_expression

    as_path = is_path_expression(expr)
    stem, dot, suffix = expr.rpartition(".")
    if as_path and dot and "/" not in suffix and graph.matching([stem]) & set(graph.keys):
        return f"; write it without the file extension: {stem!r}"
    if not as_path:
        named = _by_other_name(expr, graph)
        if named:
            return (
                f"; its modules go by {named!r}, their name from the folder their code runs "
                "in (see `seamcheck services`)"
            )
    separator = "/" if as_path else "."
    candidates: set[str] = set()
    for keys in graph.keys.values():
        segments = keys.path if as_path else keys.name
        # The module and every package above it: a layer usually names a package.
        candidates.update(separator.join(segments[:end]) for end in range(1, len(segments) + 1))
    candidates.discard(expr)
    close = difflib.get_close_matches(expr, sorted(candidates), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else "; fix or remove it"


def _by_other_name(expr: str, graph: ImportGraph) -> str | None:
    """What `expr` is in the names modules go by, when it names them by another of theirs
    (`label_studio.projects` for `projects`, beside Label Studio's `manage.py`; `helpers`
    for `tests.helpers`, on pytest's `pythonpath`)."""
    from seamcheck.modexpr import pattern_of, prefix_length

    pattern = pattern_of(expr)
    for node in sorted(graph.other_names):
        own = graph.keys[node].name
        for other in graph.other_names[node]:
            # The two names differ in the folders above the module's: `a.b.m`, `m`.
            segments = tuple(other.split("."))
            shared = min(len(segments), len(own))
            extra = len(segments) - shared
            if segments[extra:] != own[len(own) - shared :] or len(pattern) <= extra:
                continue
            if prefix_length(pattern, segments) is not None:
                return ".".join((*own[: len(own) - shared], *pattern[extra:]))
    return None


def _checked_expressions(contract: Contract) -> list[tuple[str, list[tuple[int, str]]]]:
    """(key, [(index, expression)]) of the keys whose expressions must name modules."""
    if contract.type == "layers":
        # With containers a layer is relative to each container: checked by `_layer_sets`.
        if contract.containers:
            return [("containers", list(enumerate(contract.containers)))]
        members = [
            (index, member)
            for index, layer in enumerate(contract.layers)
            for member in layer.members
            if member not in layer.optional
        ]
        return [("layers", members)]
    if contract.type in ("forbidden", "allowed-only"):
        return [("source", list(enumerate(contract.source)))]
    return [("modules", list(enumerate(contract.modules)))]


def _graph(context: RuleContext) -> ImportGraph:
    from seamcheck.rules.importgraph import build_import_graph

    return context.view("import-graph", build_import_graph)


def _finding(
    context: RuleContext, contract: Contract, chain: tuple[Hop, ...], message: str, *key: str
) -> Finding:
    from seamcheck.rules.importgraph import related

    graph = _graph(context)
    first = chain[0]
    return Finding(
        code=contract.code,
        severity="error",
        message=message,
        path=first.importer,
        line=first.line,
        column=first.column,
        end_line=first.line,
        end_column=first.column,
        service=context.service_of(first.importer),
        fingerprint=fingerprint(contract.code, contract.name, *key),
        related=related(graph, chain) if len(chain) > 1 else (),
    )


def _via(graph: ImportGraph, chain: tuple[Hop, ...]) -> str:
    from seamcheck.rules.importgraph import describe_chain

    return "" if len(chain) == 1 else f" via {describe_chain(graph, chain)}"


def _contracts(context: RuleContext, kind: str) -> list[Contract]:
    return [c for c in context.config.contracts if c.type == kind]


# -- SC302 forbidden ---------------------------------------------------------------------


def check_forbidden(context: RuleContext) -> Iterator[Finding]:
    from seamcheck.rules.importgraph import chains_leaving

    contracts = _contracts(context, "forbidden")
    if not contracts:  # most projects: the import graph need not be built
        return
    graph = _graph(context)
    for contract in contracts:
        ignores = _Ignores(contract, graph)
        sources = graph.matching(contract.source) & set(graph.keys)
        named = graph.matching(contract.targets)
        # Entries may overlap (`["shop", "!shop.api", "shop.api.legacy"]`): a chain two of
        # them reach is one violation, reported once.
        reported: set[tuple[tuple[str, str], ...]] = set()
        for expr in contract.targets:
            if expr.startswith("!"):
                continue
            targets = graph.matching([expr]) & named
            for chain in chains_leaving(
                graph, sources, targets, indirect=not contract.allow_indirect, keep=ignores.keep
            ):
                key = tuple((hop.importer, hop.imported) for hop in chain)
                if key in reported:
                    continue
                reported.add(key)
                forbidden = f"forbidden {graph.name(chain[-1].imported)!r}"
                yield _chain_finding(context, contract, chain, "", forbidden)
        yield from ignores.unused()
        yield from _unmatched(contract, graph)


# -- SC303 independence ------------------------------------------------------------------


def check_independence(context: RuleContext) -> Iterator[Finding]:
    from seamcheck.rules.importgraph import chains_leaving

    contracts = _contracts(context, "independence")
    if not contracts:  # most projects: the import graph need not be built
        return
    graph = _graph(context)
    for contract in contracts:
        ignores = _Ignores(contract, graph)
        groups = _independent_groups(graph, contract.modules)
        for expr, members in groups:
            for other_expr, others in groups:
                if other_expr == expr:
                    continue
                for chain in chains_leaving(graph, members - others, others, keep=ignores.keep):
                    lead = f"{expr!r} and {other_expr!r} must be independent, but "
                    yield _chain_finding(context, contract, chain, lead)
        yield from ignores.unused()
        yield from _unmatched(contract, graph)


def _independent_groups(graph: ImportGraph, exprs: tuple[str, ...]) -> list[tuple[str, set[str]]]:
    """One group per expression; a glob (`myservice.routers.*`) stands for each module or
    package it names, as in import-linter, so one expression can declare siblings apart."""
    from seamcheck.modexpr import exact_prefixes, is_path_expression

    groups: dict[str, set[str]] = {}
    for expr in exprs:
        if "*" not in expr:
            groups.setdefault(expr, set()).update(graph.matching([expr]) & set(graph.keys))
            continue
        separator = "/" if is_path_expression(expr) else "."
        for node, keys in graph.keys.items():
            for prefix in exact_prefixes(expr, keys):
                groups.setdefault(separator.join(prefix), set()).add(node)
    return sorted(groups.items())


# -- SC301 layers ------------------------------------------------------------------------


def check_layers(context: RuleContext) -> Iterator[Finding]:
    from seamcheck.rules.importgraph import chains_leaving

    contracts = _contracts(context, "layers")
    if not contracts:  # most projects: the import graph need not be built
        return
    graph = _graph(context)
    for contract in contracts:
        ignores = _Ignores(contract, graph)
        for container, levels in _layer_sets(graph, contract):
            where = f" in {container}" if container else ""
            # As in import-linter, a chain through another layer is that layer's violation,
            # reported on its own; only chains through unlayered modules count here.
            layered = set().union(*(members for level in levels for _, members in level))
            for low_index, low in enumerate(levels):
                for high_index in range(low_index):
                    for low_name, low_members in low:
                        for high_name, high_members in levels[high_index]:
                            for chain in chains_leaving(
                                graph,
                                low_members,
                                high_members,
                                keep=ignores.keep,
                                avoid=layered,
                            ):
                                yield _chain_finding(
                                    context, contract, chain,
                                    f"layer {low_name!r}{where} imports higher layer "
                                    f"{high_name!r}: ",
                                )  # fmt: skip
            for level, layer in zip(levels, contract.layers, strict=True):
                if not layer.independent:
                    continue
                for name, members in level:
                    for other_name, others in level:
                        if other_name == name:
                            continue
                        for chain in chains_leaving(
                            graph, members, others, keep=ignores.keep, avoid=layered
                        ):
                            yield _chain_finding(
                                context, contract, chain,
                                f"sibling {name!r}{where} imports independent sibling "
                                f"{other_name!r}: ",
                            )  # fmt: skip
        yield from ignores.unused()
        yield from _unmatched(contract, graph)


def _chain_finding(
    context: RuleContext,
    contract: Contract,
    chain: tuple[Hop, ...],
    lead: str,
    imported: str | None = None,
) -> Finding:
    """`<type> contract '<name>': <lead><importer> imports <imported> via <chain>`, at the
    import that starts the chain, fingerprinted by its ends and first hop."""
    graph = _graph(context)
    first, last = chain[0], chain[-1]
    imported = imported or graph.name(last.imported)
    return _finding(
        context,
        contract,
        chain,
        f"{contract.type} contract '{contract.name}': {lead}{graph.name(first.importer)} "
        f"imports {imported}{_via(graph, chain)}",
        first.importer,
        first.imported,
        last.imported,
    )


Level = list[tuple[str, set[str]]]


def _layer_sets(graph: ImportGraph, contract: Contract) -> list[tuple[str, list[Level]]]:
    """Per container (or once, without containers): each layer's members as module sets.
    Containers are found in one pass over the modules, never one search per container."""
    from seamcheck.modexpr import exact_prefixes, is_path_expression, pattern_of, prefix_length

    modules = set(graph.keys)
    if not contract.containers:
        plain = [
            [(member, graph.matching([member]) & modules) for member in layer.members]
            for layer in contract.layers
        ]
        return [("", plain)]
    found: dict[tuple[bool, tuple[str, ...]], dict[tuple[int, int], set[str]]] = {}
    for node, keys in sorted(graph.keys.items()):
        for expr in contract.containers:
            as_path = is_path_expression(expr)
            segments = keys.path if as_path else keys.name
            for prefix in exact_prefixes(expr, keys):
                rest = segments[len(prefix) :]
                for li, layer in enumerate(contract.layers):
                    for mi, member in enumerate(layer.members):
                        # Inside a path container, `api/` is the folder, not `api.ts`.
                        seen = keys.folder if as_path and member.endswith("/") else segments
                        if rest and prefix_length(pattern_of(member), seen[len(prefix) :]):
                            found.setdefault((as_path, prefix), {}).setdefault((li, mi), set()).add(
                                node
                            )
    result = []
    for (as_path, prefix), members in sorted(found.items()):
        levels = [
            [(m, members.get((li, mi), set())) for mi, m in enumerate(layer.members)]
            for li, layer in enumerate(contract.layers)
        ]
        filled = [sum(1 for _, nodes in level if nodes) for level in levels]
        siblings = any(
            layer.independent and count >= 2
            for layer, count in zip(contract.layers, filled, strict=True)
        )
        if sum(1 for count in filled if count) >= 2 or siblings:
            result.append((("/" if as_path else ".").join(prefix), levels))
    return result


# -- SC304 acyclic -----------------------------------------------------------------------


def check_acyclic(context: RuleContext) -> Iterator[Finding]:
    import networkx as nx

    from seamcheck.rules.importgraph import TYPE_ONLY_KINDS

    contracts = _contracts(context, "acyclic")
    if not contracts:  # most projects: the import graph need not be built
        return
    graph = _graph(context)
    for contract in contracts:
        ignores = _Ignores(contract, graph)
        scope = graph.matching(contract.modules) & set(graph.keys)
        hops = {
            (hop.importer, hop.imported): hop
            for hop in graph.edges()
            if hop.importer in scope
            and hop.imported in scope
            and hop.kind not in TYPE_ONLY_KINDS
            and ignores.keep(hop)
        }
        digraph = nx.DiGraph(list(hops))
        components = [sorted(c) for c in nx.strongly_connected_components(digraph)]
        for component in sorted(components):
            if len(component) == 1 and (component[0], component[0]) not in hops:
                continue
            cycle = _shortest_cycle(digraph, component)
            chain = tuple(hops[a, b] for a, b in pairwise(cycle))
            names = " -> ".join(graph.name(n) for n in cycle)
            yield _finding(
                context,
                contract,
                chain,
                f"acyclic contract '{contract.name}': import cycle of {len(cycle) - 1} "
                f"module(s): {names}"
                + (f" ({len(component)} modules are entangled)" if len(component) > 3 else ""),
                *cycle[:-1],
            )
        yield from ignores.unused()
        yield from _unmatched(contract, graph)


def _shortest_cycle(digraph: object, component: list[str]) -> list[str]:
    """One shortest cycle in a strongly connected component, rotated to start at its smallest
    module so the same cycle always reads the same."""
    members = set(component)
    successors_of: Callable[[str], Iterable[str]] = digraph.successors  # type: ignore[attr-defined]
    adjacency = {n: sorted(s for s in successors_of(n) if s in members) for n in component}
    best: list[str] | None = None
    for start in component[:EXACT_CYCLE_LIMIT]:
        parent: dict[str, str] = {}
        queue = deque([start])
        found = False
        while queue and not found:
            node = queue.popleft()
            for succ in adjacency[node]:
                if succ == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    cycle = (
                        [start, *reversed(path[:-1]), start] if node != start else [start, start]
                    )
                    if best is None or len(cycle) < len(best):
                        best = cycle
                    found = True
                    break
                if succ not in parent:
                    parent[succ] = node
                    queue.append(succ)
        if best is not None and len(best) == 2:
            break
    assert best is not None  # a strongly connected component always has a cycle
    body = best[:-1]
    smallest = body.index(min(body))
    body = body[smallest:] + body[:smallest]
    return [*body, body[0]]


# -- SC305 allowed-only ------------------------------------------------------------------


def check_allowed_only(context: RuleContext) -> Iterator[Finding]:
    contracts = _contracts(context, "allowed-only")
    if not contracts:  # most projects: the import graph need not be built
        return
    graph = _graph(context)
    for contract in contracts:
        ignores = _Ignores(contract, graph)
        sources = graph.matching(contract.source) & set(graph.keys)
        allowed = graph.matching(contract.targets)
        for importer in sorted(sources):
            for imported, hop in sorted(graph.out.get(importer, {}).items()):
                if imported in sources or imported in allowed or not ignores.keep(hop):
                    continue
                origin = graph.externals.get(imported, ("", "", ""))[2]
                if contract.allow_stdlib and origin in ("stdlib", "builtin"):
                    continue
                yield _finding(
                    context,
                    contract,
                    (hop,),
                    f"allowed-only contract '{contract.name}': {graph.name(importer)} imports "
                    f"{graph.name(imported)!r}, which is not in its allowed list",
                    importer,
                    imported,
                )
        yield from ignores.unused()
        yield from _unmatched(contract, graph)


_CHECKS = {
    "layers": check_layers,
    "forbidden": check_forbidden,
    "independence": check_independence,
    "acyclic": check_acyclic,
    "allowed-only": check_allowed_only,
}


_LAYERS_DOC = """SC301 — layers contract broken.

## What it does
Checks a `layers` contract: layers are listed from highest to lowest; a higher layer may
import a lower one, never the reverse, directly or through any chain of imports. With
`containers`, the same layering holds inside each container package. Siblings on one layer
written `"a | b"` must stay independent of each other; `"a : b"` may use each other. A layer
(or sibling) in parentheses, `"(ml_service.legacy)"`, is optional, as in import-linter: it may
name no module.

## Why is this bad?
Layers let a team change the top (HTTP handlers, CLIs) without touching the core, and test the
core without the top. One import upwards makes the core depend on the delivery mechanism, and
the next change drags the whole stack along.

## Example
```toml
[[contracts]]
name = "ml service layers"
type = "layers"
layers = ["ml_service.routers", "ml_service.registry", "ml_service.models"]
```
```python
# ml_service/models/classifier.py
from ml_service.routers.predict import router  # a model importing its HTTP layer
```

## Use instead
```python
# ml_service/routers/predict.py — the higher layer depends on the lower one
from ml_service.models.classifier import PurchaseClassifier
```
"""

_FORBIDDEN_DOC = """SC302 — forbidden import.

## What it does
Checks a `forbidden` contract: the `source` modules may not import any `forbidden` module or
external package, directly or through any chain (unless `allow_indirect = true`). The finding
sits on the import that starts the chain and lists every hop.

## Why is this bad?
Some dependencies are decisions: the HTTP layer does not load models, the domain does not
talk to the database driver. A forbidden import reached through a helper is as real as a
direct one: it loads at import time and couples the deploys.

## Example
```toml
[[contracts]]
name = "gateway loads no models"
type = "forbidden"
source = ["services/gateway/src/"]
forbidden = ["@tensorflow/tfjs-node", "onnxruntime-node"]
```
```ts
// services/gateway/src/ml/embed.ts
import * as tf from '@tensorflow/tfjs-node';
```

## Use instead
```ts
// call the Python model service over its HTTP seam
const { data } = await ml.post('/v1/embed', { text });
```
"""

_INDEPENDENCE_DOC = """SC303 — independence contract broken.

## What it does
Checks an `independence` contract: none of the listed modules may import another of them,
directly or through any chain.

## Why is this bad?
Independent features can be changed, tested and removed alone. One import between them makes
two features one, and the next refactor has to move both.

## Example
```toml
[[contracts]]
name = "routers are independent"
type = "independence"
modules = ["ml_service.routers.predict", "ml_service.routers.recs"]
```
```python
# ml_service/routers/recs.py
from ml_service.routers.predict import _featurize
```

## Use instead
```python
# move the shared helper below both: ml_service/features.py
from ml_service.features import featurize
```
"""

_ACYCLIC_DOC = """SC304 — import cycle.

## What it does
Checks an `acyclic` contract: no import cycles among the `modules` (all first-party modules
when omitted). For each strongly connected group of modules it reports one shortest cycle,
rotated to start at its first module so it reads the same on every run. Type-only imports
vanish at run time and are not counted: `import type`, `if TYPE_CHECKING:`, a TypeScript
import whose names are used only as types (the compiler drops it, unless the file's tsconfig
sets `verbatimModuleSyntax`, which keeps it), every import of a declaration file (`.d.ts`),
and an `import('./a')` in a type (`typeof import('./a')`, `import('./a').Model`).

## Why is this bad?
Modules in a cycle load in an order that depends on who imports first, fail with partially
initialised modules, and can only be understood, tested and moved together.

## Example
```python
# app/orders.py
from app.billing import invoice
# app/billing.py
from app.orders import Order
```

## Use instead
```python
# app/billing.py: depend on the data, not the module that uses you
from app.models import Order
```
"""

_ALLOWED_ONLY_DOC = """SC305 — import outside an allowed-only list.

## What it does
Checks an `allowed-only` contract: the `source` modules may import only each other, the
modules and packages listed in `allow`, and (with `allow_stdlib = true`) the standard
library or Node built-ins. Every other direct import is reported.

## Why is this bad?
A core that may depend only on a short, named list stays portable and cheap to test; an
allow-list makes each new dependency a visible, reviewed decision.

## Example
```toml
[[contracts]]
name = "shared package stays dependency-free"
type = "allowed-only"
source = ["packages/shared/src/"]
allow = []
allow_stdlib = true
```
```ts
// packages/shared/src/money.ts
import Decimal from 'decimal.js';
```

## Use instead
```ts
// keep the shared package plain, or add the dependency to `allow` after review
export const sumMoney = (a: Money, b: Money): Money => ({ ...a, cents: a.cents + b.cents });
```
"""


def _rule(kind: str, name: str, summary: str, doc: str) -> Rule:
    return Rule(CODES[kind], name, "error", summary, doc, _CHECKS[kind])


RULES = (
    _rule("layers", "layers", "Layers contract broken", _LAYERS_DOC),
    _rule("forbidden", "forbidden-import", "Forbidden import", _FORBIDDEN_DOC),
    _rule("independence", "independence", "Independence contract broken", _INDEPENDENCE_DOC),
    _rule("acyclic", "import-cycle", "Import cycle", _ACYCLIC_DOC),
    _rule("allowed-only", "allowed-only", "Import outside an allowed-only list", _ALLOWED_ONLY_DOC),
)
