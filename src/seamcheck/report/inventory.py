"""What each service uses, as the report lists it: third-party packages from the graph's import
edges and the manifest's declared dependencies, each looked up in the library catalogs."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from seamcheck.catalogs import Catalog, dependency_categories, import_categories
from seamcheck.project import Project


def catalogued_libraries(
    project: Project, graph: nx.MultiDiGraph, catalogs: Mapping[str, Catalog]
) -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    """(service -> category -> catalogued names, service -> every third-party package).

    A library counts when the service imports it or declares it in its manifest: a model
    service lists `torch` in pyproject even where only a notebook imports it."""
    by_category: dict[str, dict[str, set[str]]] = {s.name: {} for s in project.services}
    packages: dict[str, set[str]] = {s.name: set() for s in project.services}
    runtime = {s.name: s.runtime for s in project.services}

    def add(service: str, found: list[tuple[str, str]]) -> None:
        for category, name in found:
            by_category[service].setdefault(category, set()).add(name)

    for service in project.services:
        for dependency in service.dependencies:
            add(service.name, dependency_categories(catalogs, service.runtime, dependency))
    for importer, imported, data in graph.edges(data=True):
        if data.get("kind") != "imports":
            continue
        target = graph.nodes[imported]
        if target.get("kind") != "external" or target.get("origin") != "third_party":
            continue
        owner = str(graph.nodes[importer].get("service", ""))
        if owner not in runtime:
            continue
        package = str(target["package"])
        packages[owner].add(package)
        specifier = str(data.get("specifier", package))
        found = import_categories(
            catalogs, target["ecosystem"], package, specifier, data.get("names", ())
        )
        # Listed by distribution (`scikit-learn`, not `sklearn`), like the manifest.
        add(owner, [(category, package) for category, _ in found])
    return by_category, packages
