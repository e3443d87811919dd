"""Findings carried across an edit that only moved lines.

A line added at the top of a file changes every position in its facts, so the facts run key
(`inputs.facts_run_key`) misses, though nothing the later stages reason about has changed.
When each changed file's facts equal the previous run's in all but their lines, that run's
findings hold with the lines moved. `line_map` pairs a file's old facts with its new ones
and gives old line -> new line, or None when the edit did more than move lines; `carry`
moves the findings, or gives None when one of them holds a line it cannot place. Either
None means the rules run again: carrying is only ever a shortcut to the same output.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from seamcheck.cache import RunRecord
from seamcheck.facts import Span, Suppression
from seamcheck.findings import Finding, Related

LineMap = dict[int, int]

# Anonymous functions are named by where they start (`extract/`): positions too.
_ANONYMOUS = re.compile(r"<(anonymous|lambda)@(\d+):(\d+)>")
# Fields holding a bare line number rather than a `Span` (`Binding.line`, `SeamHint.line`,
# `Suppression.target_line`).
_LINE_FIELDS = frozenset({"line", "target_line"})
# How a finding's text cites a line (`findings.Finding`): `path:12` or `name.py:12`,
# `line 12` (of the file the text is about), and anonymous functions' names.
_CITATION = re.compile(
    r"(?<![\w./-])(?P<file>[\w./-]+):(?P<at>\d+)|\bline (?P<line>\d+)|@(?P<anonymous>\d+):\d+>"
)


class _Unplaceable(Exception):
    """A finding holds a line of a moved file that the line map cannot place."""


def line_map(old: Any, new: Any) -> LineMap | None:
    """Old line -> new line, when `new` (a file's facts) equals `old` in everything but the
    lines of its positions; else None. Beyond that equality the map must keep what later
    stages compare: the order of positions (span containment, the first call after a
    binding, source-order numbering), which positions share a line, and which lines are
    next to each other (a seam hint names the call on its own line or the next). Columns
    must not change."""
    lines: LineMap = {}
    if not _pair(old, new, lines):
        return None
    for (a, moved_a), (b, moved_b) in pairwise(sorted(lines.items())):
        if moved_b <= moved_a or (b - a == 1) != (moved_b - moved_a == 1):
            return None
    return lines


def _pair(old: Any, new: Any, lines: LineMap) -> bool:
    if type(old) is not type(new):
        return False
    if isinstance(old, str):
        return old == new or _pair_names(old, new, lines)
    if isinstance(old, tuple):
        return len(old) == len(new) and all(
            _pair(a, b, lines) for a, b in zip(old, new, strict=True)
        )
    if isinstance(old, Span):
        return (
            old.column == new.column
            and old.end_column == new.end_column
            and _pair_line(old.line, new.line, lines)
            and _pair_line(old.end_line, new.end_line, lines)
        )
    if dataclasses.is_dataclass(old):
        for field in dataclasses.fields(old):
            a, b = getattr(old, field.name), getattr(new, field.name)
            if field.name in _LINE_FIELDS and type(a) is int:
                if type(b) is not int or not _pair_line(a, b, lines):
                    return False
            elif not _pair(a, b, lines):
                return False
        return True
    return bool(old == new)


def _pair_names(old: str, new: str, lines: LineMap) -> bool:
    """Strings equal but for the positions in anonymous functions' names."""
    if _ANONYMOUS.sub("<>", old) != _ANONYMOUS.sub("<>", new):
        return False
    for a, b in zip(_ANONYMOUS.finditer(old), _ANONYMOUS.finditer(new), strict=True):
        if a[1] != b[1] or a[3] != b[3] or not _pair_line(int(a[2]), int(b[2]), lines):
            return False
    return True


def _pair_line(old: int, new: int, lines: LineMap) -> bool:
    if old == 0 or new == 0:  # "no line" (a whole-file suppression's target)
        return old == new
    return lines.setdefault(old, new) == new


def carry(
    record: RunRecord,
    moves: Mapping[str, LineMap],
    suppressions: Mapping[str, tuple[Suppression, ...]],
) -> RunRecord | None:
    """`record`'s findings with the lines of each moved file (path -> line map) moved, and
    those files' suppression comments as they are now; None if a line cannot be placed."""
    names = {path.rsplit("/", 1)[-1] for path in moves}
    try:
        findings = [_carry_finding(f, moves, names) for f in record.findings]
    except _Unplaceable:
        return None
    findings.sort(key=lambda f: f.sort_key)
    kept = {p: s for p, s in record.suppressions.items() if p not in moves}
    kept.update((p, s) for p, s in suppressions.items() if s)
    return RunRecord(findings, dict(sorted(kept.items())))


def _carry_finding(finding: Finding, moves: Mapping[str, LineMap], names: set[str]) -> Finding:
    files = (finding.path, *(r.path for r in finding.related))
    texts = (finding.message, *(r.message for r in finding.related))
    if not any(f in moves for f in files) and not any(
        "@" in text or any(name in text for name in names) for text in texts
    ):
        return finding
    line, end_line = finding.line, finding.end_line
    if finding.path in moves:
        line, end_line = _place(line, finding.path, moves), _place(end_line, finding.path, moves)
    related = tuple(
        Related(
            r.path,
            _place(r.line, r.path, moves) if r.path in moves else r.line,
            r.column,
            _carry_text(r.message, r.path, files, moves),
        )
        for r in finding.related
    )
    message = _carry_text(finding.message, finding.path, files, moves)
    return dataclasses.replace(
        finding, message=message, line=line, end_line=end_line, related=related
    )


def _carry_text(text: str, about: str, files: tuple[str, ...], moves: Mapping[str, LineMap]) -> str:
    """`text` (about the file `about`, in a finding over `files`) with the lines it cites of
    moved files moved."""

    def move(cited: re.Match[str]) -> str:
        if cited["file"] is not None:
            path = _cited_file(cited["file"], files, moves)
            if path is None:
                return cited[0]
            return f"{cited['file']}:{_place(int(cited['at']), path, moves)}"
        if cited["line"] is not None:
            if about not in moves:
                return cited[0]
            return f"line {_place(int(cited['line']), about, moves)}"
        # An anonymous function's name does not say its file: any moved file may hold it.
        line = int(cited["anonymous"])
        if any(lines.get(line, line) != line for lines in moves.values()):
            raise _Unplaceable
        return cited[0]

    return _CITATION.sub(move, text)


def _cited_file(token: str, files: tuple[str, ...], moves: Mapping[str, LineMap]) -> str | None:
    """The moved file that `token` (before `:LINE`) names, or None when it names none: a path
    names itself; a bare name (`api.ts`) names the finding's one file of that name."""
    if token in moves:
        return token
    if "/" in token:
        return None  # another file's path, or a URL's host
    named = {f for f in files if f.rsplit("/", 1)[-1] == token}
    if len(named) == 1:
        (path,) = named
        return path if path in moves else None
    if named or any(p.rsplit("/", 1)[-1] == token for p in moves):
        raise _Unplaceable  # a name several files of the finding share, or none of them has
    return None


def _place(line: int, path: str, moves: Mapping[str, LineMap]) -> int:
    """Where `line` of the moved file `path` is now. A line no fact stands on can only be a
    stage's "no better place": line 1 of a JS/TS file that declares a route by its name
    (Next.js) or a proxy (vite), or 0. It stays, unless facts stood on line 1 too and moved:
    the two cannot be told apart."""
    lines = moves[path]
    if line in lines and (line != 1 or lines[1] == 1 or path.endswith(".py")):
        return lines[line]
    if line in (0, 1) and line not in lines:
        return line
    raise _Unplaceable
