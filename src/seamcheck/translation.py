"""Another tool's configuration brought into seamcheck by `seamcheck init --from-...`: the
contracts it translates to, what it could not translate and why, and how both are written
into the starter `seamcheck.toml`. The readers are `importlinter.py` and `tach.py`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from seamcheck.records import dataclass


@dataclass(frozen=True, slots=True)
class Translation:
    source: str  # the file read, as given
    contracts: tuple[dict[str, Any], ...]  # seamcheck [[contracts]] tables, in file order
    notes: tuple[str, ...]  # what was not translated, and why
    guidance: tuple[str, ...] = ()  # per contract: a comment to write above it, or ""
    exclude: tuple[str, ...] = ()  # gitignore-style patterns for the top-level `exclude`


def refused(table: Mapping[str, Any]) -> str | None:
    """Why seamcheck's own configuration check would refuse the table, or None."""
    from seamcheck.config import ConfigError, check_contract_table

    try:
        check_contract_table(table, "", "")
    except ConfigError as exc:
        where = exc.key.removeprefix("[0]").removeprefix(".")
        return f"seamcheck refuses {where or 'it'}: {exc.problem}"
    return None


def render_contracts(translation: Translation) -> str:
    """The translated contracts as `[[contracts]]` TOML, headed by where they came from."""
    lines = [f"\n# Contracts translated from {translation.source} by `seamcheck init`."]
    lines.extend(f"# note: {note}" for note in translation.notes)
    guidance = translation.guidance or ("",) * len(translation.contracts)
    for table, comment in zip(translation.contracts, guidance, strict=True):
        lines.append("")
        if comment:
            lines.append(f"# {comment}")
        lines.append("[[contracts]]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


def render_exclude(translation: Translation) -> str:
    """The top-level `exclude` line, or "" when the tool excluded nothing."""
    if not translation.exclude:
        return ""
    return (
        f"\n# Excluded as {translation.source} excludes it.\n"
        f"exclude = {_toml_value(list(translation.exclude))}\n"
    )


def _toml_value(value: Any) -> str:
    # A JSON string, list or boolean is a valid TOML value with the same meaning.
    return json.dumps(value, ensure_ascii=False)
