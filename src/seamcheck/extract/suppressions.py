"""Suppression comments: `seamcheck: ignore[SC201] reason` and `seamcheck: ignore-file[SC102]`.

Read from the comment nodes the extractors already capture, so suppressions cost no second
parse. Whether a code names a real rule is the gate's business: the extractor knows no rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import tree_sitter as ts

from seamcheck.extract.common import Positions, text
from seamcheck.facts import Suppression

_MARKER = b"seamcheck"
_DIRECTIVE = re.compile(r"seamcheck:\s*(?P<kind>ignore-file|ignore)(?![\w-])(?P<rest>.*)", re.S)
_CODE = re.compile(r"[A-Z]+[0-9]+")
# Leading characters that only open a comment; a JSX comment sits in `{/* ... */}`.
_COMMENT_OPENERS = b" \t{"
EXAMPLE = "seamcheck: ignore[SC201] why this is fine"


def suppressions(
    comments: Sequence[ts.Node], data: bytes, positions: Positions
) -> tuple[Suppression, ...]:
    """Every suppression comment among `comments` (source order), well formed or not."""
    if _MARKER not in data:  # most files: no comment to read, no comment-only lines to find
        return ()
    own_lines = _comment_only_lines(comments, data)
    found: list[Suppression] = []
    for node in comments:
        raw = node.text or b""
        if _MARKER not in raw:
            continue
        match = _DIRECTIVE.search(text(node))
        if match is None:
            continue
        span = positions.span(node)
        scope = "file" if match["kind"] == "ignore-file" else "line"
        codes, reason, problem = _parse(match["rest"], match["kind"])
        if scope == "file":
            target = 0
        elif span.line in own_lines:
            target = span.end_line + 1
            while target in own_lines:  # stacked comments all apply to the code below them
                target += 1
        else:
            target = span.line
        found.append(Suppression(span, scope, codes, reason, target, problem))
    return tuple(found)


def _parse(rest: str, kind: str) -> tuple[tuple[str, ...], str, str]:
    """(codes, reason, problem) of what follows `ignore` / `ignore-file`."""
    rest = _strip_comment_close(rest)
    if not rest.startswith("["):
        return (), rest.strip(), f"'{kind}' names no rule codes; write `{_example(kind)}`"
    close = rest.find("]")
    if close == -1:
        return (), "", f"'{kind}[' is not closed with ']'"
    names = [part.strip() for part in rest[1:close].split(",") if part.strip()]
    reason = rest[close + 1 :].strip().lstrip(":-—").strip()
    if not names:
        return (), reason, f"'{kind}[]' names no rule codes; write `{_example(kind)}`"
    bad = [name for name in names if not _CODE.fullmatch(name)]
    if bad:
        return (), reason, f"'{bad[0]}' is not a rule code (codes look like SC201)"
    return tuple(dict.fromkeys(names)), reason, ""


def _example(kind: str) -> str:
    return EXAMPLE.replace("ignore", kind, 1)


def _strip_comment_close(rest: str) -> str:
    rest = rest.strip()
    return rest[:-2].rstrip() if rest.endswith("*/") else rest


def _comment_only_lines(comments: Sequence[ts.Node], data: bytes) -> set[int]:
    """1-based lines holding nothing but a comment."""
    lines: set[int] = set()
    for node in comments:
        start = node.start_byte
        line_start = data.rfind(b"\n", 0, start) + 1
        if data[line_start:start].strip(_COMMENT_OPENERS):
            continue
        first, last = node.start_point[0] + 1, node.end_point[0] + 1
        lines.update(range(first, last + 1))
    return lines
