"""Configuration: `seamcheck.toml` or `[tool.seamcheck]` in pyproject.toml, validated once into
typed objects. Every error names the file, the key path, what was expected and, for a misspelt
key, the nearest valid one."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["Config", "ConfigError", "ServiceConfig", "load_config", "tomllib"]

CONFIG_FILE = "seamcheck.toml"
LANGUAGES = ("python", "javascript", "typescript")
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
    hosts: tuple[str, ...] = ()  # host names that reach this service (seams, issue #5)


@dataclass(frozen=True, slots=True)
class Config:
    file: str | None = None  # where it was read from, for messages; None when defaulted
    services: tuple[ServiceConfig, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE


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


def check_keys(
    table: Mapping[str, Any], allowed: Mapping[str, Checker], file: str, prefix: str
) -> None:
    """Unknown keys are errors that suggest the nearest valid key; known keys are type-checked."""
    if not isinstance(table, Mapping):
        raise ConfigError(file, prefix, f"expected a table, got {_describe(table)}")
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if key not in allowed:
            near = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            valid = ", ".join(sorted(allowed))
            raise ConfigError(file, path, f"unknown key{hint}; valid keys here: {valid}")
        allowed[key](value, file, path)


_SERVICE_KEYS: dict[str, Checker] = {
    "path": _STR,
    "language": _one_of(LANGUAGES),
    "tags": _STR_LIST,
    "disabled": _BOOL,
    "hosts": _STR_LIST,
}


def _check_services(value: Any, file: str, key: str) -> Any:
    if not isinstance(value, Mapping):
        raise ConfigError(file, key, f"expected a table of services, got {_describe(value)}")
    for name, table in value.items():
        check_keys(table, _SERVICE_KEYS, file, f"{key}.{name}")
    return value


TOP_LEVEL_KEYS: dict[str, Checker] = {
    "services": _check_services,
    "exclude": _STR_LIST,
    "max_file_size": _POSITIVE_INT,
}


def parse_config(data: Mapping[str, Any], file: str) -> Config:
    check_keys(data, TOP_LEVEL_KEYS, file, "")
    services = tuple(
        ServiceConfig(
            name=name,
            path=table.get("path"),
            language=table.get("language"),
            tags=tuple(table.get("tags", ())),
            disabled=table.get("disabled", False),
            hosts=tuple(table.get("hosts", ())),
        )
        for name, table in sorted(data.get("services", {}).items())
    )
    for service in services:
        if service.path is not None and (
            Path(service.path).is_absolute() or ".." in Path(service.path).parts
        ):
            raise ConfigError(
                file, f"services.{service.name}.path", "must be a path inside the repository"
            )
    return Config(
        file=file,
        services=services,
        exclude=tuple(data.get("exclude", ())),
        max_file_size=data.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
    )


def _read_toml(path: Path, display: str) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(display, "", f"cannot read: {exc.strerror or exc}") from None
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return data
    except UnicodeDecodeError:
        raise ConfigError(display, "", "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(display, "", f"invalid TOML: {exc}") from None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """The explicit file, else seamcheck.toml, else [tool.seamcheck] in pyproject.toml, else
    the defaults."""
    if explicit is not None:
        data = _read_toml(explicit, str(explicit))
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("seamcheck", {})
        return parse_config(data, str(explicit))
    candidate = root / CONFIG_FILE
    if candidate.is_file():
        return parse_config(_read_toml(candidate, CONFIG_FILE), CONFIG_FILE)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _read_toml(pyproject, "pyproject.toml")
        tool = data.get("tool", {})
        if isinstance(tool, Mapping) and "seamcheck" in tool:
            return parse_config(tool["seamcheck"], "pyproject.toml [tool.seamcheck]")
    return Config()
