"""import-linter's configuration read as seamcheck `[[contracts]]`, for `seamcheck init
--from-importlinter`: what translates one to one, and for the rest, why it does not.

import-linter reads `setup.cfg` `[importlinter]`, `.importlinter` (INI) or `pyproject.toml`
`[tool.importlinter]`, in that order; so does `find_config`. Its module names are absolute
import names, which are seamcheck's dotted expressions for Python modules.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from seamcheck.modexpr import is_path_expression
from seamcheck.translation import Translation, refused

SEARCH_ORDER = ("setup.cfg", ".importlinter", "pyproject.toml")

# Keys every import-linter contract may carry that seamcheck does without.
_DROPPED = {
    "id": "",
    "unmatched_ignore_imports_alerting": "seamcheck always warns about an ignore entry that "
    "matches no import",
}


class ImportLinterConfigError(ValueError):
    """The file holds no import-linter configuration seamcheck can read."""


def find_config(folder: Path) -> Path | None:
    """The file import-linter would read in `folder`, or None."""
    for name in SEARCH_ORDER:
        candidate = folder / name
        if candidate.is_file() and _raw_options(candidate) is not None:
            return candidate
    return None


def read_importlinter(path: Path, display: str) -> Translation:
    """The contracts of one import-linter configuration file, translated."""
    raw = _raw_options(path, display)
    if raw is None:
        section = "[tool.importlinter]" if path.suffix == ".toml" else "[importlinter]"
        raise ImportLinterConfigError(f"{display}: no {section} section")
    session, contracts = raw
    notes = _session_notes(session)
    tables: list[dict[str, Any]] = []
    guidance: list[str] = []
    for index, options in enumerate(contracts):
        label = _label(options, index)
        table, why = _translate(options, label)
        notes.extend(why)
        if table is not None:
            tables.append(table)
            guidance.append(" ".join(str(options.get("broken_contract_guidance", "")).split()))
    return Translation(display, tuple(tables), tuple(notes), tuple(guidance))


def _raw_options(
    path: Path, display: str = ""
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The file's import-linter options; errors name it `display` (as given), else by path."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportLinterConfigError(f"{shown}: cannot read: {exc}") from None
    return _toml_options(text, shown) if path.suffix == ".toml" else _ini_options(text, shown)


def _toml_options(text: str, shown: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    from seamcheck.config import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportLinterConfigError(f"{shown}: invalid TOML: {exc}") from None
    tool = data.get("tool")
    session = tool.get("importlinter") if isinstance(tool, Mapping) else None
    if not isinstance(session, Mapping) or not session:
        return None
    contracts = session.get("contracts", [])
    if not isinstance(contracts, list) or not all(isinstance(c, Mapping) for c in contracts):
        raise ImportLinterConfigError(f"{shown}: tool.importlinter.contracts: expected tables")
    rest = {k: v for k, v in session.items() if k != "contracts"}
    return rest, [dict(c) for c in contracts]


def _ini_options(text: str, shown: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    # The same parser and list convention as import-linter: a value with newlines is a list.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=shown)
    except configparser.Error as exc:
        raise ImportLinterConfigError(f"{shown}: invalid INI: {exc.message}") from None
    if "importlinter" not in parser.sections():
        return None
    contracts = [
        {"id": section.split(":")[-1], **_ini_section(parser[section])}
        for section in parser.sections()
        if section.startswith("importlinter:")
    ]
    return _ini_section(parser["importlinter"]), contracts


def _ini_section(section: configparser.SectionProxy) -> dict[str, Any]:
    return {
        key: value.strip().split("\n") if "\n" in value else value for key, value in section.items()
    }


def _session_notes(session: Mapping[str, Any]) -> list[str]:
    notes = []
    if _truthy(session.get("exclude_type_checking_imports")):
        notes.append(
            "exclude_type_checking_imports: not translated; seamcheck's layers, forbidden and "
            "independence contracts count imports under `if TYPE_CHECKING:` (its acyclic "
            "contracts never do)"
        )
    return notes


def _label(options: Mapping[str, Any], index: int) -> str:
    name = options.get("name") or options.get("id") or f"#{index + 1}"
    return f"contract {str(name)!r}"


def _translate(options: Mapping[str, Any], label: str) -> tuple[dict[str, Any] | None, list[str]]:
    kind = str(options.get("type", ""))
    translate = _TRANSLATORS.get(kind)
    if translate is None:
        return None, [f"{label}: not translated: {_UNSUPPORTED.get(kind, _custom(kind))}"]
    table: dict[str, Any] = {}
    if options.get("name"):
        table["name"] = str(options["name"])
    notes: list[str] = []
    problem = translate(options, table, notes)
    ignore = _strings(options.get("ignore_imports"))
    if ignore:
        table["ignore_imports"] = ignore
    problem = problem or refused(table)
    if problem:
        return None, [f"{label}: not translated: {problem}"]
    known = _KNOWN[kind] | set(_DROPPED) | {"name", "type", "ignore_imports"}
    known |= {"broken_contract_guidance"}
    for key in sorted(set(options) - known):
        notes.append(f"{key}: not translated; seamcheck has no such option")
    for key, why in _DROPPED.items():
        if why and key in options:
            notes.append(f"{key}: dropped; {why}")
    return table, [f"{label}: {note}" for note in notes]


def _layers(options: Mapping[str, Any], table: dict[str, Any], notes: list[str]) -> str | None:
    layers = []
    for layer in _strings(options.get("layers")):
        separator = "|" if "|" in layer else ":"
        members = [member.strip() for member in layer.split(separator)]
        # An optional layer `(x)` keeps its parentheses: seamcheck reads them as
        # import-linter does.
        members = [
            f"({_expression(m[1:-1], notes)})"
            if m.startswith("(") and m.endswith(")")
            else _expression(m, notes)
            for m in members
        ]
        layers.append(f" {separator} ".join(members) if len(members) > 1 else members[0])
    if not layers:
        return "no layers"
    table["type"] = "layers"
    table["layers"] = layers
    containers = _expressions(options.get("containers"), notes)
    if containers:
        table["containers"] = containers
    if _truthy(options.get("exhaustive")):
        notes.append(
            "exhaustive: not translated; seamcheck does not check that every module of a "
            "container sits in a layer"
        )
    return None


def _forbidden(options: Mapping[str, Any], table: dict[str, Any], notes: list[str]) -> str | None:
    if _falsy(options.get("as_packages")):
        return (
            "as_packages = false (the modules without their descendants) has no seamcheck "
            "equivalent: its expressions always cover descendants"
        )
    table["type"] = "forbidden"
    table["source"] = _expressions(options.get("source_modules"), notes)
    table["forbidden"] = _expressions(options.get("forbidden_modules"), notes)
    if _truthy(options.get("allow_indirect_imports")):
        table["allow_indirect"] = True
    return None if table["source"] and table["forbidden"] else "no source or forbidden modules"


def _independence(
    options: Mapping[str, Any], table: dict[str, Any], notes: list[str]
) -> str | None:
    table["type"] = "independence"
    table["modules"] = _expressions(options.get("modules"), notes)
    return None if table["modules"] else "no modules"


_TRANSLATORS = {"layers": _layers, "forbidden": _forbidden, "independence": _independence}
_KNOWN = {
    "layers": {"layers", "containers", "exhaustive", "exhaustive_ignores"},
    "forbidden": {"source_modules", "forbidden_modules", "allow_indirect_imports", "as_packages"},
    "independence": {"modules"},
}
_UNSUPPORTED = {
    "acyclic_siblings": "seamcheck's acyclic contract forbids cycles between modules, "
    "acyclic_siblings forbids cycles between sibling packages (a package-level cycle needs no "
    "module-level one, and a cycle inside one package is not a sibling cycle)",
    "protected": "seamcheck has no contract that limits who may import a module",
    "private_modules": "seamcheck has no contract for private (_underscore) modules",
}


def _custom(kind: str) -> str:
    return f"type {kind!r} is not one of import-linter's built-in contracts seamcheck translates"


def _strings(value: Any) -> list[str]:
    """A list field as import-linter reads it: a TOML list, an INI line or lines."""
    items = value if isinstance(value, list) else [value] if value not in (None, "") else []
    return [str(item).strip() for item in items if str(item).strip()]


def _expressions(value: Any, notes: list[str]) -> list[str]:
    return [_expression(expr, notes) for expr in _strings(value)]


def _expression(expr: str, notes: list[str]) -> str:
    """A module expression written so seamcheck matches what import-linter matches: its `**`
    is one or more segments (`a.**.api` is not `a.api`), seamcheck's any number, so `*.**`.
    (`ignore_imports` entries are matched with import-linter's `**` and stay as written.)"""
    if is_path_expression(expr) or "**" not in expr.split("."):
        return expr
    written = ".".join("*.**" if segment == "**" else segment for segment in expr.split("."))
    notes.append(
        f"{expr!r} written {written!r}: import-linter's '**' is one or more segments, "
        "seamcheck's any number"
    )
    return written


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() == "true"


def _falsy(value: Any) -> bool:
    return str(value).strip().lower() == "false"
