"""Findings carried across an edit that only moved lines.

A line added at the top of a file changes every position in its facts, so the facts run key
(`inputs.facts_run_key`) misses, though nothing the later stages reason about has changed.
When each changed file's facts equal the previous run's in all but their lines, that run's
findings hold with the lines moved. `line_map` pairs a file's old facts with its new ones
and gives old line -> new line, or None when the edit did more than move lines; `carry`
moves the findings' locations, or gives None when a finding about a moved file has in its
text a number that is a line that moved (a cited line, or a number that only looks like
one: text is never rewritten). Either None means the rules run again: carrying is only
ever a shortcut to the same output.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Mapping
from itertools import pairwise
from typing import Any

from seamcheck.cache import RunRecord
from seamcheck.facts import Piece, Span, Suppression
from seamcheck.findings import Finding

LineMap = dict[int, int]

# Anonymous functions are named by where they start (`extract/`): in the fields that hold a
# function's name, those are positions too.
_ANONYMOUS = re.compile(r"<(anonymous|lambda)@(\d+):(\d+)>")
_NAME_FIELDS = frozenset({"qualname", "scope", "decorates"})
# Fields holding a bare line number rather than a `Span` (`Binding.line` and `end_line`,
# `SeamHint.line`, `Suppression.target_line`).
_LINE_FIELDS = frozenset({"line", "end_line", "target_line"})
_NUMBER = re.compile(r"\d+")


class _Unplaceable(Exception):
    """A finding holds a line of a moved file that cannot be placed."""


class _Pairing:
    """What pairing two facts found: old line -> new line, old name -> new name."""

    __slots__ = ("lines", "names")

    def __init__(self) -> None:
        self.lines: LineMap = {}
        self.names: dict[str, str] = {}


def line_map(old: Any, new: Any) -> LineMap | None:
    """Old line -> new line, when `new` (a file's facts) equals `old` in everything but the
    lines of its positions; else None. Beyond that equality the map must keep what later
    stages compare: the order of positions (span containment, the first call after a
    binding, source-order numbering), which positions share a line, which lines are next to
    each other (a seam hint names the call on its own line or the next), and the order of
    the names of anonymous functions as text (node ids are sorted). Columns must not
    change."""
    pairing = _Pairing()
    if not _pair(old, new, pairing):
        return None
    for (a, moved_a), (b, moved_b) in pairwise(sorted(pairing.lines.items())):
        if moved_b <= moved_a or (b - a == 1) != (moved_b - moved_a == 1):
            return None
    for name, later in pairwise(sorted(pairing.names)):
        if pairing.names[name] >= pairing.names[later]:
            return None
    return pairing.lines


def _pair(old: Any, new: Any, pairing: _Pairing) -> bool:
    kind = type(old)
    if kind is not type(new):
        return False
    if kind in _PLAIN:
        return bool(old == new)
    if kind is tuple:
        return len(old) == len(new) and all(
            _pair(a, b, pairing) for a, b in zip(old, new, strict=True)
        )
    if kind is Span:
        return (
            old.column == new.column
            and old.end_column == new.end_column
            and _pair_line(old.line, new.line, pairing)
            and _pair_line(old.end_line, new.end_line, pairing)
        )
    layout = _layout(type(old))
    if layout is None:
        return bool(old == new)
    # A function defined inline (`kind` "func") is named in `value`; a call whose result an
    # argument is (a `Piece` of kind "call") is placed there, `LINE:COLUMN`.
    marked = getattr(old, "kind", None)
    placed = kind is Piece and marked == "call"
    for name, role in layout:
        a, b = getattr(old, name), getattr(new, name)
        if role is _LINE and type(a) is int:
            paired = type(b) is int and _pair_line(a, b, pairing)
        elif (role is _NAME or (marked == "func" and name == "value")) and type(a) is str:
            paired = type(b) is str and _pair_name(a, b, pairing)
        elif placed and name == "value" and type(a) is str and type(b) is str:
            paired = _pair_place(a, b, pairing)
        else:
            paired = _pair(a, b, pairing)
        if not paired:
            return False
    return True


_PLAIN = frozenset((str, int, bool, float, type(None)))
_LINE, _NAME, _OTHER = "line", "name", "other"
# Record class -> (field, role) of its fields; None for a class that is no record.
_LAYOUTS: dict[type, tuple[tuple[str, str], ...] | None] = {}


def _layout(cls: type) -> tuple[tuple[str, str], ...] | None:
    """How `_pair` compares each field of a record class, worked out once per class: a
    file's facts hold thousands of records of a dozen classes."""
    if cls not in _LAYOUTS:
        _LAYOUTS[cls] = (
            tuple((f.name, _role(f.name)) for f in dataclasses.fields(cls))
            if dataclasses.is_dataclass(cls)
            else None
        )
    return _LAYOUTS[cls]


def _role(field: str) -> str:
    if field in _LINE_FIELDS:
        return _LINE
    return _NAME if field in _NAME_FIELDS else _OTHER


def _pair_name(old: str, new: str, pairing: _Pairing) -> bool:
    """Names of functions equal but for the positions of anonymous functions in them. Every
    name holding one is noted, moved or not: their order as text is what must not change."""
    if "@" not in old:
        return old == new
    if _ANONYMOUS.sub("<>", old) != _ANONYMOUS.sub("<>", new):
        return False
    for a, b in zip(_ANONYMOUS.finditer(old), _ANONYMOUS.finditer(new), strict=True):
        if a[1] != b[1] or a[3] != b[3] or not _pair_line(int(a[2]), int(b[2]), pairing):
            return False
    return pairing.names.setdefault(old, new) == new


def _pair_place(old: str, new: str, pairing: _Pairing) -> bool:
    """Two `LINE:COLUMN` places: the same column, the lines paired."""
    old_line, _, old_column = old.partition(":")
    new_line, _, new_column = new.partition(":")
    if old_column != new_column or not (old_line.isdigit() and new_line.isdigit()):
        return False
    return _pair_line(int(old_line), int(new_line), pairing)


def _pair_line(old: int, new: int, pairing: _Pairing) -> bool:
    if old == 0 or new == 0:  # "no line" (a whole-file suppression's target)
        return old == new
    return pairing.lines.setdefault(old, new) == new


def carry(
    record: RunRecord,
    moves: Mapping[str, LineMap],
    suppressions: Mapping[str, tuple[Suppression, ...]],
) -> RunRecord | None:
    """`record`'s findings with the lines of each moved file (path -> line map) moved, and
    those files' suppression comments as they are now; None if a line cannot be placed."""
    names = {path: path.rsplit("/", 1)[-1] for path in moves}
    moved = {
        path: {old for old, new in lines.items() if old != new} for path, lines in moves.items()
    }
    try:
        findings = [_carry_finding(f, moves, names, moved) for f in record.findings]
    except _Unplaceable:
        return None
    findings.sort(key=lambda f: f.sort_key)
    kept = {p: s for p, s in record.suppressions.items() if p not in moves}
    kept.update((p, s) for p, s in suppressions.items() if s)
    return RunRecord(findings, dict(sorted(kept.items())))


def _carry_finding(
    finding: Finding,
    moves: Mapping[str, LineMap],
    names: Mapping[str, str],
    moved: Mapping[str, set[int]],
) -> Finding:
    texts = _texts(finding)
    about = {finding.path, *(r.path for r in finding.related)}
    # An anonymous function's name says its line but not its file: every moved file counts.
    anonymous = _names_anonymous(texts)
    involved = [path for path in moves if anonymous or _involves(about, texts, path, names[path])]
    if not involved:
        return finding
    # A rule may cite a line in its text (`registry.py:25`, `at line 25`), and so may text
    # the user wrote (a URL, a route): a number that is a moved line cannot be placed.
    if any(
        int(n) in moved[path] for text in texts for n in _NUMBER.findall(text) for path in involved
    ):
        raise _Unplaceable
    if finding.path in moves:
        lines = (
            _place(finding.line, finding.path, moves),
            _place(finding.end_line, finding.path, moves),
        )
        finding = dataclasses.replace(finding, line=lines[0], end_line=lines[1])
    if any(r.path in moves for r in finding.related):
        related = tuple(
            dataclasses.replace(r, line=_place(r.line, r.path, moves)) if r.path in moves else r
            for r in finding.related
        )
        finding = dataclasses.replace(finding, related=related)
    return finding


def involvement(findings: Iterable[Finding], also: Iterable[str] = ()) -> tuple[list[str], str]:
    """What a file's lines moving could change in `findings`, for `unaffected`: the paths
    they are about, with the paths `also` names, and their texts, one string."""
    about: set[str] = set(also)
    texts: list[str] = []
    for finding in findings:
        about.add(finding.path)
        about.update(r.path for r in finding.related)
        texts.extend(_texts(finding))
    return sorted(about), "\0".join(texts)


def unaffected(involved: tuple[list[str], str], path: str) -> bool:
    """Whether the findings `involvement` describes stay as they are when lines of the file
    at `path` move: none is about it or names it, as `carry` finds."""
    about, texts = involved
    name = path.rsplit("/", 1)[-1]
    return not (_names_anonymous((texts,)) or _involves(about, (texts,), path, name))


def _texts(finding: Finding) -> tuple[str, ...]:
    # An alias's message is written to a baseline: it may cite lines too.
    return (
        finding.message,
        *(r.message for r in finding.related),
        *(a.message for a in finding.aliases),
    )


def _involves(about: Collection[str], texts: Iterable[str], path: str, name: str) -> bool:
    """Whether a finding (or several) about the files `about`, with these texts, is about
    the file at `path` (named `name`) or names it."""
    return path in about or any(name in text for text in texts)


def _names_anonymous(texts: Iterable[str]) -> bool:
    """Whether the texts name an anonymous function, whose name says its line but not its
    file."""
    return any(_ANONYMOUS.search(text) for text in texts)


def _place(line: int, path: str, moves: Mapping[str, LineMap]) -> int:
    """Where `line` of the moved file `path` is now. A line no fact stands on can only be a
    stage's "no better place" (line 1 of a file that declares a route by its name, or 0):
    it stays, unless facts stood on line 1 too and moved, when the two cannot be told
    apart."""
    lines = moves[path]
    if line in lines and (line != 1 or lines[1] == 1):
        return lines[line]
    if line in (0, 1) and line not in lines:
        return line
    raise _Unplaceable
