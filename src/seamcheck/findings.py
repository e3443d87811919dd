"""Findings: what rules report and reporters print."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from seamcheck.records import dataclass

if TYPE_CHECKING:
    from seamcheck.facts import Span

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Related:
    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Alias:
    """Another fingerprint a finding is known by, and what it stands for (a baseline entry's
    message). A finding that groups several relationships (SC202: every blocking call one
    call reaches) has one fingerprint of its own and one alias per other relationship, so a
    baseline knows it by all of them: fixing the one it is named after keeps it known, and
    one more relationship makes it new."""

    fingerprint: str
    message: str
    # The files the relationship runs through (SC202: that chain's helpers, which the
    # finding's own related locations leave out): a change there touches the finding.
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    service: str
    fingerprint: str
    related: tuple[Related, ...] = ()
    aliases: tuple[Alias, ...] = ()

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """Its own fingerprint, then its aliases', each once."""
        return tuple(dict.fromkeys((self.fingerprint, *(a.fingerprint for a in self.aliases))))

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


def fingerprint(code: str, *relationship: str) -> str:
    """Stable across unrelated edits: built from the rule and what relates, never from lines.
    Anonymous functions are named by their position (`<anonymous@37:26>`): that part of a
    name is left out, so a line added above one keeps its findings' fingerprints."""
    parts = (code, *(without_positions(part) for part in relationship))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def without_positions(name: str) -> str:
    """`name` without the positions that name anonymous functions (`<anonymous@37:26>` ->
    `<anonymous>`)."""
    # Most names have no position: the test spares the regular expression (~100k function
    # ids on the 10k-file tree).
    return _POSITION.sub("", name) if "@" in name else name


_POSITION = re.compile(r"@\d+:\d+(?=>)")


def point_finding(
    code: str,
    severity: str,
    message: str,
    path: str,
    line: int,
    column: int,
    service: str,
    relationship: tuple[str, ...],
    related: tuple[Related, ...] = (),
    aliases: tuple[Alias, ...] = (),
) -> Finding:
    """A finding at one point of a file (an import, a call), fingerprinted by the rule and
    the relationship, never by the line."""
    return Finding(
        code=code,
        severity=severity,
        message=message,
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        service=service,
        fingerprint=fingerprint(code, *relationship),
        related=related,
        aliases=aliases,
    )


def span_finding(
    code: str,
    severity: str,
    message: str,
    path: str,
    span: Span,
    service: str,
    relationship: tuple[str, ...],
    related: tuple[Related, ...] = (),
    aliases: tuple[Alias, ...] = (),
) -> Finding:
    """A finding over a span of a file (a call, a comment, a syntax error), fingerprinted by
    the rule and the relationship, never by the line."""
    return Finding(
        code=code,
        severity=severity,
        message=message,
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        service=service,
        fingerprint=fingerprint(code, *relationship),
        related=related,
        aliases=aliases,
    )
