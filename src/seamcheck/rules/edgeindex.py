"""The graph's import edges, found in one pass and shared by every rule that reads them, and
the catalog categories of each distinct external import, looked up once.

SC101, SC102, SC103 and the module import graph (cycles, layers, contracts) each looked at
imports only, but each scanned every edge of the graph for them: call edges outnumber import
edges about 10 to 1 (91k edges on a 1k-file tree), so the scans cost more than the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from seamcheck.catalogs import import_categories

if TYPE_CHECKING:
    from seamcheck.rules.context import RuleContext

# (importer, imported, edge data): the graph's own attribute dict, not a copy.
ImportEdge = tuple[str, str, dict[str, Any]]
# (ecosystem, package, specifier, imported names): what an import's categories depend on.
_ImportKey = tuple[str, str, str, tuple[str, ...]]


def import_edges(context: RuleContext) -> tuple[ImportEdge, ...]:
    """Every `imports` edge, in the order `graph.edges(data=True)` yields them."""
    return context.view("import-edges", _import_edges)


def _import_edges(context: RuleContext) -> tuple[ImportEdge, ...]:
    return tuple(
        (importer, imported, data)
        for importer, imported, data in context.graph.edges(data=True)
        if data.get("kind") == "imports"
    )


def node_attributes(context: RuleContext) -> Mapping[str, dict[str, Any]]:
    """Graph node -> its attribute dict, as `graph.nodes[node]` gives it, read from networkx's
    own node table (read only): the import rules look up each import's two ends, ~400k
    lookups on the 10k-file tree, and NodeView's `__getitem__` made each a Python call."""
    nodes: dict[str, dict[str, Any]] = context.graph._node
    return nodes


def external_import_categories(
    context: RuleContext, target: Mapping[str, Any], data: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """`catalogs.import_categories` of an import edge into the external node `target`,
    looked up once per distinct import (SC102 and SC103 both ask, for every import)."""
    package = str(target["package"])
    specifier = str(data.get("specifier", package))
    names = tuple(data.get("names", ()))
    key = (str(target["ecosystem"]), package, specifier, names)
    memo = context.view("import-categories", _empty_memo)
    found = memo.get(key)
    if found is None:
        found = memo[key] = import_categories(context.config.catalogs, *key)
    return found


def _empty_memo(_: RuleContext) -> dict[_ImportKey, list[tuple[str, str]]]:
    return {}
