"""What every rule may look at: the analysed model, read-only."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from seamcheck.config import Config
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution


@dataclass(frozen=True, slots=True)
class RuleContext:
    project: Project
    resolution: Resolution
    graph: nx.MultiDiGraph
    config: Config

    def service_of(self, path: str) -> str:
        return str(self.graph.nodes[path]["service"]) if path in self.graph else ""
