"""Python module names and import resolution.

Module names come from each Python service's source roots (`src/` layout or flat); regular and
namespace packages both count (a folder without `__init__.py` still names a package). An
absolute import is looked up in the importing service first, then in the other services (a hit
there is a cross-service import), then the standard library, then third-party distributions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import PurePosixPath

from seamcheck.project import Project, Service, normalise_dist
from seamcheck.records import dataclass
from seamcheck.resolve.distributions import IMPORT_TO_DISTRIBUTION
from seamcheck.resolve.relative import absolute_module

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
    """Module name <-> file for every Python service, and import resolution against them."""

    def __init__(self, project: Project) -> None:
        self._by_service: dict[str, dict[str, str]] = {}  # service -> module name -> path
        self._packages: dict[str, set[str]] = {}  # service -> package names (incl. namespace)
        self._name_of: dict[str, str] = {}
        self._service_of: dict[str, str] = {}
        services = {s.name: s for s in project.services}
        for file in project.files:
            if file.language != "python":
                continue
            service = services[file.service]
            name = module_name(file.path, _source_roots(service, project))
            if name is None:
                continue
            self._by_service.setdefault(service.name, {}).setdefault(name, file.path)
            self._name_of[file.path] = name
            self._service_of[file.path] = service.name
            packages = self._packages.setdefault(service.name, set())
            parts = name.split(".")
            is_package = file.path.endswith(("/__init__.py", "/__init__.pyi"))
            for i in range(1, len(parts) + (1 if is_package else 0)):
                packages.add(".".join(parts[:i]))
        # Who has a name, for lookups that would otherwise ask every service in turn: a
        # repository of many services imports the same library names in each of them. Each
        # name's services are in name order, so the first one is the first by name.
        self._module_owners: dict[str, dict[str, str]] = {}  # name -> service -> path
        for owner in sorted(self._by_service):
            for name, path in self._by_service[owner].items():
                self._module_owners.setdefault(name, {})[owner] = path
        self._package_owners: dict[str, dict[str, None]] = {}  # name -> services
        for owner in sorted(self._packages):
            for name in self._packages[owner]:
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

    def resolve(self, importer: str, module: str, names: Iterable[str] = ()) -> list[PyTarget]:
        """Targets of `import module` or `from module import names` written in `importer`."""
        service = self._service_of.get(importer, "")
        absolute = self._absolute(importer, module)
        if absolute is None:
            return [
                PyTarget("unresolved", module, reason="relative import beyond top-level package")
            ]
        absolute_base = absolute
        wanted = [n for n in names if n != "*"]
        if wanted:
            # `from pkg import name` reaches the submodule pkg.name when there is one.
            targets = []
            for name in wanted:
                full = f"{absolute_base}.{name}" if absolute_base else name
                sub = self._first_party(service, full)
                if sub is not None and sub.kind == "module":
                    targets.append(sub)
                else:
                    targets.append(self._target(service, absolute_base, module))
            return _unique(targets)
        return [self._target(service, absolute_base, module)]

    def _absolute(self, importer: str, module: str) -> str | None:
        return absolute_module(importer, self._name_of.get(importer), module)

    def _first_party(self, service: str, name: str) -> PyTarget | None:
        """The module `name` in the importing service, else in the first other service by
        name; only then a package (as Python's import system does, a module anywhere on the
        path wins over a namespace package), again the importer's own first."""
        owners = self._module_owners.get(name)
        if owners:
            owner = service if service in owners else next(iter(owners))
            return PyTarget("module", name, path=owners[owner], service=owner)
        holders = self._package_owners.get(name)
        if holders:
            owner = service if service in holders else next(iter(holders))
            return PyTarget("namespace", name, service=owner)
        return None

    def _target(self, service: str, name: str, written: str) -> PyTarget:
        if not name:
            return PyTarget("unresolved", written, reason="empty module name")
        found = self._first_party(service, name)
        if found is not None:
            return found
        top = name.split(".", 1)[0]
        owner = self._holder(service, top)
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

    def _holder(self, service: str, name: str) -> str | None:
        """The service that has a module or a package `name`: the importer's own, else the
        first by name."""
        modules = self._module_owners.get(name, {})
        packages = self._package_owners.get(name, {})
        if service in modules or service in packages:
            return service
        return min((next(iter(owners)) for owners in (modules, packages) if owners), default=None)


def distribution_for(module: str) -> str:
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        mapped = IMPORT_TO_DISTRIBUTION.get(".".join(parts[:i]))
        if mapped:
            return normalise_dist(mapped)
    return normalise_dist(parts[0])


def _source_roots(service: Service, project: Project) -> list[str]:
    """Deepest first: `<root>/src` (when it exists), then the service root."""
    base = "" if service.root == "." else service.root + "/"
    roots = [service.root]
    if (project.root / base / "src").is_dir():
        roots.insert(0, f"{base}src")
    return roots


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
