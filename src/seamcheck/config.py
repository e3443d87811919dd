"""Configuration: `seamcheck.toml` or `[tool.seamcheck]` in pyproject.toml, validated once into
typed objects. Every error names the file, the key path, what was expected and, for a misspelt
key, the nearest valid one."""

from __future__ import annotations

import dataclasses
import re
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from seamcheck.catalogs import Catalog, policies_folder, shipped_catalogs
from seamcheck.contracts import CONTRACT_TYPES, Contract, build_contract, parse_layer
from seamcheck.contracts import FIELDS as CONTRACT_FIELDS
from seamcheck.findings import SEVERITIES
from seamcheck.modexpr import expression_problem
from seamcheck.records import dataclass
from seamcheck.selectors import SELECTOR_KEYS, Selector

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "BlockingConfig",
    "Config",
    "ConfigError",
    "EdgePolicy",
    "InternalEntryPoints",
    "Placement",
    "ServiceConfig",
    "load_config",
    "tomllib",
]

CONFIG_FILE = "seamcheck.toml"
LANGUAGES = ("python", "javascript", "typescript")
RUNTIMES = ("python", "node")
DEFAULT_PACK = "hybrid-ai"
_CODE_PREFIX = re.compile(r"SC\d{0,3}")
DEFAULT_MAX_FILE_SIZE = 2_000_000


class ConfigError(Exception):
    """A configuration problem, phrased for the person who wrote the file."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(where + problem)


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    name: str
    path: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    disabled: bool = False
    shared: bool = False  # other services may import its code (a library, not a service)
    hosts: tuple[str, ...] = ()  # host names that reach this service (seams, issue #5)
    # The config file that gives the tags (the user's, or a file its `extends` reads; as
    # messages name it) and the line there (0 when not found), so a finding a tag causes
    # (SC103's 'edge') points at it.
    tags_file: str = ""
    tags_line: int = 0
    # Folders, relative to the service's root, that its code runs with on `sys.path`.
    source_roots: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Placement:
    """SC102: libraries of `category` may be used only in services the selector allows."""

    category: str
    allow: Selector
    policy: str


@dataclass(frozen=True, slots=True)
class EdgePolicy:
    """SC103: services serving HTTP to the outside must match the selector."""

    allow: Selector
    policy: str


@dataclass(frozen=True, slots=True)
class InternalEntryPoints:
    """SC105: the Kubernetes ways in that take requests only from inside the network, where
    the manifests cannot show it (`[edge] internal_ingress_classes`, `internal_gateways`: a
    gateway's `namespace/name`, or its name in any namespace), in lower case."""

    ingress_classes: tuple[str, ...] = ()
    gateways: tuple[str, ...] = ()


# -- [blocking]: the sink catalog of SC201/SC202, extended or trimmed (issue #4) -------------


@dataclass(frozen=True, slots=True)
class BlockingConfig:
    """`sinks`: more blocking APIs (qualified-name patterns); `safe`: APIs or first-party
    functions (`PATH::qualname`) never to treat as blocking; `offload_decorators`: decorators
    (qualified-name patterns) whose sync function runs in a worker thread when called;
    `builtin_catalog = false` drops the shipped catalog."""

    sinks: tuple[str, ...] = ()
    safe: tuple[str, ...] = ()
    offload_decorators: tuple[str, ...] = ()
    builtin_catalog: bool = True


# -- end [blocking] ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Config:
    file: str | None = None  # where it was read from, for messages; None when defaulted
    services: tuple[ServiceConfig, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    packs: tuple[str, ...] = ()  # policy packs merged underneath, in order
    select: tuple[str, ...] | None = None  # rule code prefixes; None: all rules
    ignore: tuple[str, ...] = ()
    severities: dict[str, str] = field(default_factory=dict)  # code -> severity or "off"
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    placement: tuple[Placement, ...] = ()
    edge: EdgePolicy | None = None
    internal: InternalEntryPoints = InternalEntryPoints()
    contracts: tuple[Contract, ...] = ()
    blocking: BlockingConfig = BlockingConfig()
    # The files `extends` read, besides `file`: absolute, as written (a symlinked folder on
    # the way is followed anew by each stat). Not in the repr (the run keys of `inputs.py`
    # hold what they say, not where they are); `unchanged.py` watches them.
    extended_files: tuple[str, ...] = field(default=(), repr=False, compare=False)


# -- a small declarative schema: each key knows its type and how to say it ---------------

Checker = Callable[[Any, str, str], Any]


def _expect(kind: str, ok: Callable[[Any], bool]) -> Checker:
    def check(value: Any, file: str, key: str) -> Any:
        if not ok(value):
            raise ConfigError(file, key, f"expected {kind}, got {_describe(value)}")
        return value

    return check


def _describe(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", list: "an array"}
    if isinstance(value, dict):
        return "a table"
    return names.get(type(value), type(value).__name__)


_STR = _expect("a string", lambda v: isinstance(v, str))
_BOOL = _expect("a boolean (true or false)", lambda v: isinstance(v, bool))
_POSITIVE_INT = _expect(
    "a positive integer", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0
)
_STR_LIST = _expect(
    "an array of strings", lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v)
)


def _one_of(choices: tuple[str, ...]) -> Checker:
    def check(value: Any, file: str, key: str) -> Any:
        if value not in choices:
            listed = ", ".join(repr(c) for c in choices)
            raise ConfigError(file, key, f"expected one of {listed}, got {value!r}")
        return value

    return check


def did_you_mean(name: str, choices: list[str]) -> str:
    import difflib  # only for a configuration mistake: not loaded on every run

    near = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def check_keys(
    table: Mapping[str, Any], allowed: Mapping[str, Checker], file: str, prefix: str
) -> None:
    """Unknown keys are errors that suggest the nearest valid key; known keys are type-checked."""
    if not isinstance(table, Mapping):
        raise ConfigError(file, prefix, f"expected a table, got {_describe(table)}")
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if key not in allowed:
            hint = did_you_mean(key, list(allowed))
            valid = ", ".join(sorted(allowed))
            raise ConfigError(file, path, f"unknown key{hint}; valid keys here: {valid}")
        allowed[key](value, file, path)


_SERVICE_KEYS: dict[str, Checker] = {
    "path": _STR,
    "language": _one_of(LANGUAGES),
    "tags": _STR_LIST,
    "disabled": _BOOL,
    "shared": _BOOL,
    "hosts": _STR_LIST,
    "source_roots": _STR_LIST,
}


def _table_of(inner: Mapping[str, Checker], what: str) -> Checker:
    """A table whose every value is a table of `inner` keys ([services.*], [placement.*])."""

    def check(value: Any, file: str, key: str) -> Any:
        if not isinstance(value, Mapping):
            raise ConfigError(file, key, f"expected a table of {what}, got {_describe(value)}")
        for name, table in value.items():
            check_keys(table, inner, file, f"{key}.{name}")
        return value

    return check


def _check_selector(value: Any, file: str, key: str) -> Any:
    check_keys(value, dict.fromkeys(SELECTOR_KEYS, _STR_LIST), file, key)
    for runtime in value.get("runtime", ()):
        if runtime not in RUNTIMES:
            _one_of(RUNTIMES)(runtime, file, f"{key}.runtime")
    for language in value.get("language", ()):
        _one_of(LANGUAGES)(language, file, f"{key}.language")
    return value


def check_code_list(value: Any, file: str, key: str) -> Any:
    _STR_LIST(value, file, key)
    for code in value:
        if not _CODE_PREFIX.fullmatch(code):
            raise ConfigError(
                file, key, f"expected rule codes or prefixes like 'SC2' or 'SC201', got {code!r}"
            )
    # A code that matches no rule is a typo: `select = ["SC999"]` would turn every rule off
    # and the gate pass, and an ignore of it would leave on what was meant to be off.
    known = known_rule_codes()
    for code in value:
        if not any(rule.startswith(code) for rule in known):
            # Only a whole code is near another; a prefix (`SC5`) is near nothing in particular.
            hint = did_you_mean(code, sorted(known)) if len(code) == len("SC000") else ""
            raise ConfigError(file, key, f"{code!r} matches no rule{hint}; see `seamcheck rules`")
    return value


def _check_rule_codes(value: Any, file: str, key: str) -> Any:
    if not isinstance(value, Mapping):
        raise ConfigError(file, key, f"expected a table of rule codes, got {_describe(value)}")
    known = known_rule_codes()
    for code, table in value.items():
        if code not in known:
            hint = did_you_mean(code, sorted(known))
            raise ConfigError(file, f"{key}.{code}", f"unknown rule{hint}; see `seamcheck rules`")
        check_keys(table, _RULE_KEYS, file, f"{key}.{code}")
    return value


def _check_expressions(value: Any, file: str, key: str) -> Any:
    _STR_LIST(value, file, key)
    for index, expr in enumerate(value):
        problem = expression_problem(expr)
        if expr.startswith("!"):
            # Read as a module named `!x`, it would name nothing and narrow nothing: an
            # independence contract would still hold the package it was meant to leave out.
            problem = "is a negation; '!' narrows only source, forbidden and allow"
        if problem:
            raise ConfigError(file, f"{key}[{index}]", f"module expression {expr!r} {problem}")
    return value


def _check_narrowed_expressions(value: Any, file: str, key: str) -> Any:
    """Module expressions where `!expr` takes back what the ones before it named."""
    _STR_LIST(value, file, key)
    for index, expr in enumerate(value):
        negated = expr.startswith("!")
        problem = expression_problem(expr.removeprefix("!"))
        if negated and index == 0:
            problem = "is a negation with nothing before it to narrow"
        if problem:
            raise ConfigError(file, f"{key}[{index}]", f"module expression {expr!r} {problem}")
    return value


def _check_layers(value: Any, file: str, key: str) -> Any:
    _STR_LIST(value, file, key)
    if not value:
        raise ConfigError(file, key, "expected at least one layer")
    for index, text in enumerate(value):
        try:
            layer = parse_layer(text)
        except ValueError as exc:
            raise ConfigError(file, f"{key}[{index}]", f"layer {text!r} {exc}") from None
        _check_expressions(list(layer.members), file, f"{key}[{index}]")
    return value


def _check_ignores(value: Any, file: str, key: str) -> Any:
    _STR_LIST(value, file, key)
    for index, text in enumerate(value):
        parts = text.split("->")
        if len(parts) != 2:
            raise ConfigError(
                file, f"{key}[{index}]", f"expected 'importer -> imported', got {text!r}"
            )
        _check_expressions([p.strip() for p in parts], file, f"{key}[{index}]")
    return value


_CONTRACT_FIELD_CHECKERS: dict[str, Checker] = {
    "name": _STR,
    "type": _one_of(CONTRACT_TYPES),
    "ignore": _check_ignores,
    "ignore_imports": _check_ignores,
    "source": _check_narrowed_expressions,
    "forbidden": _check_narrowed_expressions,
    "allow": _check_narrowed_expressions,
    "modules": _check_expressions,
    "containers": _check_expressions,
    "layers": _check_layers,
    "allow_indirect": _BOOL,
    "allow_stdlib": _BOOL,
}


def _check_contracts(value: Any, file: str, key: str) -> Any:
    if not isinstance(value, list):
        raise ConfigError(
            file, key, f"expected an array of tables ([[contracts]]), got {_describe(value)}"
        )
    for index, table in enumerate(value):
        where = f"{key}[{index}]"
        if not isinstance(table, Mapping):
            raise ConfigError(file, where, f"expected a table, got {_describe(table)}")
        if "type" not in table:
            raise ConfigError(file, where, f"missing 'type' (one of {', '.join(CONTRACT_TYPES)})")
        _one_of(CONTRACT_TYPES)(table["type"], file, f"{where}.type")
        takes, required = CONTRACT_FIELDS[table["type"]]
        allowed = {
            k: _CONTRACT_FIELD_CHECKERS[k]
            for k in ("name", "type", "ignore", "ignore_imports", *takes)
        }
        check_keys(table, allowed, file, where)
        for field_name in required:
            if field_name not in table:
                raise ConfigError(
                    file, f"{where}.{field_name}", f"required for a {table['type']} contract"
                )
    return value


def check_contract_table(table: Mapping[str, Any], file: str, key: str) -> None:
    """Raise ConfigError when seamcheck would refuse this `[[contracts]]` table."""
    _check_contracts([table], file, key)


def _check_globs(value: Any, file: str, key: str) -> Any:
    """gitignore-style patterns, each compiled now so a bad one is a config error, not a crash
    in the middle of discovery."""
    import pathspec

    _STR_LIST(value, file, key)
    for index, pattern in enumerate(value):
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except (ValueError, re.error) as exc:  # GitIgnorePatternError is a ValueError
            raise ConfigError(
                file, f"{key}[{index}]", f"invalid pattern {pattern!r}: {exc}"
            ) from None
    return value


def _check_extends(value: Any, file: str, key: str) -> Any:
    return _STR_LIST(value, file, key)


_RULE_KEYS: dict[str, Checker] = {"severity": _one_of((*SEVERITIES, "off"))}
_CATALOG_KEYS: dict[str, Checker] = {"description": _STR, "python": _STR_LIST, "npm": _STR_LIST}
_PLACEMENT_KEYS: dict[str, Checker] = {"allow": _check_selector}


def _check_names(value: Any, file: str, key: str) -> Any:
    """Kubernetes object names: `internal_ingress_classes`."""
    _STR_LIST(value, file, key)
    for index, name in enumerate(value):
        if not name.strip() or "/" in name:
            raise ConfigError(file, f"{key}[{index}]", f"expected a name, got {name!r}")
    return value


def _check_gateway_names(value: Any, file: str, key: str) -> Any:
    """`internal_gateways`: `namespace/name`, or a name (that gateway in any namespace)."""
    _STR_LIST(value, file, key)
    for index, name in enumerate(value):
        parts = name.split("/")
        if len(parts) > 2 or not all(part.strip() for part in parts):
            raise ConfigError(
                file, f"{key}[{index}]", f"expected 'namespace/name' or 'name', got {name!r}"
            )
    return value


_INTERNAL_KEYS = ("internal_ingress_classes", "internal_gateways")
_EDGE_KEYS: dict[str, Checker] = {
    "allow": _check_selector,
    "internal_ingress_classes": _check_names,
    "internal_gateways": _check_gateway_names,
}

_BLOCKING_KEYS: dict[str, Checker] = {
    "sinks": _STR_LIST,
    "safe": _STR_LIST,
    "offload_decorators": _STR_LIST,
    "builtin_catalog": _BOOL,
}


def _check_blocking(value: Any, file: str, key: str) -> Any:
    check_keys(value, _BLOCKING_KEYS, file, key)
    return value


def _blocking_config(table: Mapping[str, Any]) -> BlockingConfig:
    return BlockingConfig(
        sinks=tuple(table.get("sinks", ())),
        safe=tuple(table.get("safe", ())),
        offload_decorators=tuple(table.get("offload_decorators", ())),
        builtin_catalog=table.get("builtin_catalog", True),
    )


TOP_LEVEL_KEYS: dict[str, Checker] = {
    "name": _STR,
    "extends": _check_extends,
    "services": _table_of(_SERVICE_KEYS, "services"),
    "exclude": _check_globs,
    "max_file_size": _POSITIVE_INT,
    "select": check_code_list,
    "ignore": check_code_list,
    "rules": _check_rule_codes,
    "catalogs": _table_of(_CATALOG_KEYS, "catalogs"),
    "placement": _table_of(_PLACEMENT_KEYS, "categories"),
    "edge": lambda value, file, key: check_keys(value, _EDGE_KEYS, file, key),
    "contracts": _check_contracts,
    "blocking": _check_blocking,
}


def known_rule_codes() -> frozenset[str]:
    from seamcheck.rules import all_rules

    return frozenset(rule.code for rule in all_rules())


_NOT_FILES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def what_stands_at(path: Path) -> str | None:
    """None when nothing stands at `path` (symlinks followed), "" for a regular file, else
    what stands there instead: 'a directory', 'a named pipe', ..."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # nothing there, a dangling symlink, a loop, a NUL
        try:
            # A config file linked to a file that is gone is still the configuration meant.
            return "a symlink that leads nowhere" if path.is_symlink() else None
        except (OSError, ValueError):
            return None
    if stat.S_ISREG(mode):
        return ""
    return next((kind for is_kind, kind in _NOT_FILES if is_kind(mode)), "a special file")


def _config_file_at(path: Path, display: str) -> bool:
    """Whether a config file stands at `path`; False when nothing does. Anything else there
    is a ConfigError: it is not the configuration meant, and reading a named pipe or a
    device would wait forever."""
    kind = what_stands_at(path)
    if kind:
        raise ConfigError(display, "", f"not a regular file ({kind})")
    return kind == ""


def _read_toml(path: Path, display: str) -> tuple[dict[str, Any], str]:
    """The parsed table and the text (kept to point findings at lines of the file)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(display, "", f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
        data: dict[str, Any] = tomllib.loads(text)
        return data, text
    except UnicodeDecodeError:
        raise ConfigError(display, "", "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(display, "", f"invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(display, "", "invalid TOML: arrays or tables nested too deeply") from None


# -- packs and `extends` ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    """One TOML layer: the user's file or a pack it extends."""

    data: Mapping[str, Any]
    file: str  # for messages
    policy: str  # the name findings quote: the pack's `name`, else the file
    directory: Path | None  # where relative `extends` paths start; None inside packages
    text: str = ""  # the file's text, for line numbers; empty for packs and defaults
    written: str = ""  # an extended file's absolute path as `extends` wrote it, links kept


def available_packs() -> list[str]:
    folder = policies_folder()
    return sorted(
        e.name.removesuffix(".toml") for e in folder.iterdir() if e.name.endswith(".toml")
    )


def _load_pack(name: str, file: str, key: str) -> _Source:
    entry = policies_folder() / f"{name}.toml"
    if not entry.is_file():
        known = available_packs()
        hint = did_you_mean(name, list(known))
        raise ConfigError(
            file, key, f"no policy pack named {name!r}{hint}; packs: {', '.join(known)}"
        )
    display = f"policy pack '{name}'"
    data = tomllib.loads(entry.read_text(encoding="utf-8"))
    return _Source(data, display, str(data.get("name", name)), None)


def _is_path(entry: str) -> bool:
    return entry.endswith(".toml") or "/" in entry or entry.startswith(".")


def _expand(source: _Source, root: Path, stack: tuple[str, ...], seen: set[str]) -> list[_Source]:
    """The source and everything it extends, extended first; each pack once; cycles refused."""
    check_keys(source.data, TOP_LEVEL_KEYS, source.file, "")
    layers: list[_Source] = []
    for index, entry in enumerate(source.data.get("extends", ())):
        key = f"extends[{index}]"
        if _is_path(entry):
            if source.directory is None:
                raise ConfigError(source.file, key, "a policy pack may extend only other packs")
            try:
                path = (source.directory / entry).resolve()
            except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL
                raise ConfigError(source.file, key, f"{entry!r} cannot be resolved") from None
            if not path.is_relative_to(root):
                raise ConfigError(source.file, key, f"{entry!r} is outside the repository")
            kind = what_stands_at(path)
            if kind is None:
                raise ConfigError(source.file, key, f"{entry!r} does not exist")
            if kind:
                raise ConfigError(source.file, key, f"{entry!r} is not a regular file ({kind})")
            display = path.relative_to(root).as_posix()
            identity = display
            child_data, child_text = _read_toml(path, display)
            name = child_data.get("name")
            policy = name if isinstance(name, str) else display
            written = str(source.directory / entry)
            child = _Source(child_data, display, policy, path.parent, child_text, written)
        else:
            identity = f"pack:{entry}"
            child = None
        if identity in stack:
            cycle = " -> ".join((*stack, identity)).replace("pack:", "")
            raise ConfigError(source.file, key, f"extends cycle: {cycle}")
        if identity in seen:
            continue
        seen.add(identity)
        if child is None:
            child = _load_pack(entry, source.file, key)
            if "name" in child.data and child.policy != entry:
                child = _Source(child.data, child.file, entry, None)
        layers.extend(_expand(child, root, (*stack, identity), seen))
    layers.append(source)
    return layers


# Per top-level key, how a later layer combines with what earlier layers said.
def _merge(layers: list[_Source]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.data.items():
            if key in ("extends", "name"):
                continue
            if key in ("services", "rules"):
                table = merged.setdefault(key, {})
                for name, entry in value.items():
                    table[name] = {**table.get(name, {}), **entry}
                    if key == "services" and "tags" in entry:
                        line = _service_key_line(layer.text, name, "tags")
                        table[name]["_tags_at"] = (layer.file, line)
            elif key == "catalogs":
                table = merged.setdefault(key, {})
                for name, entry in value.items():
                    before = table.get(name, {})
                    table[name] = {
                        "description": entry.get("description", before.get("description", "")),
                        "python": [*before.get("python", ()), *entry.get("python", ())],
                        "npm": [*before.get("npm", ()), *entry.get("npm", ())],
                        "_file": layer.file,
                    }
            elif key == "placement":
                table = merged.setdefault(key, {})
                for name, entry in value.items():
                    table[name] = {**entry, "_policy": layer.policy, "_file": layer.file}
            elif key == "edge":
                # Per key: a layer that names only the internal ways in keeps the selector
                # (and the policy name findings quote) of the layers before it.
                table = merged.setdefault(key, {})
                table.update(value)
                if "allow" in value or "_policy" not in table:
                    table["_policy"] = layer.policy
            elif key == "blocking":
                merged[key] = {**merged.get(key, {}), **value}
            elif key == "contracts":
                lines = _contract_lines(layer.text, value)
                kept = [
                    c
                    for c in merged.get(key, ())
                    if "name" not in c or all(c["name"] != n.get("name") for n in value)
                ]
                merged[key] = kept + [
                    {**c, "_origin": layer.file, "_key": f"contracts[{i}]", "_lines": lines[i]}
                    for i, c in enumerate(value)
                ]
            elif key == "exclude":
                merged[key] = [*merged.get(key, ()), *value]
            else:
                merged[key] = value
    return merged


# A TOML key as written: bare or quoted parts joined by dots (`services."ml api".tags`).
_KEY_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_DOTTED_KEY = rf"(?:{_KEY_PART})(?:[ \t]*\.[ \t]*(?:{_KEY_PART}))*"
_TABLE_HEADER = re.compile(rf"^[ \t]*\[\[?[ \t]*({_DOTTED_KEY})[ \t]*\]\]?[ \t]*(?:#.*)?$")
_KEY_VALUE = re.compile(rf"^[ \t]*({_DOTTED_KEY})[ \t]*=(.*)$")


def _key_parts(key: str) -> tuple[str, ...]:
    """`services."ml".tags` -> ("services", "ml", "tags")."""
    return tuple(part.strip("\"'") for part in re.findall(_KEY_PART, key))


def _service_key_line(text: str, service: str, key: str) -> int:
    """The line that sets `key` of service `service` in a config file's text, however TOML
    spells it: under `[services.<service>]` (or `[tool.seamcheck.services.<service>]`), as
    a dotted key (`services.<service>.key =`, `<service>.key =` under `[services]`) or in an
    inline table (`<service> = { key = ... }`); the table's header line when the key is not
    found on a line of its own; 0 when the text is empty or names no such table."""
    wanted = ("services", service, key)
    header_line = 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            table = _key_parts(header.group(1))
            if table[:2] == ("tool", "seamcheck"):
                table = table[2:]
            if table == wanted[:2]:
                header_line = header_line or number
            continue
        assignment = _KEY_VALUE.match(line)
        if assignment is None:
            continue
        full = table + _key_parts(assignment.group(1))
        if full[:2] == ("tool", "seamcheck"):
            full = full[2:]
        if full == wanted:
            return number
        # An inline table holding the rest: `ml = { tags = [...] }` under [services].
        rest = wanted[len(full) :] if full and full == wanted[: len(full)] else ()
        if rest and all(_names_key(assignment.group(2), part) for part in rest):
            return number
    return header_line


def _names_key(value: str, key: str) -> bool:
    """Whether an inline table's text sets `key` (`{ tags = [...] }`, `{ ml.tags = ... }`)."""
    return re.search(rf"""[{{,.\s]["']?{re.escape(key)}["']?[ \t]*[=.]""", value) is not None


_CONTRACT_HEADER = re.compile(r"^[ \t]*\[\[\s*(?:tool\.seamcheck\.)?contracts\s*\]\]", re.M)


def _contract_lines(text: str, contracts: list[Any]) -> list[tuple[int, tuple[int, ...]]]:
    """Per contract of a file: the line of its `[[contracts]]` header and of each of its
    ignore entries (0 where unknown), so a finding about the config can point at it."""
    starts = [text.count("\n", 0, m.start()) + 1 for m in _CONTRACT_HEADER.finditer(text)]
    lines = text.splitlines()
    result: list[tuple[int, tuple[int, ...]]] = []
    for index, contract in enumerate(contracts):
        if index >= len(starts) or not isinstance(contract, Mapping):
            result.append((0, ()))
            continue
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
        entries = [*contract.get("ignore", ()), *contract.get("ignore_imports", ())]
        quoted = [(f'"{e}"', f"'{e}'") for e in entries if isinstance(e, str)]
        ignore_lines = tuple(
            next((n for n in range(start, end) if any(q in lines[n - 1] for q in forms)), start)
            for forms in quoted
        )
        result.append((start, ignore_lines))
    return result


def _leaves_its_folder(path: str) -> bool:
    """Whether a configured path is absolute, climbs out with `..` or holds a NUL: not a
    path inside the folder it is relative to."""
    return Path(path).is_absolute() or ".." in Path(path).parts or "\0" in path


def _selector(table: Mapping[str, Any]) -> Selector:
    return Selector(**{k: tuple(table.get(k, ())) for k in SELECTOR_KEYS})


def _build(
    merged: Mapping[str, Any], file: str | None, packs: tuple[str, ...], root: Path
) -> Config:
    display = file or "defaults"
    services = tuple(
        ServiceConfig(
            name=name,
            path=table.get("path"),
            language=table.get("language"),
            tags=tuple(table.get("tags", ())),
            disabled=table.get("disabled", False),
            shared=table.get("shared", False),
            hosts=tuple(table.get("hosts", ())),
            tags_file=table.get("_tags_at", ("", 0))[0],
            tags_line=table.get("_tags_at", ("", 0))[1],
            source_roots=tuple(table.get("source_roots", ())),
        )
        for name, table in sorted(merged.get("services", {}).items())
    )
    for service in services:
        if service.path is not None and _leaves_its_folder(service.path):
            raise ConfigError(
                display, f"services.{service.name}.path", "must be a path inside the repository"
            )
        for index, folder in enumerate(service.source_roots):
            if _leaves_its_folder(folder):
                raise ConfigError(
                    display,
                    f"services.{service.name}.source_roots[{index}]",
                    "must be a folder inside the service, relative to its root",
                )
    catalogs = shipped_catalogs()
    for name, table in merged.get("catalogs", {}).items():
        base = catalogs.get(name) or Catalog(
            name, table["description"] or name, frozenset(), frozenset()
        )
        catalogs[name] = base.extended(table["python"], table["npm"])
    placement = []
    for category, table in sorted(merged.get("placement", {}).items()):
        if category not in catalogs:
            hint = did_you_mean(category, sorted(catalogs))
            raise ConfigError(
                table["_file"],
                f"placement.{category}",
                f"no library catalog named {category!r}{hint}; "
                f"catalogs: {', '.join(sorted(catalogs))}",
            )
        placement.append(Placement(category, _selector(table.get("allow", {})), table["_policy"]))
    edge_table = merged.get("edge")
    edge = (
        EdgePolicy(_selector(edge_table.get("allow", {})), edge_table["_policy"])
        if edge_table is not None
        and ("allow" in edge_table or not set(_INTERNAL_KEYS) & set(edge_table))
        else None
    )
    edge_table = edge_table or {}
    internal = InternalEntryPoints(
        tuple(n.strip().lower() for n in edge_table.get("internal_ingress_classes", ())),
        tuple(n.replace(" ", "").lower() for n in edge_table.get("internal_gateways", ())),
    )
    contracts = tuple(
        build_contract(table, table["_origin"], table["_key"], index, *table["_lines"])
        for index, table in enumerate(merged.get("contracts", ()))
    )
    return Config(
        file=file,
        services=services,
        exclude=tuple(merged.get("exclude", ())),
        max_file_size=merged.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
        packs=packs,
        select=tuple(merged["select"]) if "select" in merged else None,
        ignore=tuple(merged.get("ignore", ())),
        severities={
            code: t["severity"]
            for code, t in sorted(merged.get("rules", {}).items())
            if "severity" in t
        },
        catalogs=catalogs,
        placement=tuple(placement),
        edge=edge,
        internal=internal,
        contracts=contracts,
        blocking=_blocking_config(merged.get("blocking", {})),
    )


def parse_config(
    data: Mapping[str, Any],
    file: str | None,
    root: Path,
    directory: Path | None = None,
    text: str = "",
) -> Config:
    """The typed configuration of one user file (or the defaults, when `data` is empty and
    `file` is None) with every pack it extends merged underneath."""
    display = file or "defaults"
    if not isinstance(data, Mapping):
        raise ConfigError(display, "", f"expected a table, got {_describe(data)}")
    if "extends" not in data:
        data = {**data, "extends": [DEFAULT_PACK]}
    root = root.resolve()
    source = _Source(data, display, str(data.get("name", display)), directory or root, text)
    layers = _expand(source, root, (), set())
    packs = tuple(layer.policy for layer in layers[:-1])
    config = _build(_merge(layers), file, packs, root)
    extended = tuple(layer.written for layer in layers[:-1] if layer.written)
    return dataclasses.replace(config, extended_files=extended) if extended else config


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """The explicit file, else seamcheck.toml, else [tool.seamcheck] in pyproject.toml, else
    the defaults (the hybrid-ai pack)."""
    root = root.resolve()
    if explicit is not None:
        # Findings about the config (a stale contract ignore) point at it repo-relatively.
        resolved = explicit.resolve()
        display = (
            resolved.relative_to(root).as_posix()
            if resolved.is_relative_to(root)
            else str(explicit)
        )
        if not _config_file_at(explicit, display):
            raise ConfigError(display, "", "does not exist")
        data, text = _read_toml(explicit, display)
        if explicit.name == "pyproject.toml":
            tool = data.get("tool", {})
            refuse_misspelt_table(tool, display)
            data = tool.get("seamcheck", {}) if isinstance(tool, Mapping) else {}
        return parse_config(data, display, root, resolved.parent, text)
    candidate = root / CONFIG_FILE
    if _config_file_at(candidate, CONFIG_FILE):
        data, text = _read_toml(candidate, CONFIG_FILE)
        return parse_config(data, CONFIG_FILE, root, text=text)
    pyproject = root / "pyproject.toml"
    if _config_file_at(pyproject, "pyproject.toml"):
        data, text = _read_toml(pyproject, "pyproject.toml")
        tool = data.get("tool", {})
        refuse_misspelt_table(tool, "pyproject.toml")
        if isinstance(tool, Mapping) and "seamcheck" in tool:
            origin = "pyproject.toml [tool.seamcheck]"
            return parse_config(tool["seamcheck"], origin, root, text=text)
    return parse_config({}, None, root)


def refuse_misspelt_table(tool: object, file: str) -> None:
    """`[tool.seamchek]`: read as no configuration, the run would apply the defaults and drop
    the team's contracts without a word, and the gate pass. Beside a `[tool.seamcheck]` too
    (`[[tool.seamchek.contracts]]` under it): what it holds would be dropped as silently."""
    near = misspelt_table(tool)
    if near is not None and isinstance(tool, Mapping):
        kind = "table" if isinstance(tool[near], Mapping) else "key"
        raise ConfigError(file, f"tool.{near}", f"unknown {kind} (did you mean 'tool.seamcheck'?)")


def misspelt_table(tool: object) -> str | None:
    """The key of pyproject.toml's `tool` table (`seamchek`) that misspells `seamcheck`, if
    one does: the root search (`rootsearch.py`) stops at it as at a configuration, so a run
    in a folder below is refused as one at its top is."""
    if not isinstance(tool, Mapping):
        return None
    import difflib  # here: only a pyproject.toml read for seamcheck needs it

    others = [str(k) for k in tool if k != "seamcheck"]
    near = difflib.get_close_matches("seamcheck", others, n=1, cutoff=0.8)
    return near[0] if near else None
