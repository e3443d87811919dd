"""What each service uses, as the report lists it: third-party packages from the graph's import
edges and the manifest's declared dependencies, each looked up in the library catalogs."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from seamcheck.catalogs import Catalog, npm_categories, python_categories
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
            if service.runtime == "python":
                add(service.name, python_categories(catalogs, [dependency], dependency))
            else:
                add(service.name, npm_categories(catalogs, dependency))
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
        if target["ecosystem"] == "python":
            specifier = str(data.get("specifier", package))
            names = [specifier, *(f"{specifier}.{n}" for n in data.get("names", ()))]
            # Listed by distribution (`scikit-learn`, not `sklearn`), like the manifest.
            found = python_categories(catalogs, names, package)
            add(owner, [(category, package) for category, _ in found])
        else:
            add(owner, npm_categories(catalogs, package))
    return by_category, packages
