"""The graph's import edges, found in one pass and shared by every rule that reads them.

SC101, SC102, SC103 and the module import graph (cycles, layers, contracts) each looked at
imports only, but each scanned every edge of the graph for them: call edges outnumber import
edges about 10 to 1 (91k edges on a 1k-file tree), so the scans cost more than the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seamcheck.rules.context import RuleContext

# (importer, imported, edge data): the graph's own attribute dict, not a copy.
ImportEdge = tuple[str, str, dict[str, Any]]


def import_edges(context: RuleContext) -> tuple[ImportEdge, ...]:
    """Every `imports` edge, in the order `graph.edges(data=True)` yields them."""
    return context.view("import-edges", _import_edges)


def _import_edges(context: RuleContext) -> tuple[ImportEdge, ...]:
    return tuple(
        (importer, imported, data)
        for importer, imported, data in context.graph.edges(data=True)
        if data.get("kind") == "imports"
    )
