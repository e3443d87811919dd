"""tach's `tach.toml` read as seamcheck `[[contracts]]`, for `seamcheck init --from-tach`.

tach checks each direct import between the modules `tach.toml` declares. A file belongs to
the nearest declared module above it (`app.core.db` is `app.core`'s unless `app.core.db` is
declared too), and code outside every module is not checked. Whether module M may import
module T is decided in tach's order: layers first (a lower layer always, a higher one never,
nor one below a closed layer in between), then `cannot_depend_on`, then a missing
`depends_on` (anything), `utility = true`, and `depends_on` itself.

Each checked module becomes one seamcheck `forbidden` contract, direct imports only: its own
files as `source`, the modules it may not import as `forbidden`, each narrowed with `!` to
the files tach gives it. That gives tach's verdict per import whatever the layering, where a
seamcheck `layers` contract would also count chains and descendants.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from seamcheck.records import dataclass
from seamcheck.translation import Translation, refused

CONFIG_FILE = "tach.toml"
ROOT_MODULE = "<root>"

# Top-level keys with nothing to translate: how tach runs, not what it checks.
_RUNTIME_KEYS = {"source_roots", "respect_gitignore", "cache", "external", "rules"}
_RUNTIME_KEYS |= {"use_regex_matching", "include_string_imports", "modules", "layers"}
_RUNTIME_KEYS |= {"exclude", "interfaces", "root_module", "layers_explicit_depends_on"}

# Top-level keys seamcheck has no equivalent for, and why.
_UNTRANSLATED = {
    "forbid_circular_dependencies": "tach forbids cycles between its declared modules; "
    "seamcheck's acyclic contract forbids cycles between Python modules, and a cycle "
    "between two packages needs no cycle between their files",
    "exact": "seamcheck does not report a declared dependency that no import uses",
}


class TachConfigError(ValueError):
    """The file holds no tach configuration seamcheck can read."""


@dataclass(frozen=True, slots=True)
class _Module:
    path: str
    depends_on: tuple[str, ...] | None
    cannot: tuple[str, ...]
    layer: str | None
    utility: bool
    unchecked: bool


@dataclass(frozen=True, slots=True)
class _Layers:
    order: tuple[str, ...]  # highest first
    closed: frozenset[str]
    explicit: bool  # layers_explicit_depends_on: a lower layer needs depends_on too


def find_config(folder: Path) -> Path | None:
    """The tach.toml tach would read in `folder`, or None."""
    candidate = folder / CONFIG_FILE
    return candidate if candidate.is_file() else None


def read_tach(path: Path, display: str) -> Translation:
    """The contracts of one tach.toml, translated."""
    data = _load(path, display)
    notes = _project_notes(data)
    layers = _layers(data.get("layers"), display, data.get("layers_explicit_depends_on") is True)
    modules, globbed, module_notes = _modules(data.get("modules"), display, layers)
    notes.extend(module_notes)
    tables = []
    for module in modules:
        table = _contract(module, modules, layers, globbed)
        if table is not None:
            problem = refused(table)
            if problem:
                notes.append(f"module {module.path!r}: not translated: {problem}")
            else:
                tables.append(table)
    exclude = tuple(_exclude(data.get("exclude"), display))
    if exclude and data.get("use_regex_matching") is True:
        notes.append(
            "exclude: not translated; with use_regex_matching its entries are regular "
            "expressions, which seamcheck's gitignore-style exclude does not take: exclude "
            "what tach excludes by hand"
        )
        exclude = ()
    return Translation(display, tuple(tables), tuple(notes), exclude=exclude)


def _load(path: Path, display: str) -> Mapping[str, Any]:
    from seamcheck.config import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TachConfigError(f"{display}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TachConfigError(f"{display}: invalid TOML: {exc}") from None
    if not isinstance(data.get("modules"), list) or not data["modules"]:
        raise TachConfigError(f"{display}: no [[modules]]: nothing for tach to check")
    loaded: Mapping[str, Any] = data
    return loaded


def _project_notes(data: Mapping[str, Any]) -> list[str]:
    notes = []
    for key, why in _UNTRANSLATED.items():
        if data.get(key) is True:
            notes.append(f"{key}: not translated; {why}")
    if data.get("ignore_type_checking_imports", True) is not False:
        notes.append(
            "ignore_type_checking_imports: not translated; seamcheck's forbidden contracts "
            "count imports under `if TYPE_CHECKING:`, which tach skips by default"
        )
    if data.get("interfaces"):
        notes.append(
            "interfaces: not translated; seamcheck has no contract that limits which names "
            "of a module others may import"
        )
    if data.get("root_module", "ignore") != "ignore":
        notes.append(
            f"root_module = {data['root_module']!r}: not translated; the code outside every "
            "module is left unchecked, as tach's default 'ignore' has it"
        )
    notes.extend(
        f"{key}: not translated; seamcheck has no such option"
        for key in sorted(set(data) - _RUNTIME_KEYS - set(_UNTRANSLATED))
        if key != "ignore_type_checking_imports"
    )
    return notes


def _layers(value: Any, display: str, explicit: bool) -> _Layers:
    order, closed = [], set()
    for index, layer in enumerate(value if isinstance(value, list) else []):
        name = layer.get("name") if isinstance(layer, Mapping) else layer
        if not isinstance(name, str):
            raise TachConfigError(f"{display}: layers[{index}]: expected a name")
        order.append(name)
        if isinstance(layer, Mapping) and layer.get("closed") is True:
            closed.add(name)
    return _Layers(tuple(order), frozenset(closed), explicit)


def _modules(
    value: Any, display: str, layers: _Layers
) -> tuple[list[_Module], list[str], list[str]]:
    """The declared modules, the glob-declared ones (as seamcheck expressions), and notes."""
    modules: dict[str, _Module] = {}
    globbed: list[str] = []
    notes: list[str] = []
    for index, table in enumerate(value):
        if not isinstance(table, Mapping):
            raise TachConfigError(f"{display}: modules[{index}]: expected a table")
        paths = table.get("paths", [table.get("path")])
        for path in paths if isinstance(paths, list) else [paths]:
            if not isinstance(path, str) or not path:
                raise TachConfigError(f"{display}: modules[{index}]: expected a path")
            if path == ROOT_MODULE:
                continue
            if "*" in path:
                # Its files are not the ancestors' to check, nor anyone's to forbid.
                globbed.append(path)
                notes.append(
                    f"module {path!r}: not translated; a module declared by a glob is left "
                    "unchecked, and imports of it are never reported"
                )
                continue
            module = _module(table, path, display, index)
            if module.layer is not None and module.layer not in layers.order:
                notes.append(f"module {path!r}: layer {module.layer!r} is not in `layers`")
                module = replace(module, layer=None)
            modules[path] = module
            notes.extend(_module_notes(table, path))
    return list(modules.values()), globbed, notes


def _module(table: Mapping[str, Any], path: str, display: str, index: int) -> _Module:
    depends = table.get("depends_on")
    return _Module(
        path=path,
        depends_on=None if depends is None else tuple(_dependency_paths(depends, display, index)),
        cannot=tuple(_dependency_paths(table.get("cannot_depend_on") or [], display, index)),
        layer=table.get("layer") if isinstance(table.get("layer"), str) else None,
        utility=table.get("utility") is True,
        unchecked=table.get("unchecked") is True,
    )


def _dependency_paths(value: Any, display: str, index: int) -> list[str]:
    if not isinstance(value, list):
        raise TachConfigError(f"{display}: modules[{index}]: expected a list of dependencies")
    paths = []
    for item in value:
        path = item.get("path") if isinstance(item, Mapping) else item
        if not isinstance(path, str):
            raise TachConfigError(f"{display}: modules[{index}]: expected a dependency path")
        paths.append(path)
    return paths


def _module_notes(table: Mapping[str, Any], path: str) -> list[str]:
    notes = []
    if table.get("visibility") is not None:
        notes.append(
            f"module {path!r}: visibility: not translated; seamcheck has no contract that "
            "limits who may import a module"
        )
    if table.get("strict") is True:
        notes.append(f"module {path!r}: strict: not translated (interfaces, above)")
    deprecated = [
        d["path"]
        for d in table.get("depends_on") or []
        if isinstance(d, Mapping) and d.get("deprecated")
    ]
    if deprecated:
        notes.append(
            f"module {path!r}: deprecated dependencies {deprecated} are allowed; seamcheck "
            "does not warn on their use"
        )
    for key in ("depends_on_external", "cannot_depend_on_external"):
        if table.get(key):
            notes.append(f"module {path!r}: {key}: not translated (external packages)")
    return notes


def _contract(
    module: _Module, modules: list[_Module], layers: _Layers, globbed: list[str]
) -> dict[str, Any] | None:
    """The forbidden contract of one module, or None when it may import every module."""
    if module.unchecked:
        return None
    forbidden = {m.path: m.path != module.path and _forbids(module, m, layers) for m in modules}
    if not any(forbidden.values()):
        return None
    own = _narrowed({m.path: m.path == module.path for m in modules})
    targets = _narrowed(forbidden)
    return {
        "name": f"tach module {module.path}",
        "type": "forbidden",
        "source": own + _holes(own, globbed),
        "forbidden": targets + _holes(targets, globbed),
        "allow_indirect": True,
    }


def _holes(entries: list[str], globbed: list[str]) -> list[str]:
    """The glob-declared modules taken back from `entries`: those that may lie inside one
    of them (`app.plugins.*` inside `app`), not those of another package, which a negation
    would name nothing of."""
    named = [e for e in entries if not e.startswith("!")]
    holes = []
    for glob in globbed:
        literal = ".".join(glob.split("*", 1)[0].split(".")[:-1]) if "*" in glob else glob
        if not literal or any(_nested(literal, e) or _nested(e, literal) for e in named):
            holes.append(f"!{_expression(glob)}")
    return holes


def _nested(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(f"{outer}.")


def _forbids(module: _Module, other: _Module, layers: _Layers) -> bool:
    """Whether tach reports `module` importing `other`, in tach's order of checks."""
    if module.layer is not None and other.layer is not None:
        mine, theirs = layers.order.index(module.layer), layers.order.index(other.layer)
        if mine > theirs:
            return True
        if mine < theirs and any(layers.order[i] in layers.closed for i in range(mine + 1, theirs)):
            return True
        if mine < theirs and not layers.explicit:
            return False
    if any(_names(pattern, other.path) for pattern in module.cannot):
        return True
    if module.depends_on is None or other.utility:
        return False
    return not any(_names(pattern, other.path) for pattern in module.depends_on)


def _names(pattern: str, path: str) -> bool:
    """A depends_on entry naming a module: its path, or a glob over dotted segments."""
    if "*" not in pattern:
        return pattern == path
    parts = (
        ".*" if part == "**" else re.escape(part).replace(r"\*", "[^.]*")
        for part in pattern.split(".")
    )
    return re.fullmatch(r"\.".join(parts), path) is not None


def _narrowed(status: dict[str, bool]) -> list[str]:
    """Expressions naming the files of the modules whose status is True: a file is its
    nearest declared module's, so a module is listed, or taken back with `!`, only where its
    status differs from that of the nearest declared module above it."""
    entries = []
    for path in sorted(status, key=lambda p: (p.count("."), p)):
        above = _nearest_above(path, status)
        inherited = status[above] if above is not None else False
        if status[path] != inherited:
            entries.append(path if status[path] else f"!{path}")
    return entries


def _nearest_above(path: str, status: dict[str, bool]) -> str | None:
    parts = path.split(".")
    for end in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in status:
            return candidate
    return None


def _expression(glob: str) -> str:
    # tach's `**` is any number of segments, and an expression covers descendants: a
    # trailing `.**` says nothing more.
    return glob.removesuffix(".**") or "**"


def _exclude(value: Any, display: str) -> list[str]:
    """tach's exclude globs match from the start of a repo-relative path: anchored with `/`
    as gitignore patterns."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TachConfigError(f"{display}: exclude: expected a list of paths")
    return [v if v.startswith("/") else f"/{v}" for v in value]
