"""URL paths: one normal form for every framework's parameter syntax, prefix joining, and
matching a client's path against a route's."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A whole segment that is a parameter: `:id`, `:id?`, `{id}`, `{id:int}`, `<int:id>`, `<id>`,
# `[id]` (Next.js), `${...}` already became `{name}` upstream, `%s`/`%d`, `*`.
_PARAM = re.compile(
    r"^(?::(?P<colon>[\w$]+)\??|\{(?P<brace>[\w$]*)(?::[^}]*)?\}|<(?:[\w.]+:)?(?P<angle>\w+)>"
    r"|\[(?P<square>\w+)\]|%[sdi]|\*)$"
)
# A segment that swallows the rest of the path.
_CATCH_ALL = re.compile(
    r"^(?:\*|\*\*|\*[\w$]+|\{[\w$]*:path\}|\{\*[\w$]*\}|:[\w$]+[*+]|\[\.\.\.\w+\]|\[\[\.\.\.\w+\]\]|"
    r"<path:\w+>|\(\.\*\))$"
)
CATCH_ALL = "{*}"
_INNER_COLON = re.compile(r"[-.]:[A-Za-z_$]")


# Optional parts of a route: Express 4 `/:id?`, Express 5 (path-to-regexp 8) `{/:section}` and
# `{.:ext}`. Starlette's `{id:int}` never starts with a slash or a dot.
_OPTIONAL = re.compile(r"/:[\w$]+\?(?=/|$)|\{[/.][^{}]*\}")
_MAX_OPTIONAL = 3  # 2**3 variants: more is a pattern, not a list of routes


def variants(route: str) -> list[str]:
    """Every path an Express route with optional parts serves, longest first:
    `/orders/:id?` -> ['/orders/:id', '/orders']; `/docs{/:section}` -> ['/docs/:section',
    '/docs']. Other routes are their only variant."""
    found = list(_OPTIONAL.finditer(route))
    if not found or len(found) > _MAX_OPTIONAL:
        return [route]
    results: list[str] = []
    for mask in range(2 ** len(found)):
        pieces, end = [], 0
        for index, match in enumerate(found):
            pieces.append(route[end : match.start()])
            if not mask >> index & 1:  # kept
                text = match.group()
                pieces.append(text[:-1] if text.endswith("?") else text[1:-1])
            end = match.end()
        pieces.append(route[end:])
        results.append("".join(pieces) or "/")
    return results


def join(*parts: str) -> str:
    """Prefixes and a path joined with single slashes: join('/v1/', 'items') == '/v1/items'."""
    segments = [s for part in parts for s in part.split("/") if s]
    trailing = bool(parts) and parts[-1].endswith("/") and len(segments) > 0
    return "/" + "/".join(segments) + ("/" if trailing else "")


def normalise(path: str) -> str:
    """`/cart/:id` -> `/cart/{id}`; `/items/<int:pk>/` -> `/items/{pk}`; query dropped;
    trailing slash dropped (tolerated when matching)."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    segments = []
    for segment in path.split("/"):
        if not segment:
            continue
        if _CATCH_ALL.match(segment):
            segments.append(CATCH_ALL)
            break
        match = _PARAM.match(segment)
        if match:
            name = next((v for v in match.groupdict().values() if v), "param")
            segments.append("{" + name + "}")
        elif "{" in segment or "<" in segment or _INNER_COLON.search(segment):
            # A parameter inside a segment: `item-{id}.json`, Express `:from-:to`, `f.:ext`.
            segments.append("{param}")
        else:
            segments.append(segment)
    return "/" + "/".join(segments)


def segments(path: str) -> list[str]:
    """The non-empty segments of a path: `/a//b/` -> ['a', 'b']."""
    return [s for s in path.split("/") if s]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def matches(client: str, route: str) -> bool:
    """Both normalised. A parameter on either side matches any one segment; a catch-all
    route segment matches the rest."""
    return segments_match(segments(client), segments(route))


def segments_match(have: Sequence[str], want: Sequence[str]) -> bool:
    """`matches` of two already split paths: the linker splits each route once and checks
    it against every path called on its service."""
    for index, segment in enumerate(want):
        if segment == CATCH_ALL:
            return True
        if index >= len(have):
            return False
        if not (segment == have[index] or _is_param(segment) or _is_param(have[index])):
            return False
    return len(have) == len(want)


def distance(client: str, route: str) -> int:
    """How far apart two normalised paths are, segment-wise, for "did you mean"."""
    return segment_distance(segments(client), segments(route))


def segment_distance(have: Sequence[str], want: Sequence[str]) -> int:
    """`distance` of two already split paths: the linker splits each route once and compares
    it with every broken call of its service."""
    rows = list(range(len(want) + 1))
    for i, a in enumerate(have, 1):
        previous, rows[0] = rows[0], i
        a_param = _is_param(a)
        for j, b in enumerate(want, 1):
            same = a_param or a == b or _is_param(b)
            previous, rows[j] = rows[j], min(rows[j] + 1, rows[j - 1] + 1, previous + (not same))
    return rows[-1]


def strip_prefix(path: str, prefix: str) -> str | None:
    """`path` without `prefix` (segment-aware), None when it does not start with it."""
    if not prefix or prefix == "/":
        return path
    if path == prefix.rstrip("/") or path.startswith(prefix.rstrip("/") + "/"):
        return path[len(prefix.rstrip("/")) :] or "/"
    return None


def longest_prefix(path: str, prefixes: Sequence[str]) -> str | None:
    found = [p for p in prefixes if strip_prefix(path, p) is not None or path.startswith(p)]
    return max(found, key=len) if found else None


def django_regex(pattern: str) -> str:
    """A Django `re_path` pattern as a route path: `^items/(?P<pk>\\d+)/$` -> `items/{pk}/`."""
    pattern = pattern.lstrip("^").rstrip("$")
    pattern = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)
    pattern = re.sub(r"\([^)]*\)", "{param}", pattern)
    return pattern.replace("\\", "").replace("?", "")
