"""Module expressions: how contracts name modules, in either language.

- A dotted expression (`myapp.domain`, `myapp.*.models`, `**`) matches Python modules by
  import name, and JS/TS modules by their path inside their service with `/` read as `.` and
  the extension dropped (`src.routes` is `services/gateway/src/routes/**`).
- A path expression (anything with a `/`: `services/gateway/src/routes/`, `apps/*/src/api`)
  matches modules of either language by repo-relative path, extension dropped. One ending in
  `/` names a folder, as in .gitignore: the files in it (a package's `__init__.py`
  included), not a sibling file of the same name (`routes.ts` beside `routes/`).
- `*` is exactly one segment (and may be part of one: `test_*`), `**` any number of them.
- An expression matches a module and all its descendants, as in import-linter.
- External packages match by name: `requests`, `sklearn`, `@tensorflow/tfjs-node`, `fs`.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import lru_cache

from seamcheck.records import dataclass

Segments = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModuleKeys:
    """What expressions see of one first-party module."""

    name: Segments  # dotted-expression view
    path: Segments  # path-expression view
    folder: Segments = ()  # the folder holding the file: what `dir/` expressions see


def expression_problem(expr: str) -> str | None:
    """Why an expression is malformed, or None."""
    if not expr.strip() or expr != expr.strip():
        return "is empty or has surrounding spaces"
    if "***" in expr:
        return "has '***'; use '**' for any number of segments"
    segments = _split(expr)
    if any(s == "" for s in segments):
        return "has an empty segment"
    if any("**" in s and s != "**" for s in segments):
        return "uses '**' inside a segment; it must stand alone between separators"
    return None


def is_path_expression(expr: str) -> bool:
    return "/" in expr and not expr.startswith("@")


def _split(expr: str) -> Segments:
    if is_path_expression(expr):
        return tuple(expr.strip("/").removeprefix("./").split("/"))
    return tuple(expr.split("."))


@lru_cache(maxsize=4096)
def pattern_of(expr: str) -> Segments:
    return _split(expr)


def segments_seen(expr: str, keys: ModuleKeys) -> Segments:
    """What `expr` is matched against: the import name for a dotted expression, the path for
    a path expression, and the folder holding the file for one ending in `/` (so a prefix of
    it names a folder, never a file beside it)."""
    if not is_path_expression(expr):
        return keys.name
    return keys.folder if expr.endswith("/") else keys.path


def matches(expr: str, keys: ModuleKeys) -> bool:
    """True when `expr` names this module or one of its ancestors."""
    return prefix_length(pattern_of(expr), segments_seen(expr, keys)) is not None


def names_exactly(expr: str, keys: ModuleKeys) -> bool:
    """True when `expr` names this very module, not an ancestor, with import-linter's `**`
    (one or more segments): how `ignore_imports` entries match, as in import-linter."""
    if is_path_expression(expr):
        return _full(pattern_of(expr), keys.path)
    return _full(_one_or_more(pattern_of(expr)), keys.name)


@lru_cache(maxsize=1024)
def _one_or_more(pattern: Segments) -> Segments:
    return tuple(part for s in pattern for part in (("*", "**") if s == "**" else (s,)))


def exact_prefixes(expr: str, keys: ModuleKeys) -> list[Segments]:
    """The prefixes of the module's segments that the expression names exactly (containers,
    an independence glob's groups): folders only, for an expression ending in `/`."""
    segments = segments_seen(expr, keys)
    pattern = pattern_of(expr)
    return [segments[:n] for n in range(1, len(segments) + 1) if _full(pattern, segments[:n])]


def prefix_length(pattern: Segments, segments: Segments) -> int | None:
    """The shortest n such that the pattern matches segments[:n] exactly, else None."""
    for n in range(0, len(segments) + 1):
        if _full(pattern, segments[:n]):
            return n
    return None


def _full(pattern: Segments, segments: Segments) -> bool:
    # Iterative glob match over segments, with backtracking for `**` (at most a few per
    # expression, so the usual two-pointer algorithm stays linear in practice).
    p = s = 0
    star_p, star_s = -1, 0
    while s < len(segments):
        if p < len(pattern) and pattern[p] == "**":
            star_p, star_s = p, s
            p += 1
        elif p < len(pattern) and fnmatchcase(segments[s], pattern[p]):
            p += 1
            s += 1
        elif star_p >= 0:
            star_s += 1
            s = star_s
            p = star_p + 1
        else:
            return False
    while p < len(pattern) and pattern[p] == "**":
        p += 1
    return p == len(pattern) and (len(segments) > 0 or len(pattern) == 0 or pattern == ("**",))


def matches_external(expr: str, package: str, specifier: str) -> bool:
    """An expression naming an external package: by distribution/npm name or import prefix."""
    if any(ch in expr for ch in "*?["):
        return fnmatchcase(package, expr) or fnmatchcase(specifier, expr)
    bare = specifier.removeprefix("node:")
    name = expr.removeprefix("node:")
    return (
        name == package.removeprefix("node:")
        or bare == name
        or bare.startswith(name + ".")
        or bare.startswith(name + "/")
    )
