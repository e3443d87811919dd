"""URL paths: one normal form for every framework's parameter syntax, prefix joining, and
matching a client's path against a route's."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

# A whole segment that is a parameter: `:id`, `:id?`, `{id}`, `{id:int}`, `<int:id>`, `<id>`,
# `[id]` (Next.js), `${...}` already became `{name}` upstream, `%s`/`%d`, `*`.
_PARAM = re.compile(
    r"^(?::(?P<colon>[\w$]+)\??|\{(?P<brace>[\w$]*)(?::[^}]*)?\}|<(?:[\w.]+:)?(?P<angle>\w+)>"
    r"|\[(?P<square>\w+)\]|%[sdi]|\*)$"
)
# A segment that swallows the rest of the path (Flask's `<path:x>`, Sanic's `<x:path>`).
_CATCH_ALL = re.compile(
    r"^(?:\*|\*\*|\*[\w$]+|\{[\w$]*:path\}|\{\*[\w$]*\}|:[\w$]+[*+]|\[\.\.\.\w+\]|\[\[\.\.\.\w+\]\]|"
    r"<path:\w+>|<\w+:path>|\(\.\*\))$"
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


# Express 4 (path-to-regexp 0.1.x) passes `?`, `+`, `*`, `(...)`, `[...]`, `|`, `^` and `$` of
# a string path to the regular expression it builds (only `/` and `.` are escaped; `*` becomes
# `(.*)`). Express 5 refuses all of them but its own `*name` and `{...}` (kept as written).
_EXPRESS_SYNTAX = re.compile(r"[?+*()\[\]|^$\\]")
_NAME = re.compile(r"[\w$]+")
_LITERAL_GROUP = re.compile(r"[\w\-.~/%]*(?:\|[\w\-.~/%]*)*")
# A parameter's own regular expression that stays within one segment: `\d+`, `[a-z]{2}`,
# `[^/]+`, `v1|v2`. Anything else (`.*`, `.+`, `\S+`) may take slashes: a catch-all.
_SEGMENT_REGEX = re.compile(
    r"(?:\\[dw.\-_]|\[(?!\^)[^\]/]*\]|\[\^[^\]]*/[^\]]*\]|[\w\-|+*?{},()^$])*"
)
# Where a declared path stops being literal text, in any framework's syntax.
_NOT_LITERAL = re.compile(r"[?+*()\[\]|^$\\:{<]")
_MAX_PATTERN_PATHS = 8


def express_paths(route: str) -> list[str] | None:
    """The paths an Express 4 route serves, where a string path is regular-expression syntax:
    `/ab?cd` -> ['/abcd', '/acd'], `/a(bc)?d` -> ['/abcd', '/ad'], `/users/:id(\\d+)` ->
    ['/users/:id']. What `normalise` and `variants` read (`:id?`, `:path*`, `*name`,
    `{/:section}`) is kept as written. None when the paths cannot be listed: `/ab+cd`,
    `/ab*cd`, `/a[bc]d`, more than 8 paths."""
    if not _EXPRESS_SYNTAX.search(route):
        return [route]
    pieces = _express_pieces(route)
    if pieces is None:
        return None
    count = 1
    for alternatives in pieces:
        count *= len(alternatives)
    if count > _MAX_PATTERN_PATHS:
        return None
    paths = ("".join(chosen) for chosen in itertools.product(*pieces))
    return list(dict.fromkeys(path or "/" for path in paths))


# Hono's `:name{regex}`: a parameter constrained by a regular expression.
_HONO_CONSTRAINED = re.compile(r"(/:[\w$]+)\{[^{}/]*\}")


def hono_paths(route: str) -> list[str] | None:
    """The paths a Hono route serves, as `normalise` and `variants` read them: a
    parameter's constraint dropped (`/post/:date{[0-9]+}` -> `/post/:date`: a call it
    refuses is then linked, never taken for broken), `:id?` kept. None for a wildcard
    (`/api/*`, `/wild/*/card`) or any other pattern syntax: its paths cannot be listed."""
    plain = _HONO_CONSTRAINED.sub(r"\1", route)
    if re.search(r"[*{}()\[\]|^$\\+]", plain) or "?" in plain.replace("?/", "/").rstrip("?"):
        return None
    return [plain]


# hapi's parameters: `{name}`, `{name?}` (the last segment, optional), `{name*}` (any
# number of segments), `{name*2}` (that many).
_HAPI_OPTIONAL = re.compile(r"/\{([\w$]+)\?\}$")
_HAPI_MULTI = re.compile(r"\{([\w$]+)\*(\d*)\}")
# `{name*N}` beyond this many segments is read as `{name*}`: a number written by mistake
# (`{tile*99999999}`) would otherwise make a path of that many segments.
_HAPI_MAX_SEGMENTS = 32


def hapi_paths(route: str) -> list[str]:
    """The paths a hapi route serves, as `normalise` reads them: `/files/{path*}` ->
    `/files/{*}`, `/pair/{p*2}` -> `/pair/{p}/{p}`, `/users/{id?}` -> itself and `/users`."""

    def multi(match: re.Match[str]) -> str:
        count = int(match.group(2) or 0)
        if not 0 < count <= _HAPI_MAX_SEGMENTS:
            return "{*}"  # any number; or more than a real route spells out: read as any
        return "/".join(["{" + match.group(1) + "}"] * count)

    plain = _HAPI_MULTI.sub(multi, route)
    optional = _HAPI_OPTIONAL.search(plain)
    if optional is None:
        return [plain]
    return [
        plain[: optional.start()] + "/{" + optional.group(1) + "}",
        plain[: optional.start()] or "/",
    ]


def _express_pieces(route: str) -> list[tuple[str, ...]] | None:
    """An Express 4 path as a list of pieces, each the alternatives at that point of it."""
    pieces: list[tuple[str, ...]] = []
    index, size = 0, len(route)
    while index < size:
        char = route[index]
        name = _NAME.match(route, index + 1) if char == ":" else None
        if name is not None:
            text, index = ":" + name.group(), name.end()
            if index < size and route[index] == "(":
                end = _group_end(route, index)
                if end is None:
                    return None
                if not _SEGMENT_REGEX.fullmatch(route[index + 1 : end - 1]):
                    text += "*"  # `:path(.*)`: a catch-all
                index = end
            if index < size and route[index] in "?*+":
                if not text.endswith("*"):
                    text += route[index]
                index += 1
            pieces.append((text,))
        elif char == "*" and (index == 0 or route[index - 1] == "/"):
            # `/files/*` (Express 4: anything) or Express 5 `*name`: read by `normalise`.
            name = _NAME.match(route, index + 1)
            index = name.end() if name is not None else index + 1
            if index < size and route[index] != "/":
                return None  # `/*.js`
            pieces.append((route[index - 1 if name is None else name.start() - 1 : index],))
        elif char == "{":
            end = route.find("}", index)
            if end < 0:
                return None
            pieces.append((route[index : end + 1],))  # Express 5 `{/:section}`
            index = end + 1
        elif char == "(":
            end = _group_end(route, index)
            if end is None or not _LITERAL_GROUP.fullmatch(route[index + 1 : end - 1]):
                return None
            alternatives = tuple(route[index + 1 : end - 1].split("|"))
            index = end
            modifier = route[index] if index < size else ""
            if modifier in ("+", "*"):
                return None
            if modifier == "?":
                alternatives, index = (*alternatives, ""), index + 1
            pieces.append(alternatives)
        elif char == "?":
            last = pieces[-1] if pieces else ("",)
            if len(last) != 1 or not last[0] or last[0][-1] in ":*}":
                return None
            pieces[-1:] = [(last[0][:-1],), (last[0][-1], "")]
            index += 1
        elif char == "\\" and index + 1 < size:
            pieces.append((route[index + 1],))
            index += 2
        elif char in "+*()[]|^$\\":
            return None
        else:
            pieces.append((char,))
            index += 1
    return pieces


def _group_end(route: str, start: int) -> int | None:
    """The index after the `)` that closes the group opening at `start`."""
    depth, index = 0, start
    while index < len(route):
        char = route[index]
        if char == "\\":
            index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def pattern_head(route: str) -> str:
    """The literal text a declared path starts with, up to its first pattern or parameter:
    `/ab+cd` -> '/ab', `/users/:id/x*` -> '/users/'. Every path it serves starts so."""
    match = _NOT_LITERAL.search(route)
    if match is None:
        return route
    head = route[: match.start()]
    # `/ab?c` may serve paths without the `b`; `/ab+c` always has it, `/ab*c` too (Express 4
    # reads `*` as `(.*)`).
    return head[:-1] if match.group() == "?" and head[-1:] not in ("/", "") else head


def regex_head(pattern: str) -> str:
    """The literal text every path a route's regular expression matches starts with:
    `^\\/rx\\/.*` -> '/rx/'. '' when it is not anchored at the start or has alternatives."""
    if not pattern.startswith("^") or "|" in pattern:
        return ""
    head: list[str] = []
    index = 1
    while index < len(pattern):
        char, step = pattern[index], 1
        if char == "\\" and index + 1 < len(pattern) and not pattern[index + 1].isalnum():
            char, step = pattern[index + 1], 2  # `\/`, `\.`, `\-`
        elif not (char.isalnum() or char in "/-_~%"):
            break
        if pattern[index + step : index + step + 1] in ("?", "*", "{"):
            break  # the character may be absent
        head.append(char)
        index += step
    return "".join(head)


def may_start_with(path: str, head: str, partial: bool = False) -> bool:
    """Whether a normalised client path may start with `head`, a declared route's literal
    start, segment by segment: `/api` starts `/api/x`, not `/apiv2` (unless `partial`: the
    literal start of a regular expression, whose last segment may go on). A parameter of
    the head (a mount at `${BASE}/api`, `/tenants/:id`) may be any segments, and one of the
    path anything: a trailing slash is tolerated."""
    want = segments(head)
    last_partial = partial and not head.endswith("/")
    return _starts_with(segments(path), want, last_partial)


def known_start(head: str) -> bool:
    """Whether a route's literal start says anything of the paths it serves: not when all
    of it is parameters (a mount at `process.env.PREFIX`)."""
    return not all(_head_param(segment) for segment in segments(head))


def _head_param(segment: str) -> bool:
    return "{" in segment or _PARAM.match(segment) is not None


def _starts_with(have: Sequence[str], want: Sequence[str], partial: bool) -> bool:
    for index, segment in enumerate(want):
        if _head_param(segment):
            # A value not known here: it may be none, one or more segments.
            rest = want[index + 1 :]
            return any(
                _starts_with(have[start:], rest, partial) for start in range(index, len(have) + 1)
            )
        if index >= len(have):
            return False
        if "{" in have[index]:
            return True  # the call's parameter may hold the rest of the head
        last = partial and index == len(want) - 1
        if not (have[index].startswith(segment) if last else have[index] == segment):
            return False
    return True


def may_end_with(path: str, tail: str) -> bool:
    """Whether a normalised client path may end with `tail`, the normalised end every path
    of a route seamcheck cannot read has: parameters on either side match any segment."""
    want = segments(tail)
    if CATCH_ALL in want:
        return True
    have = segments(path)
    return len(have) >= len(want) and segments_match(have[len(have) - len(want) :], want)


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


def is_param(segment: str) -> bool:
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
        if not (segment == have[index] or is_param(segment) or is_param(have[index])):
            return False
    return len(have) == len(want)


# A split path as `path_distance` reads it: each segment, whether it is a parameter, and what
# adding or dropping it costs (its characters and its slash; two for a parameter).
Shape = tuple[tuple[str, bool, int], ...]


def shape(parts: Sequence[str]) -> Shape:
    return tuple((s, is_param(s), 2 if is_param(s) else len(s) + 1) for s in parts)


def distance(client: str, route: str) -> int:
    """How far apart two normalised paths are, for "did you mean" (`path_distance`)."""
    return path_distance(shape(segments(client)), shape(segments(route)))


def path_distance(have: Shape, want: Shape, limit: int | None = None) -> int:
    """How many characters apart two paths are: segments aligned by edit distance, a segment
    added or dropped costing its weight, a parameter matching any segment, and two different
    segments their character edit distance when one may be a typo of the other (`_retyped`),
    else one dropped and the other added. `/api/userz` is 1 from `/api/users` and 13 from
    `/api/orders`. Past `limit`, any distance above it may be returned as `limit + 1`: the
    linker keeps only the nearest few routes and stops a comparison once it is further."""
    rows = [0]
    for _, _, weight in want:
        rows.append(rows[-1] + weight)
    for a, a_param, a_weight in have:
        previous, rows[0] = rows[0], rows[0] + a_weight
        for j, (b, b_param, b_weight) in enumerate(want, 1):
            change = 0 if a_param or b_param or a == b else _retyped(a, b, a_weight + b_weight)
            previous, rows[j] = (
                rows[j],
                min(rows[j] + a_weight, rows[j - 1] + b_weight, previous + change),
            )
        if limit is not None and min(rows) > limit:
            return limit + 1  # every alignment already costs more
    return rows[-1]


def path_overlap(have: Shape, want: Shape) -> tuple[int, int]:
    """`path_distance` of two paths, and how many letters of theirs the cheapest alignment
    keeps: the weight of each literal segment kept as it is, less the edits of one retyped.
    A parameter matched to a segment keeps none: `/api/files/{*}` is 8 from
    `/api/documents/{id}` but keeps only 'api/'."""
    rows = [(0, 0)]  # (distance, -letters kept) of each prefix of `want`
    for _, _, weight in want:
        rows.append((rows[-1][0] + weight, 0))
    for a, a_param, a_weight in have:
        previous, rows[0] = rows[0], (rows[0][0] + a_weight, rows[0][1])
        for j, (b, b_param, b_weight) in enumerate(want, 1):
            if a_param or b_param:
                change, kept = 0, 0
            elif a == b:
                change, kept = 0, a_weight
            else:
                change = _retyped(a, b, a_weight + b_weight)
                kept = min(a_weight, b_weight) - change if change < a_weight + b_weight else 0
            # The cheapest alignment; of equally cheap ones, the one keeping the most letters.
            previous, rows[j] = (
                rows[j],
                min(
                    (rows[j][0] + a_weight, rows[j][1]),
                    (rows[j - 1][0] + b_weight, rows[j - 1][1]),
                    (previous[0] + change, previous[1] - kept),
                ),
            )
    far, lost = rows[-1]  # letters kept, negated so that `min` prefers more of them
    return far, -lost


def _retyped(a: str, b: str, replaced: int) -> int:
    """What changing segment `a` into `b` costs: their character edit distance when it is at
    most two or a third of the longer one's letters (`userz` for `users`, `v2` for `v1`), else
    `replaced`, the cost of dropping one and adding the other: `push` is no typo of `sms`."""
    edits = _char_distance(a, b)
    return edits if edits <= max(2, max(len(a), len(b)) // 3) else replaced


@functools.lru_cache(maxsize=4096)
def _char_distance(a: str, b: str) -> int:
    """Levenshtein distance of two segments (the same few recur in every broken call)."""
    rows = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, rows[0] = rows[0], i
        for j, y in enumerate(b, 1):
            previous, rows[j] = rows[j], min(rows[j] + 1, rows[j - 1] + 1, previous + (x != y))
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


# Tornado: what a group's regular expression may be made of to match within one segment:
# a character of a class holding no slash (`\d`, `\w`, `[0-9a-f]`, `[^/]`, a word character
# or an escaped `.`, `-`, `_`, `~`), each with a quantifier or none.
_SEGMENT_CHARACTER = re.compile(
    r"\\[dw]|\[(?!\^)(?:[\w~]|\\[dw.\-_~]|(?<=.)-(?=[^\]]))+\]|\[\^(?=[^\]]*/)(?:[^\]\\]|\\.)+\]"
    r"|[\w\-~]|\\[.\-_~]"
)
_QUANTIFIER = re.compile(r"(?:([+*?])|\{(\d+)(?:,\d*)?\})\??")
# Groups nested deeper than this are not read (a pattern is code a user wrote: any depth).
_MAX_GROUP_DEPTH = 8
# A group that may take the rest of the path (`.*`, `.+`).
_REST_OF_PATH = re.compile(r"\.[*+]\??")
# A group that takes the rest of the path with its own leading slash, or nothing: Jupyter
# server's `path_regex` (`(?P<path>(?:(?:/[^/]+)+|/?))`, which every extension's handlers of
# a file or folder end with; the classic notebook server's `(?P<path>(?:/.*)*)`),
# `((?:/[^/]+)*)`, `((?:/.*)?)`, `(/.*)`.
_SLASH_LED_REST = re.compile(
    r"\(\?:\(\?:/\[\^/\]\+\)\+\|/\?\)|\(\?:/\[\^/\]\+\)\*|\(\?:/\.\*\)[?*]|/\.[*+]"
)
_TORNADO_LITERAL = re.compile(r"(?:[\w\-~/]|\\[^\w\s]|\.(?![*+?{]))*")


def tornado_path(pattern: str) -> str | None:
    """The path a Tornado rule's regular expression matches, which it matches whole (Tornado
    appends `$`): `/items/([0-9]+)` -> `/items/{param}`, `/users/(?P<name>\\w+)` ->
    `/users/{name}`, `/static/(.*)` -> `/static/{*}`, `/(favicon\\.ico)` -> `/favicon.ico`;
    None when that is not exact (alternatives, optional parts, `.*` within the path)."""
    body = pattern.removeprefix("^")
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    if body.endswith("/?"):
        body = body[:-2]  # an optional trailing slash: trailing slashes are tolerated
    pieces: list[str] = []
    index = 0
    while index < len(body):
        literal = _TORNADO_LITERAL.match(body, index)
        if literal is not None and literal.end() > index:
            text = literal.group()
            if body[literal.end() : literal.end() + 1] in ("?", "*", "+", "{"):
                return None  # its last character may be absent or repeated
            pieces.append(re.sub(r"\\(.)", r"\1", text))
            index = literal.end()
            continue
        if body[index] != "(":
            return None
        end = _group_end(body, index)
        if end is None or body[end : end + 1] in ("?", "*", "+", "{"):
            return None
        piece = _tornado_group(body[index + 1 : end - 1], "".join(pieces), end == len(body))
        if piece is None:
            return None
        pieces.append(piece)
        index = end
    path = "".join(pieces)
    return path if path.startswith("/") else None


# A group of literal alternatives (`(?P<action>fetch|submit)`), each a word of the path;
# at most this many paths are made of one pattern.
_WORDS_GROUP = re.compile(r"\((?:\?P<\w+>)?((?:[\w\-~]+\|)+[\w\-~]+)\)")
_MAX_ALTERNATIVES = 16


# A group with no group inside (`([^/]*)`, `(?P<name>\w*)`): its name and its body.
_PLAIN_GROUP = re.compile(r"\((\?P<\w+>)?([^()]*)\)")
# What may follow a group at a pattern's end: an optional trailing slash, Tornado's `$`.
_PATTERN_END = re.compile(r"(?:/\?)?\$?")


def _empty_or_segment(pattern: str) -> list[str]:
    """The patterns a rule's group matching within one segment, or nothing, stands for:
    JupyterHub's `/users/([^/]+)/servers/([^/]*)` is `/users/{param}/servers/{param}` and
    `/users/{param}/servers/` (the default server's name is empty), as it is before an
    optional trailing slash (`([^/]*)/?`). Inside the pattern
    (`/servers/([^/]*)/progress`) only the segment is read: an empty one, `//progress`, is
    no path a route lists."""
    for found in _PLAIN_GROUP.finditer(pattern):
        name, body = found.group(1) or "", found.group(2)
        if body.startswith("?") or _TORNADO_LITERAL.fullmatch(body):
            continue
        if _shortest_in_segment(body) != 0:
            continue
        some = f"{pattern[: found.start()]}({name}[^/]+){pattern[found.end() :]}"
        if not _PATTERN_END.fullmatch(pattern[found.end() :]):
            return _empty_or_segment(some)
        none = pattern[: found.start()]
        return [*_empty_or_segment(some), *_empty_or_segment(none)]
    return [pattern]


def tornado_paths(pattern: str) -> list[str] | None:
    """The paths a Tornado rule's regular expression matches, as `tornado_path`, with its
    groups of literal alternatives written out: `/assignments/(?P<action>fetch|submit)` ->
    `/assignments/fetch`, `/assignments/submit`, and its groups matching within a segment
    or nothing both ways (`_empty_or_segment`); None when they are not exact, or too many."""
    patterns = _empty_or_segment(pattern)
    if len(patterns) > _MAX_ALTERNATIVES:
        return None
    while (found := _WORDS_GROUP.search(patterns[0])) is not None:
        words = found.group(1).split("|")
        if len(patterns) * len(words) > _MAX_ALTERNATIVES:
            return None
        patterns = [
            f"{p[: m.start()]}({word}){p[m.end() :]}" if m is not None else p
            for p in patterns
            for m in (_WORDS_GROUP.search(p),)
            for word in (words if m is not None else ("",))
        ]
    paths = [tornado_path(p) for p in patterns]
    exact = [p for p in paths if p is not None]
    return exact if len(exact) == len(paths) else None


def _tornado_group(inner: str, before: str, last: bool) -> str | None:
    """What a group of a Tornado rule matches, as path text: a parameter, the rest of the
    path (a whole segment on, at the end), or its literal text; None otherwise."""
    named = re.match(r"\?P<(\w+)>", inner)
    name = named.group(1) if named is not None else "param"
    inner = inner[named.end() :] if named is not None else inner
    if inner.startswith("?"):
        return None  # `(?:...)`, a lookahead
    literal = _TORNADO_LITERAL.fullmatch(inner)
    if literal is not None and inner:
        return re.sub(r"\\(.)", r"\1", inner)
    if (_shortest_in_segment(inner) or 0) > 0:
        return "{" + name + "}"
    if _REST_OF_PATH.fullmatch(inner) and last and before.endswith("/"):
        return CATCH_ALL
    if _SLASH_LED_REST.fullmatch(inner) and last and not before.endswith("/"):
        return "/" + CATCH_ALL
    return None


def _shortest_in_segment(regex: str, depth: int = 0) -> int | None:
    """The length of the shortest text `regex` matches, when all it matches lies within one
    segment: `[^/]+` 1, `\\w+(?:-\\w+)+` 3 (jupyter-scheduler's ids), a UUID's 36; None when
    it may match a slash, or is written with more than characters, their classes,
    quantifiers and non-capturing groups (of alternatives)."""
    shortest, index = 0, 0
    while index < len(regex):
        if regex.startswith("(?:", index) and depth < _MAX_GROUP_DEPTH:
            end = _group_end(regex, index)
            body = regex[index + 3 : end - 1] if end is not None else None
            alternatives = _top_level_alternatives(body) if body is not None else None
            lengths = [_shortest_in_segment(a, depth + 1) for a in alternatives or ()]
            if end is None or not lengths or any(n is None for n in lengths):
                return None
            length, index = min(n for n in lengths if n is not None), end
        else:
            character = _SEGMENT_CHARACTER.match(regex, index)
            if character is None:
                return None
            length, index = 1, character.end()
        quantifier = _QUANTIFIER.match(regex, index)
        if quantifier is not None:
            index = quantifier.end()
            symbol, least = quantifier.groups()
            length *= int(least) if least is not None else int(symbol == "+")
        shortest += length
    return shortest


def _top_level_alternatives(regex: str) -> list[str] | None:
    """The alternatives of a group's body, split at the `|`s outside its own groups; None
    when a group in it is not closed."""
    alternatives, start, index = [], 0, 0
    while index < len(regex):
        if regex[index] == "\\":
            index += 2
            continue
        if regex[index] == "(":
            end = _group_end(regex, index)
            if end is None:
                return None
            index = end
            continue
        if regex[index] == "|":
            alternatives.append(regex[start:index])
            start = index + 1
        index += 1
    return [*alternatives, regex[start:]]


def tornado_head(pattern: str) -> str:
    """The literal text every path a Tornado rule's pattern matches starts with, up to its
    first group or other syntax: `/reports/(\\d{4}|latest)/(.+)` -> '/reports/'; '' when
    the pattern has alternatives outside its groups."""
    body = pattern.removeprefix("^")
    depth, index = 0, 0
    while index < len(body):
        char = body[index]
        index += 2 if char == "\\" else 1
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            return ""
    literal = _TORNADO_LITERAL.match(body)
    text = literal.group() if literal is not None else ""
    if body[len(text) : len(text) + 1] in ("?", "*", "{"):
        text = text[:-1]  # its last character may be absent
    return re.sub(r"\\(.)", r"\1", text)
