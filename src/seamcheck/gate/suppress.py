"""Inline suppressions: drop the findings a `seamcheck: ignore[...]` comment covers, and report
each code of a comment that covered nothing as SC002."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from seamcheck.findings import Finding
from seamcheck.records import dataclass
from seamcheck.rules.suppressions import CODE as SC002
from seamcheck.rules.suppressions import suppression_finding

if TYPE_CHECKING:
    from seamcheck.facts import Suppression


@dataclass(frozen=True, slots=True)
class Suppressed:
    kept: tuple[Finding, ...]
    silenced: int


@dataclass(slots=True)
class _FileSuppressions:
    by_file: dict[str, list[Suppression]] = field(default_factory=dict)  # code -> comments
    by_line: dict[tuple[int, str], list[Suppression]] = field(default_factory=dict)

    def covering(self, finding: Finding) -> list[Suppression]:
        return [
            *self.by_file.get(finding.code, ()),
            *self.by_line.get((finding.line, finding.code), ()),
        ]


def silences(suppressions: Sequence[Suppression], code: str, line: int) -> bool:
    """Whether one of a file's comments silences `code` on `line`."""
    index = _index(suppressions)
    return bool(index.by_file.get(code) or index.by_line.get((line, code)))


def _index(suppressions: Sequence[Suppression]) -> _FileSuppressions:
    index = _FileSuppressions()
    for suppression in suppressions:
        if suppression.problem:
            continue
        for code in suppression.codes:
            if suppression.scope == "file":
                index.by_file.setdefault(code, []).append(suppression)
            else:
                index.by_line.setdefault((suppression.target_line, code), []).append(suppression)
    return index


def apply_suppressions(
    findings: Iterable[Finding],
    suppressions: Mapping[str, tuple[Suppression, ...]],
    known_codes: frozenset[str],
    service_of: Callable[[str], str],
) -> Suppressed:
    """Findings no comment covers, plus an SC002 finding per unused (comment, code)."""
    indexes = {path: _index(found) for path, found in suppressions.items() if found}
    used: set[tuple[Suppression, str]] = set()  # (comment, code)
    kept: list[Finding] = []
    silenced = 0
    for finding in findings:
        index = indexes.get(finding.path)
        covering = index.covering(finding) if index is not None and finding.code != SC002 else []
        if not covering:
            kept.append(finding)
            continue
        silenced += 1
        used.update((s, finding.code) for s in covering)
    for path in sorted(indexes):
        kept.extend(_unused(path, suppressions[path], used, known_codes, service_of(path)))
    return Suppressed(tuple(sorted(kept, key=lambda f: f.sort_key)), silenced)


def _unused(
    path: str,
    suppressions: Sequence[Suppression],
    used: set[tuple[Suppression, str]],
    known_codes: frozenset[str],
    service: str,
) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for suppression in suppressions:
        if suppression.problem:
            continue  # reported by the SC002 rule itself: it can never work
        for code in suppression.codes:
            if code == SC002 or code not in known_codes or (suppression, code) in used:
                continue
            detail = f"unused:{code}"
            seen[detail] = seen.get(detail, 0) + 1
            where = (
                "in this file"
                if suppression.scope == "file"
                else f"on line {suppression.target_line}"
            )
            message = f"unused suppression: no {code} finding {where}"
            yield suppression_finding(path, suppression, detail, message, service, seen[detail])
