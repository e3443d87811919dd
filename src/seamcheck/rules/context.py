"""What every rule may look at: the analysed model, read-only."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from seamcheck.config import Config
from seamcheck.project import Project
from seamcheck.resolve.model import Resolution
from seamcheck.seams.model import SeamMap


@dataclass(frozen=True, slots=True)
class RuleContext:
    project: Project
    resolution: Resolution
    graph: nx.MultiDiGraph
    config: Config
    seams_map: SeamMap | None = None  # computed by analyse(); `seams` computes it otherwise

    @property
    def seams(self) -> SeamMap:
        if self.seams_map is not None:
            return self.seams_map
        from seamcheck.seams import analyse_seams

        return analyse_seams(self.project, self.resolution)

    def service_of(self, path: str) -> str:
        return str(self.graph.nodes[path]["service"]) if path in self.graph else ""
