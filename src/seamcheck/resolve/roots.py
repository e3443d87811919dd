"""Where a Python service's code is imported from: the folders whose contents are top-level
module names (the entries of `sys.path` the project runs with), read from what the project
declares, never run.

- Package roots, where an installed distribution's packages live: the service root, its
  `src/`, setuptools' `package-dir = {"" = "lib"}` and `packages.find.where` (pyproject.toml
  or setup.cfg) and Poetry's `packages = [{ include = "x", from = "lib" }]`, from the
  service root's own manifests. Every service sees these names (an import of them from
  another service is a cross-service import).
- Path roots, put on `sys.path` by how the code is run: the folder of a Django `manage.py`
  (Python runs a script with its folder first on `sys.path`; pytest-django adds it too), a
  pytest `pythonpath` entry (pytest.toml, pytest.ini, pyproject `[tool.pytest]` or
  `[tool.pytest.ini_options]`, tox.ini, setup.cfg; relative to the folder of the file), and
  the `source_roots` a user configures for the service. Only the service's own code inside
  their scope sees these names: the root itself and the folder of the file that declares
  it (where pytest runs), or the whole service for a configured one.

A root is kept only when it lies inside its service and is not already one of its package
roots. Only some give the names its files go by (`gives_names`): a configured one, and a
`manage.py`'s folder when the settings module it runs is in that folder (Label Studio's
`core.settings.label_studio`, beside it), the project's code being named from there. A
pytest path is how the tests run, not what the code is named, and a `manage.py` running
`tests.settings` from `tests/` names its project from the folder above: their names are
only another way to import the files, which keep the names contracts were written with.
Which of its names a file goes by is `python.py`'s business.
"""

from __future__ import annotations

import configparser
import posixpath
import shlex
from collections.abc import Iterator, Mapping, Set
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamcheck.config import tomllib
from seamcheck.project import Project, Service, innermost
from seamcheck.records import dataclass

if TYPE_CHECKING:
    from seamcheck.facts import Call, FileFacts

# How each kind of root came to be, as `seamcheck services` shows it.
SERVICE_ROOT = "service root"
SRC_LAYOUT = "src layout"
PACKAGE_DIR = "package dir"
MANAGE_PY = "manage.py"
PYTEST = "pytest pythonpath"
CONFIGURED = "source_roots"

# pytest's configuration files in the order it takes them within one folder: the first that
# is one (a pytest.ini or pytest.toml even when empty; the others when they hold pytest's
# section) is the folder's, the rest are not read.
_PYTEST_FILES = (
    "pytest.toml",
    ".pytest.toml",
    "pytest.ini",
    ".pytest.ini",
    "pyproject.toml",
    "tox.ini",
    "setup.cfg",
)
_INI_SECTIONS = {"pytest.ini": "pytest", ".pytest.ini": "pytest", "tox.ini": "pytest"}
_MAX_CONFIG_SIZE = 1_000_000
DJANGO_SETTINGS_MODULE = "DJANGO_SETTINGS_MODULE"


@dataclass(frozen=True, slots=True)
class SourceRoot:
    """A folder whose contents are top-level module names for the service's code.
    `scope`: the folders whose importers see its names; empty for a package root, which
    every importer sees. `declared_in`: the file that says so ("" for the service root and
    `src/`, which need no declaration)."""

    folder: str  # repo-relative POSIX path, "." for the repository root
    service: str
    how: str
    declared_in: str = ""
    scope: tuple[str, ...] = ()
    # Whether the files under it go by its names (the deepest such root's), rather than
    # only being importable by them.
    gives_names: bool = True

    @property
    def is_package_root(self) -> bool:
        return not self.scope

    def sees(self, path: str) -> bool:
        """Whether code at `path` (of the root's service) imports by this root's names."""
        return not self.scope or any(inside(path, folder) for folder in self.scope)


def inside(path: str, folder: str) -> bool:
    return folder == "." or path == folder or path.startswith(folder + "/")


def source_roots(project: Project, facts: Mapping[str, FileFacts]) -> dict[str, list[SourceRoot]]:
    """Each Python service's roots, deepest first (a file goes by the name its deepest root
    gives it), ties by folder: the same whatever order files were read in."""
    folders = _python_folders(project)
    # Every service with Python files: a Node service's scripts are named as a Python one's.
    python = [s for s in project.services if s.name in folders]
    by_root = {s.root: s for s in project.services}
    by_name = {s.name: s for s in python}
    owners: dict[str, str | None] = {}

    def owner(rel: str) -> Service | None:
        folder = innermost(rel, by_root, owners)
        return by_name.get(by_root[folder].name) if folder is not None else None

    found: dict[str, dict[str, SourceRoot]] = {s.name: {} for s in python}

    def keep(root: SourceRoot) -> None:
        held = by_name[root.service]
        roots = found[held.name]
        if not inside(root.folder, held.root) or root.folder not in folders[held.name]:
            return
        known = roots.get(root.folder)
        if known is None:
            roots[root.folder] = root
        elif not known.is_package_root and not root.is_package_root:
            # A folder two files put on the path: the first declaration, seen from either.
            scope = tuple(sorted(set(known.scope) | set(root.scope)))
            gives_names = known.gives_names or root.gives_names
            roots[root.folder] = replace(known, scope=scope, gives_names=gives_names)

    for service in python:
        for root in _package_roots(project, service):
            keep(root)
        for folder in service.source_roots:
            keep(SourceRoot(folder, service.name, CONFIGURED, scope=(service.root,)))
    service_of = {f.path: f.service for f in project.files}
    python_files = {f.path for f in project.files if f.language == "python"}
    for path in sorted(facts):
        if service_of.get(path) in by_name and _is_django_manage(path, facts[path]):
            folder = posixpath.dirname(path) or "."
            names = _runs_settings_beside(folder, facts[path], python_files)
            keep(SourceRoot(folder, service_of[path], MANAGE_PY, path, (folder,), names))
    for declared_in, entries in _pytest_paths(project):
        runs = owner(declared_in)
        if runs is None:
            continue
        base = posixpath.dirname(declared_in) or "."
        for entry in entries:
            joined = _joined(base, entry)
            if joined is not None:
                scope = (base,) if inside(joined, base) else tuple(sorted((base, joined)))
                keep(SourceRoot(joined, runs.name, PYTEST, declared_in, scope, False))
    return {
        name: sorted(roots.values(), key=lambda r: (-_depth(r.folder), r.folder))
        for name, roots in found.items()
    }


def _python_folders(project: Project) -> dict[str, set[str]]:
    """Each service's folders that hold one of its Python files, at any depth: a root holding
    none of them names nothing of the service."""
    folders: dict[str, set[str]] = {}
    for file in project.files:
        if file.language != "python":
            continue
        seen = folders.setdefault(file.service, set())
        folder = posixpath.dirname(file.path) or "."
        while folder not in seen:
            seen.add(folder)
            if folder == ".":
                break
            folder = posixpath.dirname(folder) or "."
    return folders


def _package_roots(project: Project, service: Service) -> Iterator[SourceRoot]:
    yield SourceRoot(service.root, service.name, SERVICE_ROOT)
    src = _joined(service.root, "src")
    if src is not None and (project.root / src).is_dir():
        yield SourceRoot(src, service.name, SRC_LAYOUT)
    others = set(project.other_files)
    for name, read in (("pyproject.toml", _pyproject_package_dirs), ("setup.cfg", _cfg_dirs)):
        manifest = _joined(service.root, name)
        if manifest is None or manifest not in others:
            continue
        for entry in read(project.root / manifest):
            folder = _joined(service.root, entry)
            if folder is not None:
                yield SourceRoot(folder, service.name, PACKAGE_DIR, manifest)


def _pyproject_package_dirs(path: Path) -> Iterator[str]:
    data = _toml(path)
    tool = _table(data, "tool")
    setuptools = _table(tool, "setuptools")
    package_dir = _table(setuptools, "package-dir")
    if isinstance(package_dir.get(""), str):
        yield package_dir[""]
    yield from _strings(_table(_table(setuptools, "packages"), "find").get("where"))
    packages = _table(tool, "poetry").get("packages")
    if isinstance(packages, list):
        for entry in packages:
            if isinstance(entry, dict) and isinstance(entry.get("from"), str):
                yield entry["from"]


def _cfg_dirs(path: Path) -> Iterator[str]:
    parser = _ini(path)
    if parser is None:
        return
    if parser.has_option("options", "package_dir"):
        # `package_dir =\n    =lib` (or `= lib`): the entry with no package name.
        for line in parser.get("options", "package_dir").splitlines():
            name, equals, folder = line.partition("=")
            if equals and not name.strip() and folder.strip():
                yield folder.strip()
    if parser.has_option("options.packages.find", "where"):
        yield from parser.get("options.packages.find", "where").split()


def _is_django_manage(path: str, facts: FileFacts) -> bool:
    """A Django project's `manage.py`: run as a script, so its folder is first on `sys.path`
    and the project's apps beside it are imported as top-level names."""
    if path.rpartition("/")[2] != "manage.py" or facts.language != "python":
        return False
    return any(i.module == "django" or i.module.startswith("django.") for i in facts.imports)


def _runs_settings_beside(folder: str, facts: FileFacts, python_files: Set[str]) -> bool:
    """Whether the settings module a `manage.py` sets is a file in its folder, named from
    there (`core.settings` for `label_studio/core/settings.py`): then its project's code is
    named from that folder. One naming `tests.settings` from `tests/` is run from the folder
    above, as its project's imports are; so is one that names no settings of its own."""
    base = "" if folder == "." else folder + "/"
    for call in facts.calls:
        if sets_django_settings(call):
            module = base + call.args[1].value.replace(".", "/")
            return f"{module}.py" in python_files or f"{module}/__init__.py" in python_files
    return False


def sets_django_settings(call: Call) -> bool:
    """`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")`."""
    if not call.callee.endswith("environ.setdefault") or len(call.args) < 2:
        return False
    variable, module = call.args[:2]
    return variable.value == DJANGO_SETTINGS_MODULE and module.kind == "str"


def _pytest_paths(project: Project) -> Iterator[tuple[str, list[str]]]:
    """(pytest's configuration file, its `pythonpath` entries as written) for each folder
    that has one."""
    by_folder: dict[str, set[str]] = {}
    for rel in project.other_files:
        folder, _, name = rel.rpartition("/")
        if name in _PYTEST_FILES:
            by_folder.setdefault(folder, set()).add(name)
    for folder in sorted(by_folder):
        for name in _PYTEST_FILES:
            if name not in by_folder[folder]:
                continue
            rel = f"{folder}/{name}" if folder else name
            entries = _pythonpath(project.root / rel, name)
            if entries is not None:
                yield rel, entries
                break


def _pythonpath(path: Path, name: str) -> list[str] | None:
    """The file's `pythonpath` entries, or None when it is not pytest's configuration."""
    if name.endswith(".toml"):
        data = _toml(path)
        if name != "pyproject.toml":
            table: Any = _table(data, "pytest")
            return _strings(table.get("pythonpath"))
        tool = _table(data, "tool")
        if "pytest" not in tool:
            return None
        pytest = _table(tool, "pytest")
        return [*_strings(pytest.get("pythonpath")), *_entries(_table(pytest, "ini_options"))]
    section = _INI_SECTIONS.get(name, "tool:pytest")
    parser = _ini(path)
    if parser is None or not parser.has_section(section):
        return [] if name in ("pytest.ini", ".pytest.ini") else None
    return _entries(parser[section])


def _entries(options: Mapping[str, Any]) -> list[str]:
    """An ini-style `pythonpath`: words split as pytest splits them (shell quoting), or a
    TOML array."""
    value = options.get("pythonpath")
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError:  # an unclosed quote: pytest would fail to start
            return []
    return _strings(value)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _joined(folder: str, entry: str) -> str | None:
    """`entry`, relative to `folder`, as a repo-relative folder; None for an absolute path or
    one leaving the repository."""
    if not entry or entry.startswith(("/", "\\", "~", "$")) or "\0" in entry:
        return None
    joined = posixpath.normpath(posixpath.join("" if folder == "." else folder, entry))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def _depth(folder: str) -> int:
    return 0 if folder == "." else folder.count("/") + 1


def _toml(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > _MAX_CONFIG_SIZE:
            return {}
        data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        # Unreadable or not TOML: discovery notes a broken pyproject.toml; pytest would
        # refuse to start with any of these, so no root is lost that the project has.
        return {}
    return data


def _ini(path: Path) -> configparser.ConfigParser | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        if path.stat().st_size > _MAX_CONFIG_SIZE:
            return None
        parser.read_string(path.read_text("utf-8"), source=str(path))
    except (OSError, ValueError, configparser.Error):
        return None
    return parser


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}
