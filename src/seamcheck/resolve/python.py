"""Python module names and import resolution.

Module names come from each Python service's source roots (`roots.py`: the service root, `src/`,
declared package folders, and the folders its code runs from: a Django `manage.py`'s, pytest's
`pythonpath`, configured `source_roots`); regular and namespace packages both count (a folder
without `__init__.py` still names a package). An absolute import is looked up on the path roots
holding the importer first, then in the importing service, then on the other path roots it sees,
then in the other services (a hit there is a cross-service import), then the standard library,
then third-party distributions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from seamcheck.project import Project, normalise_dist
from seamcheck.records import dataclass
from seamcheck.resolve.distributions import IMPORT_TO_DISTRIBUTION
from seamcheck.resolve.relative import absolute_module
from seamcheck.resolve.roots import SourceRoot, inside, source_roots

if TYPE_CHECKING:
    from seamcheck.facts import FileFacts

# `_typeshed` is the standard library's as type checkers see it (`if TYPE_CHECKING: from
# _typeshed import StrPath`): no distribution, though no interpreter ships the module.
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__", "_typeshed"}


@dataclass(frozen=True, slots=True)
class PyTarget:
    """kind: module | namespace | external | unresolved. For module: `path` of the file;
    for external: `package` (normalised distribution) and `origin` (stdlib | third_party)."""

    kind: str
    name: str  # the dotted module name the import reaches (absolute)
    path: str = ""
    service: str = ""
    package: str = ""
    origin: str = ""
    reason: str = ""


class PythonModules:
    """Module name <-> file for every Python service, and import resolution against them.

    A file has a name for each of its service's roots that holds it (`roots.py`): the
    deepest of those that give names gives the one it goes by (its node's name, what
    contracts match, where its relative imports start), as a `src/` layout's file goes by
    `app.x`, not `src.app.x`, and a Django app beside `manage.py` by `core.x`, the name its
    code imports it by, not `label_studio.core.x`; a pytest `pythonpath` entry gives none,
    so a test helper keeps `tests.helpers.x`. Its other names lead to the same file, so it
    is one module whichever it is imported by: one node, one set of findings, no cycle
    between the two.
    """

    def __init__(self, project: Project, facts: Mapping[str, FileFacts] | None = None) -> None:
        self._by_service: dict[str, dict[str, str]] = {}  # service -> module name -> path
        self._packages: dict[str, set[str]] = {}  # service -> package names (incl. namespace)
        self._name_of: dict[str, str] = {}
        self._names_of: dict[str, list[str]] = {}  # path -> its names, when it has several
        self._service_of: dict[str, str] = {}
        self.roots = source_roots(project, facts or {})
        # Names from package roots, which every service sees, then each path root's, seen
        # only by its own service's code within its scope (`_visible`).
        own: dict[str, dict[str, str]] = {}
        own_packages: dict[str, set[str]] = {}
        self._path_roots: dict[str, list[_PathRoot]] = {}
        for service, roots in self.roots.items():
            self._path_roots[service] = [_PathRoot(r) for r in roots if not r.is_package_root]
        for file in project.files:
            if file.language != "python":
                continue
            service = file.service
            tables = {t.root.folder: t for t in self._path_roots.get(service, ())}
            names: list[str] = []
            goes_by: str | None = None
            standard: str | None = None
            for root in self.roots.get(service, ()):
                name = module_name(file.path, [root.folder])
                if name is None:
                    continue
                if not root.is_package_root:
                    table = tables[root.folder]
                    table.modules.setdefault(name, file.path)
                    _add_packages(table.packages, name, file.path)
                elif standard is None:  # one name from package roots: the deepest one's
                    standard = name
                    own.setdefault(service, {}).setdefault(name, file.path)
                    _add_packages(own_packages.setdefault(service, set()), name, file.path)
                else:
                    continue
                names.append(name)
                if goes_by is None and root.gives_names:
                    goes_by = name
            if not names:
                continue
            # A file only path roots that give no names hold (its package name has a dot in
            # a folder's name) goes by the deepest of them.
            names = list(dict.fromkeys((goes_by or names[0], *names)))
            self._name_of[file.path] = names[0]
            if len(names) > 1:
                self._names_of[file.path] = names
            self._service_of[file.path] = service
        # Every name of every file, for the name binder: a package root's name first where a
        # path root's is the same.
        for service in sorted(set(own) | set(self._path_roots)):
            modules = dict(own.get(service, {}))
            packages = set(own_packages.get(service, ()))
            for path_root in self._path_roots.get(service, ()):
                for name, path in path_root.modules.items():
                    modules.setdefault(name, path)
                packages |= path_root.packages
            if modules:
                self._by_service[service] = modules
                self._packages[service] = packages
        self._visible_memo: dict[str, _Visible] = {}
        self._targets: dict[tuple[str, str, str], PyTarget] = {}  # see `_target`
        # Who has a name, for lookups that would otherwise ask every service in turn: a
        # repository of many services imports the same library names in each of them. Each
        # name's services are in name order, so the first one is the first by name.
        self._module_owners: dict[str, dict[str, str]] = {}  # name -> service -> path
        for owner in sorted(own):
            for name, path in own[owner].items():
                self._module_owners.setdefault(name, {})[owner] = path
        self._package_owners: dict[str, dict[str, None]] = {}  # name -> services
        for owner in sorted(own_packages):
            for name in own_packages[owner]:
                self._package_owners.setdefault(name, {})[owner] = None

    def module_paths(self) -> dict[tuple[str, str], str]:
        """(service, dotted module name) -> path, for every module."""
        return {
            (service, name): path
            for service, modules in self._by_service.items()
            for name, path in modules.items()
        }

    def packages(self) -> dict[str, set[str]]:
        return self._packages

    def name_of(self, path: str) -> str | None:
        return self._name_of.get(path)

    def other_names(self, path: str) -> tuple[str, ...]:
        """The file's names besides the one it goes by."""
        return tuple(self._names_of.get(path, ())[1:])

    def resolve(self, importer: str, module: str, names: Iterable[str] = ()) -> list[PyTarget]:
        """Targets of `import module` or `from module import names` written in `importer`."""
        service = self._service_of.get(importer, "")
        absolute = self._absolute(importer, module)
        if absolute is None:
            return [
                PyTarget("unresolved", module, reason="relative import beyond top-level package")
            ]
        visible = self._visible(importer, service)
        wanted = [n for n in names if n != "*"]
        if wanted:
            # `from pkg import name` reaches the submodule pkg.name when there is one.
            targets = []
            for name in wanted:
                full = f"{absolute}.{name}" if absolute else name
                sub = self._first_party(service, visible, full)
                if sub is not None and sub.kind == "module":
                    targets.append(sub)
                else:
                    targets.append(self._target(service, visible, absolute, module))
            return _unique(targets)
        return [self._target(service, visible, absolute, module)]

    def _absolute(self, importer: str, module: str) -> str | None:
        """The module a relative import names, from the importer's own name, else from its
        other names: `from ...config import x` may climb above the root the file's own
        name starts from."""
        found = absolute_module(importer, self._name_of.get(importer), module)
        if found is None:
            for name in self._names_of.get(importer, ())[1:]:
                found = absolute_module(importer, name, module)
                if found is not None:
                    break
        return found

    def _visible(self, importer: str, service: str) -> _Visible:
        """The path roots whose names the importer's code sees, deepest first: those holding
        it, then the others."""
        if not self._path_roots.get(service):  # most services: every import asks
            return _NONE_VISIBLE
        folder = importer.rpartition("/")[0]
        key = f"{service}\0{folder}"
        found = self._visible_memo.get(key)
        if found is None:
            roots = [r for r in self._path_roots[service] if r.root.sees(importer)]
            holding = tuple(r for r in roots if inside(importer, r.root.folder))
            others = tuple(r for r in roots if not inside(importer, r.root.folder))
            found = _Visible(holding, others, holding + others)
            self._visible_memo[key] = found
        return found

    def _first_party(self, service: str, visible: _Visible, name: str) -> PyTarget | None:
        """The module `name` on a path root holding the importer (first on `sys.path` for
        the code in it, as for a script run there), else in the importing service, else on
        another path root it sees (pytest's path, there only while the tests run: never
        ahead of the service's own modules), else in the first other service by name; only
        then a package (as Python's import system does, a module anywhere on the path wins
        over a namespace package), again in that order."""
        for root in visible.holding:
            path = root.modules.get(name)
            if path is not None:
                return PyTarget("module", name, path=path, service=service)
        owners = self._module_owners.get(name)
        if owners and service in owners:
            return PyTarget("module", name, path=owners[service], service=service)
        for root in visible.others:
            path = root.modules.get(name)
            if path is not None:
                return PyTarget("module", name, path=path, service=service)
        if owners:
            owner = next(iter(owners))
            return PyTarget("module", name, path=owners[owner], service=owner)
        holders = self._package_owners.get(name)
        if (holders and service in holders) or (
            visible.all and any(name in r.packages for r in visible.all)
        ):
            return PyTarget("namespace", name, service=service)
        if holders:
            return PyTarget("namespace", name, service=next(iter(holders)))
        return None

    def _target(self, service: str, visible: _Visible, name: str, written: str) -> PyTarget:
        """What the module `name` (written `written`) is for an importer in `service` that
        sees the path roots `visible`. Memoised for the importers that see none (most): a
        service imports the same modules from file after file (`os`, `typing`, its own
        models), and `from m import a, b` asks for `m` for each name that is no submodule."""
        if visible is not _NONE_VISIBLE:
            return self._find_target(service, visible, name, written)
        key = (service, name, written)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._find_target(service, visible, name, written)
        return found

    def _find_target(self, service: str, visible: _Visible, name: str, written: str) -> PyTarget:
        if not name:
            return PyTarget("unresolved", written, reason="empty module name")
        found = self._first_party(service, visible, name)
        if found is not None:
            return found
        top = name.split(".", 1)[0]
        owner = self._holder(service, visible, top)
        if owner is not None:
            return PyTarget(
                "unresolved",
                name,
                service=owner,
                reason=f"'{top}' is first-party (service '{owner}') but has no module '{name}'",
            )
        if top in STDLIB:
            return PyTarget("external", name, package=top, origin="stdlib")
        return PyTarget("external", name, package=distribution_for(name), origin="third_party")

    def _holder(self, service: str, visible: _Visible, name: str) -> str | None:
        """The service that has a module or a package `name`: the importer's own (on a path
        root it sees, or a package root), else the first by name."""
        if visible.all and any(name in r.modules or name in r.packages for r in visible.all):
            return service
        modules = self._module_owners.get(name, {})
        packages = self._package_owners.get(name, {})
        if service in modules or service in packages:
            return service
        return min((next(iter(owners)) for owners in (modules, packages) if owners), default=None)


@dataclass(slots=True)
class _PathRoot:
    """A path root's names (`roots.py`): module name -> path, and its package names."""

    root: SourceRoot
    modules: dict[str, str] = field(default_factory=dict)
    packages: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Visible:
    """The path roots an importer sees: those holding it, then the others in its scope."""

    holding: tuple[_PathRoot, ...]
    others: tuple[_PathRoot, ...]
    all: tuple[_PathRoot, ...]  # both, in that order


_NONE_VISIBLE = _Visible((), (), ())


def _add_packages(packages: set[str], name: str, path: str) -> None:
    """The packages a module's name implies: each prefix, and the module itself when it is
    a package's `__init__`."""
    parts = name.split(".")
    is_package = path.endswith(("/__init__.py", "/__init__.pyi"))
    for i in range(1, len(parts) + (1 if is_package else 0)):
        packages.add(".".join(parts[:i]))


def distribution_for(module: str) -> str:
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        mapped = IMPORT_TO_DISTRIBUTION.get(".".join(parts[:i]))
        if mapped:
            return normalise_dist(mapped)
    return normalise_dist(parts[0])


def module_name(path: str, roots: list[str]) -> str | None:
    for root in roots:
        prefix = "" if root == "." else root + "/"
        if not path.startswith(prefix):
            continue
        rel = PurePosixPath(path[len(prefix) :])
        parts = list(rel.parts)
        parts[-1] = rel.stem
        if parts[-1] == "__init__":
            parts.pop()
        # importlib loads modules whose names are not identifiers (Django's 0001_initial.py
        # migrations); only dots and spaces make a file unnameable.
        if not parts or not all(p and "." not in p and " " not in p for p in parts):
            return None
        return ".".join(parts)
    return None


def _unique(targets: list[PyTarget]) -> list[PyTarget]:
    return list(dict.fromkeys(targets))
