"""The resolve stage: imports to files or packages, names to qualified names, calls to targets.

Takes every file's facts plus the project layout; never parses. Python uses module names from
source roots; JS/TS uses Node and TypeScript resolution (`node.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import replace
from typing import TYPE_CHECKING

from seamcheck.facts import GETTER, Call, FileFacts, Import, call_at
from seamcheck.resolve.model import ImportTarget, Resolution, ResolvedCall, ResolvedImport

if TYPE_CHECKING:
    from seamcheck.project import Project
    from seamcheck.resolve.names import NameResolver
    from seamcheck.resolve.node import JsTarget
    from seamcheck.resolve.python import PyTarget


def resolve(project: Project, facts: Mapping[str, FileFacts]) -> Resolution:
    # Imported here: `resolve.model` records are read by replayed runs and rules that must
    # not pay for loading the resolvers.
    from seamcheck.extract import is_vite_config
    from seamcheck.resolve.names import FileSymbols, NameResolver
    from seamcheck.resolve.node import NodeResolver
    from seamcheck.resolve.pluggy import hook_call_projects, marker_projects
    from seamcheck.resolve.python import PythonModules
    from seamcheck.resolve.vite import vite_aliases

    python = PythonModules(project, facts)
    aliases = {path: vite_aliases(f) for path, f in facts.items() if is_vite_config(path)}
    node = NodeResolver(project.root, frozenset(facts), project.workspace_packages, aliases)
    service_of = {f.path: f.service for f in project.files}
    result = Resolution(facts=dict(facts), source_roots=python.roots)
    by_path: dict[str, list[ResolvedImport]] = {}
    # Each Python target as an ImportTarget once: most are the same few modules (`os`, a
    # service's models), which `PythonModules` gives as one record each.
    from_python: dict[PyTarget, ImportTarget] = {}
    from_node: dict[JsTarget, ImportTarget] = {}  # the same, for JS targets
    for path in sorted(facts):
        file = facts[path]
        resolved = by_path.setdefault(path, [])
        for imp in file.imports:
            if file.language == "python":
                names = [n.name for n in imp.names]
                targets = tuple(
                    from_python.get(t) or from_python.setdefault(t, _from_python(t))
                    for t in python.resolve(path, imp.module, names)
                )
            else:
                kind = "require" if imp.kind == "require" else "import"
                found = node.resolve(imp.module, path, kind)
                target = from_node.get(found)
                if target is None:
                    target = from_node[found] = _from_node(found, service_of)
                targets = (target,)
                if imp.kind == "type_use":
                    kept = node.keeps_type_imports(path)
                    imp = replace(imp, kind="static" if kept else "type_only")
            resolved.append(ResolvedImport(path, imp, targets))
        result.imports.extend(resolved)
        name = python.name_of(path)
        if name is not None:
            result.python_names[path] = name
            others = python.other_names(path)
            if others:
                result.python_other_names[path] = others
    result.looked_at = node.files.seen

    symbols = {path: FileSymbols(facts[path], by_path[path]) for path in facts}
    resolver = NameResolver(symbols, python.module_paths(), python.packages(), service_of)
    result.names = resolver
    properties = {
        d.qualname.rsplit(".", 1)[-1]
        for file in facts.values()
        if file.language == "python"
        for d in file.definitions
        if d.is_property
    }
    for path in sorted(facts):
        calls = resolver.resolve_calls(path, facts[path].calls)
        result.calls.extend(calls)
        if properties and facts[path].language == "python":
            file = facts[path]
            result.calls.extend(_property_reads(resolver, path, file.calls, file.reads, properties))
        result.references.extend(resolver.resolve_references(path, facts[path].calls))
        if facts[path].language == "python":
            result.class_bases.update(resolver.resolve_bases(path))
            decorators = resolver.resolve_decorators(path)
            result.decorators.update(decorators)
            result.hookimpl_projects.update(marker_projects(resolver, path, decorators))
            result.hook_call_projects.update(hook_call_projects(resolver, path, calls))
        resolver.forget_calls()  # per file: kept for all, 139 MB more peak RSS at 5k files
    return result


def _property_reads(
    resolver: NameResolver,
    path: str,
    calls: Sequence[Call],
    reads: Sequence[Call],
    properties: Set[str],
) -> Iterator[ResolvedCall]:
    """`service.model` in `service.model.predict(rows)`, where `model` is a property of the
    class `service` is an instance of: reading it runs the getter. The extractor finds such
    reads of `self` within the property's own class; this finds the rest that a call is made
    on, once every file's definitions are known, and those of the attribute reads on dict
    entries the extractor keeps (`FileFacts.reads`: `db.size` after `db = dbs[name]`,
    `dbs.get(name).size`)."""
    # `flags & GETTER`, not `Call.getter`: a property's call for each call of the file, twice
    made = {(c.callee, c.line, c.column) for c in calls if c.flags & GETTER}
    for call in calls:
        if call.flags & GETTER or call.callee.count(".") < 2:
            continue
        parts = call.callee.split(".")
        if "(" in parts[0]:
            continue
        for end in range(2, len(parts)):
            # A prefix is built only when its last part is a property's name, all that
            # `_property_read` reads first; the parts before it have been checked for `(`.
            if "(" in parts[end - 1]:  # `make().model`: read on a call's result, not on a name
                break
            if parts[end - 1] in properties:
                prefix = ".".join(parts[:end])
                found = _property_read(resolver, path, call, prefix, properties, made)
                if found is not None:
                    yield found
    for read in reads:
        parts = read.callee.split(".")
        for end in range(2, len(parts) + 1):  # `db.size.real`: `db.size`, then the whole
            if parts[end - 1] in properties:
                prefix = ".".join(parts[:end])
                found = _property_read(resolver, path, read, prefix, properties, made)
                if found is not None:
                    yield found


def _property_read(
    resolver: NameResolver,
    path: str,
    call: Call,
    prefix: str,
    properties: Set[str],
    made: set[tuple[str, int, int]],
) -> ResolvedCall | None:
    """The read of `prefix`, written where `call` starts, when it reads a property not
    already read there."""
    where = (prefix, call.line, call.column)
    if prefix.rpartition(".")[2] not in properties or where in made:
        return None
    aside = call.aside if prefix == call.callee else None  # `dbs[name].size` as written
    read = call_at(prefix, call.scope, call.span, flags=GETTER, aside=aside)
    resolved = resolver.resolve_call(path, read)
    if resolved.kind != "function" or not resolver.is_property(resolved.target):
        return None
    made.add(where)
    return resolved


def _from_python(target: PyTarget) -> ImportTarget:
    if target.kind == "external":
        return ImportTarget(
            "external",
            package=f"ext:python:{target.package}",
            qualname=target.name,
            origin=target.origin,
        )
    return ImportTarget(
        target.kind,
        path=target.path,
        service=target.service,
        qualname=target.name,
        reason=target.reason,
    )


def _from_node(target: JsTarget, service_of: Mapping[str, str]) -> ImportTarget:
    if target.kind == "file":
        return ImportTarget(
            "module",
            path=target.target,
            service=service_of.get(target.target, ""),
            qualname=target.target,
        )
    if target.kind == "builtin":
        top = target.target.split("/", 1)[0]
        return ImportTarget(
            "external", package=f"ext:js:node:{top}", qualname=target.target, origin="builtin"
        )
    if target.kind == "external":
        qualname = f"{target.target}/{target.subpath}" if target.subpath else target.target
        return ImportTarget(
            "external", package=f"ext:js:{target.target}", qualname=qualname, origin="third_party"
        )
    if target.kind == "asset":
        return ImportTarget("asset", path=target.target, qualname=target.target)
    return ImportTarget("unresolved", qualname=target.target, reason=target.reason)


__all__ = ["Import", "ImportTarget", "Resolution", "ResolvedImport", "resolve"]
