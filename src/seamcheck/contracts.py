"""Architecture contracts as typed records, validated from `[[contracts]]` tables.

Checked on the import graph by `rules/contracts.py`; module expressions are matched by
`modexpr.py`. The types follow import-linter's, which many Python teams already know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seamcheck.records import dataclass

CONTRACT_TYPES = ("layers", "forbidden", "independence", "acyclic", "allowed-only")


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer: one module expression, or siblings separated by `|` (independent of each
    other) or `:` (free to import each other). A member written in parentheses, `(legacy)`,
    is optional, as in import-linter: naming no module is no error."""

    members: tuple[str, ...]
    independent: bool
    optional: frozenset[str] = frozenset()  # those of `members` written in parentheses


@dataclass(frozen=True, slots=True)
class Contract:
    name: str
    type: str  # one of CONTRACT_TYPES
    origin: str  # the config file or pack that declared it, for messages
    key: str  # its key path there, e.g. "contracts[2]"
    source: tuple[str, ...] = ()  # forbidden, allowed-only: whose imports are checked
    targets: tuple[str, ...] = ()  # forbidden: the forbidden; allowed-only: the allowed
    modules: tuple[str, ...] = ()  # independence, acyclic
    layers: tuple[Layer, ...] = ()  # layers, highest first
    containers: tuple[str, ...] = ()  # layers: apply the layering inside each container
    allow_indirect: bool = False  # forbidden
    allow_stdlib: bool = False  # allowed-only
    ignore: tuple[str, ...] = ()  # "importer -> imported" expressions exempted
    # The same, matched as import-linter matches them: each side names exactly one module
    # (or, with wildcards, several), never its descendants.
    ignore_imports: tuple[str, ...] = ()
    line: int = 0  # of its [[contracts]] header in the config file; 0 when not from a file
    ignore_lines: tuple[int, ...] = ()  # of each ignore entry, then each ignore_imports one

    @property
    def code(self) -> str:
        return CODES[self.type]


CODES = {
    "layers": "SC301",
    "forbidden": "SC302",
    "independence": "SC303",
    "acyclic": "SC304",
    "allowed-only": "SC305",
}

# Per type: the keys it takes (beyond name/type/ignore) and which of them are required.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "layers": (("layers", "containers"), ("layers",)),
    "forbidden": (("source", "forbidden", "allow_indirect"), ("source", "forbidden")),
    "independence": (("modules",), ("modules",)),
    "acyclic": (("modules",), ()),
    "allowed-only": (("source", "allow", "allow_stdlib"), ("source", "allow")),
}


def parse_layer(text: str) -> Layer:
    if "|" in text and ":" in text:
        raise ValueError("mixes '|' and ':'; use one separator per layer")
    separator = "|" if "|" in text else ":"
    written = [part.strip() for part in text.split(separator)]
    optional = {m[1:-1].strip() for m in written if m.startswith("(") and m.endswith(")")}
    members = tuple(
        m[1:-1].strip() if m.startswith("(") and m.endswith(")") else m for m in written
    )
    if not all(members):
        raise ValueError("has an empty module expression")
    independent = separator == "|" and len(members) > 1
    return Layer(members, independent, frozenset(optional))


def build_contract(
    table: Mapping[str, Any],
    origin: str,
    key: str,
    index: int,
    line: int = 0,
    ignore_lines: tuple[int, ...] = (),
) -> Contract:
    """A contract from a table whose keys and types were already checked."""
    kind = table["type"]
    return Contract(
        name=table.get("name", f"{kind} contract #{index + 1}"),
        type=kind,
        origin=origin,
        key=key,
        source=tuple(table.get("source", ())),
        targets=tuple(table.get("forbidden", table.get("allow", ()))),
        modules=tuple(table.get("modules", ("**",) if kind == "acyclic" else ())),
        layers=tuple(parse_layer(layer) for layer in table.get("layers", ())),
        containers=tuple(table.get("containers", ())),
        allow_indirect=bool(table.get("allow_indirect", False)),
        allow_stdlib=bool(table.get("allow_stdlib", False)),
        ignore=tuple(table.get("ignore", ())),
        ignore_imports=tuple(table.get("ignore_imports", ())),
        line=line,
        ignore_lines=ignore_lines,
    )
