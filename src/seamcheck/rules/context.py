"""What every rule may look at: the analysed model, read-only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, TypeVar

from seamcheck.records import dataclass

if TYPE_CHECKING:
    import networkx as nx

    from seamcheck.config import Config
    from seamcheck.project import Project
    from seamcheck.resolve.model import Resolution
    from seamcheck.seams.model import SeamMap

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RuleContext:
    project: Project
    resolution: Resolution
    # In `check`, the rule graph: services, modules, packages and routes with their
    # `contains` and `imports` edges, no functions (`graph.build_graph(calls=False)`). A rule
    # that needs functions or calls reads `resolution`, as the blocking rules do.
    graph: nx.MultiDiGraph
    config: Config
    seams_map: SeamMap | None = None  # computed by analyse(); `seams` computes it otherwise
    _views: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def seams(self) -> SeamMap:
        """Routes, client calls and their links (issue #5)."""
        if self.seams_map is not None:
            return self.seams_map

        def build(context: RuleContext) -> SeamMap:
            from seamcheck.seams import analyse_seams

            return analyse_seams(context.project, context.resolution)

        return self.view("seams", build)

    def service_of(self, path: str) -> str:
        """The service of a source file (as its module node in the graph has it), or of
        another graph node; "" for a path that is neither."""
        found = self.view("services of files", _services_of_files).get(path)
        if found is not None:
            return found
        return str(self.graph.nodes[path]["service"]) if path in self.graph else ""

    def view(self, name: str, build: Callable[[RuleContext], T]) -> T:
        """A derived view (e.g. the module import graph) built once and shared by rules."""
        if name not in self._views:
            self._views[name] = build(self)
        result: T = self._views[name]
        return result


def _services_of_files(context: RuleContext) -> dict[str, str]:
    # Read from the project, not the graph: the rules run beside the graph's building
    # (`rules/aside.py`) have no graph.
    return {f.path: f.service for f in context.project.files}
