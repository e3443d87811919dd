"""Stage 1 of a per-service pipeline, simulated: resolve one unit (a service) while every other
file is decoded only when the resolver reads it (issue #8, docs/ARCHITECTURE.md "Runs after an
edit that changes facts").

    python bench/unit_resolve.py TREE [--cache-dir DIR] [--units N]

For each of the N largest units (default: all), resolves only that unit's files, with the
project's module tables built from the walk (paths, not facts), the `properties` names given
as a stored summary would give them, and other files' symbols built on first read. Prints,
per unit, the CPU time, how many files outside it were read, and whether each product of
the resolver for the unit's files equals the whole run's: resolved calls (property reads
included), imports, references, class bases, decorators, pluggy projects, Python names.

Measurement only: this mirrors `resolve.resolve` and must follow it when that changes;
nothing in seamcheck uses it.
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from seamcheck.analysis import RunOptions, _Model, _without_cycle_collection
from seamcheck.cache import Cache
from seamcheck.config import load_config
from seamcheck.facts import FileFacts
from seamcheck.inputs import snapshot
from seamcheck.project import Project, discover
from seamcheck.resolve import (
    _from_node,
    _from_python,
    _property_reads,
    resolve,
)
from seamcheck.resolve.model import Resolution, ResolvedImport

clock = time.process_time


class Reading(Mapping[str, FileFacts]):
    """Every file's facts, noting which are read (a real run would decode them then)."""

    def __init__(self, facts: Mapping[str, FileFacts]) -> None:
        self._facts = facts
        self.read: set[str] = set()

    def __getitem__(self, path: str) -> FileFacts:
        self.read.add(path)
        return self._facts[path]

    def __contains__(self, path: object) -> bool:
        return path in self._facts

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)


def resolve_unit(
    project: Project, facts: Reading, unit: list[str], properties: set[str]
) -> tuple[Resolution, set[str]]:
    """`resolve.resolve` for the files of `unit` only; the paths outside it whose symbols it
    built."""
    from seamcheck.extract import is_vite_config
    from seamcheck.resolve.appstate import AppStates
    from seamcheck.resolve.names import FileSymbols, NameResolver
    from seamcheck.resolve.node import NodeResolver
    from seamcheck.resolve.pluggy import hook_call_projects, marker_projects
    from seamcheck.resolve.python import PythonModules

    manage = {p: facts[p] for p in facts if p.rpartition("/")[2] == "manage.py"}
    python = PythonModules(project, manage)  # module tables from project.files: paths only
    aliases = {path: vite_aliases(facts[path]) for path in facts if is_vite_config(path)}
    node = NodeResolver(project.root, frozenset(facts), project.workspace_packages, aliases)
    service_of = {f.path: f.service for f in project.files}
    result = Resolution(facts={}, source_roots=python.roots)
    from_python: dict[Any, Any] = {}

    def imports_of(path: str) -> list[ResolvedImport]:
        file = facts[path]
        resolved = []
        for imp in file.imports:
            if file.language == "python":
                names = [n.name for n in imp.names]
                targets = tuple(
                    from_python.get(t) or from_python.setdefault(t, _from_python(t))
                    for t in python.resolve(path, imp.module, names)
                )
            else:
                from dataclasses import replace

                kind = "require" if imp.kind == "require" else "import"
                targets = (_from_node(node.resolve(imp.module, path, kind), service_of),)
                if imp.kind == "type_use":
                    kept = node.keeps_type_imports(path)
                    imp = replace(imp, kind="static" if kept else "type_only")
            resolved.append(ResolvedImport(path, imp, targets))
        return resolved

    by_path = {path: imports_of(path) for path in unit}
    outside: set[str] = set()

    class Symbols(dict):  # type: ignore[type-arg]
        def __missing__(self, path: str) -> FileSymbols:
            if path not in facts:
                raise KeyError(path)
            outside.add(path)
            built = self[path] = FileSymbols(facts[path], imports_of(path))
            return built

        def get(self, path: str, default: Any = None) -> Any:
            return self[path] if path in self or path in facts else default

        def __contains__(self, path: object) -> bool:
            return isinstance(path, str) and path in facts

    symbols = Symbols({path: FileSymbols(facts[path], by_path[path]) for path in unit})
    resolver = NameResolver({}, python.module_paths(), python.packages(), service_of)
    resolver.symbols = symbols
    resolver.app_states = AppStates(facts, service_of)
    for path in unit:
        result.imports.extend(by_path[path])
        name = python.name_of(path)
        if name is not None:
            result.python_names[path] = name
            others = python.other_names(path)
            if others:
                result.python_other_names[path] = others
    for path in unit:
        file = facts[path]
        calls = resolver.resolve_calls(path, file.calls)
        result.calls.extend(calls)
        if properties and file.language == "python":
            result.calls.extend(_property_reads(resolver, path, file.calls, file.reads, properties))
        result.references.extend(resolver.resolve_references(path, file.calls))
        if file.language == "python":
            result.class_bases.update(resolver.resolve_bases(path))
            decorators = resolver.resolve_decorators(path)
            result.decorators.update(decorators)
            result.hookimpl_projects.update(marker_projects(resolver, path, decorators))
            result.hook_call_projects.update(hook_call_projects(resolver, path, calls))
        resolver.forget_calls()
    return result, outside


def vite_aliases(facts: FileFacts) -> Any:
    from seamcheck.resolve.vite import vite_aliases as aliases

    return aliases(facts)


def products(resolution: Resolution, unit: set[str]) -> dict[str, Any]:
    """What the resolver gives for the files of `unit`, comparable between two runs."""

    def mine(node: str) -> bool:
        return node.partition("::")[0] in unit

    return {
        "calls": [
            (c.path, c.call, c.kind, c.target, c.qualname, c.reason)
            for c in resolution.calls
            if c.path in unit
        ],
        "imports": [i for i in resolution.imports if i.path in unit],
        "references": [r for r in resolution.references if r.path in unit],
        "class bases": {k: v for k, v in resolution.class_bases.items() if mine(k)},
        "decorators": {k: v for k, v in resolution.decorators.items() if mine(k)},
        "pluggy": (
            {k: v for k, v in resolution.hookimpl_projects.items() if mine(k)},
            {k: v for k, v in resolution.hook_call_projects.items() if k[0] in unit},
        ),
        "python names": (
            {k: v for k, v in resolution.python_names.items() if k in unit},
            {k: v for k, v in resolution.python_other_names.items() if k in unit},
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--cache-dir", type=Path, help="default: TREE/.seamcheck_cache")
    parser.add_argument("--units", type=int, default=0, help="the N largest; 0: all")
    args = parser.parse_args()
    root = args.tree.resolve()
    folder = args.cache_dir or root / ".seamcheck_cache"
    config = load_config(root)
    with _without_cycle_collection():
        project = discover(root, config)
        sources = snapshot(project, {}).sources
        options = RunOptions(cache_dir=folder, jobs=1, progress=False)
        facts = _Model(project, dict(sources), Cache.open(folder), options).facts()
        start = clock()
        whole = resolve(project, facts)
        print(f"{root.name}: whole resolve {clock() - start:.2f} s, {len(facts)} files")
        properties = {
            d.qualname.rsplit(".", 1)[-1]
            for file in facts.values()
            if file.language == "python"
            for d in file.definitions
            if d.is_property
        }
        units: dict[str, list[str]] = collections.defaultdict(list)
        for file in project.files:
            units[file.service].append(file.path)
        ordered = sorted(units.items(), key=lambda item: (-len(item[1]), item[0]))
        exact = 0
        for name, paths in ordered[: args.units or None]:
            paths = sorted(paths)
            reading = Reading(facts)
            start = clock()
            alone, outside = resolve_unit(project, reading, paths, properties)
            spent = clock() - start
            expected, got = products(whole, set(paths)), products(alone, set(paths))
            differ = [k for k in expected if expected[k] != got[k]]
            exact += not differ
            print(
                f"  {name or '(no service)'!r}: {len(paths)} files, {spent:.3f} s, symbols of "
                f"{len(outside)} files outside read, facts of {len(reading.read) - len(paths)} "
                f"outside read; {'exact' if not differ else 'DIFFERS: ' + ', '.join(differ)}"
            )
        print(f"exact units: {exact} of {len(ordered[: args.units or None])}")


if __name__ == "__main__":
    main()
