"""What every rule may look at: the analysed model, read-only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from seamcheck.config import Config
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution

if TYPE_CHECKING:  # listing rules (`seamcheck rules`) must not load networkx
    import networkx as nx


@dataclass(frozen=True, slots=True)
class RuleContext:
    project: Project
    resolution: Resolution
    graph: nx.MultiDiGraph
    config: Config

    def service_of(self, path: str) -> str:
        return str(self.graph.nodes[path]["service"]) if path in self.graph else ""
