"""The blocking-sink catalog: data in `policies/sinks/blocking.toml`, extended and trimmed by
the `[blocking]` config table, matched against the qualified names the resolver gives calls."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from seamcheck.config import BlockingConfig, ConfigError, tomllib
from seamcheck.records import dataclass

CATALOG_FILE = "policies/sinks/blocking.toml"
_LANGUAGE_TABLES = {"python": "python", "javascript": "javascript", "typescript": "javascript"}
_CONFIGURED_SUGGESTIONS = {
    "python": "await asyncio.to_thread({callee}, ...)",
    "javascript": "an asynchronous variant of {callee}",
}
_GROUP_KEYS = frozenset({"label", "suggest", "sinks", "max_args", "thread_bound"})


@dataclass(frozen=True, slots=True)
class SinkKind:
    """A family of blocking calls and the fix the message suggests."""

    label: str
    suggest: str
    max_args: int | None = None
    # Objects these calls make or use belong to the thread that made them (sqlite3): a thread
    # hand-off breaks the code that shares them, so `fix` never makes one.
    thread_bound: bool = False

    def suggestion(self, qualname: str, callee: str) -> str:
        name = qualname.rsplit(".", 1)[-1].removesuffix("()")
        base = name.removesuffix("Sync")
        # The extractor spells `Path(p).read_text` as `Path().read_text`: show that args went.
        return self.suggest.format(callee=callee.replace("()", "(...)"), name=name, base=base)


class PatternError(ValueError):
    pass


def compile_pattern(pattern: str) -> str:
    """A regular expression for one catalog pattern: `*` stays inside one dotted part, `**.`
    spans whole parts, `{a,b}` picks an alternative; everything else is literal."""
    if not pattern or pattern.strip() != pattern:
        raise PatternError("a pattern is a non-empty dotted name without spaces")
    out: list[str] = []
    i = 0
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**.", i):
            out.append(r"(?:[^.]+\.)*")
            i += 3
            continue
        if char == "*":
            out.append(r"[^.]*")
        elif char == "{":
            depth += 1
            out.append("(?:")
        elif char == "}":
            if depth == 0:
                raise PatternError("'}' without '{'")
            depth -= 1
            out.append(")")
        elif char == "," and depth:
            out.append("|")
        else:
            out.append(re.escape(char))
        i += 1
    if depth:
        raise PatternError("'{' without '}'")
    return "".join(out)


class PatternSet:
    """Many patterns matched at once: one alternation, each branch a named group."""

    def __init__(self, patterns: Iterable[tuple[str, int]]) -> None:
        # Checked already (`check_patterns`, `parse_catalog`, `builtin_offload`), and compiled
        # when first asked: the catalog's Python alternation takes ~20 ms to build, which a
        # run with no Python call (a Node repository) never needs.
        self._patterns = tuple(patterns)
        self._regex: re.Pattern[str] | None = None

    def owner(self, name: str) -> int | None:
        """The owner index of the first pattern matching the whole of `name`."""
        if not self._patterns:
            return None
        if self._regex is None:
            # A group name carries its pattern's owner: `g3_17` is pattern 17, owned by kind 3.
            self._regex = re.compile(
                "|".join(
                    f"(?P<g{owner}_{index}>{compile_pattern(pattern)})"
                    for index, (pattern, owner) in enumerate(self._patterns)
                )
            )
        match = self._regex.fullmatch(name)
        if match is None or match.lastgroup is None:
            return None
        return int(match.lastgroup[1:].split("_", 1)[0])


class SinkMatcher:
    """Answers "is a call to `qualname`, with this many arguments, blocking?" per language."""

    def __init__(self, config: BlockingConfig, config_file: str = "") -> None:
        check_patterns(config, config_file)
        catalog = builtin_catalog() if config.builtin_catalog else {}
        self._kinds: dict[str, list[SinkKind]] = {}
        self._sinks: dict[str, PatternSet] = {}
        for table in ("python", "javascript"):
            kinds: list[SinkKind] = []
            patterns: list[tuple[str, int]] = []
            for kind, sinks in catalog.get(table, ()):
                patterns.extend((p, len(kinds)) for p in sinks)
                kinds.append(kind)
            if config.sinks:
                configured = SinkKind(
                    "configured in [blocking] sinks", _CONFIGURED_SUGGESTIONS[table]
                )
                patterns.extend((p, len(kinds)) for p in config.sinks)
                kinds.append(configured)
            self._kinds[table] = kinds
            self._sinks[table] = PatternSet(patterns)
        safe = builtin_table("safe") if config.builtin_catalog else ()
        self._safe = PatternSet((p, 0) for p in (*safe, *config.safe))
        self._derived = builtin_derivations() if config.builtin_catalog else None
        offload = builtin_offload("decorators") if config.builtin_catalog else ()
        self._offload = PatternSet((p, 0) for p in (*offload, *config.offload_decorators))
        iterators = builtin_offload("iterators") if config.builtin_catalog else ()
        self._iterators = PatternSet((p, 0) for p in iterators)
        executors = builtin_offload("executors") if config.builtin_catalog else ()
        self._executors = PatternSet((p, 0) for p in executors)
        lazy = builtin_table("lazy") if config.builtin_catalog else ()
        self._lazy = PatternSet((p, 0) for p in lazy)
        self._memo: dict[tuple[str, str], SinkKind | None] = {}

    def match(self, language: str, qualname: str, arg_count: int) -> SinkKind | None:
        kind = self._kind(language, qualname)
        if kind is not None and kind.max_args is not None and arg_count > kind.max_args:
            return None
        return kind

    def may_match(self, language: str, qualname: str) -> bool:
        """Whether a call of `qualname` blocks with some number of arguments."""
        return self._kind(language, qualname) is not None

    def _kind(self, language: str, qualname: str) -> SinkKind | None:
        table = _LANGUAGE_TABLES[language]
        key = (table, qualname)
        if key in self._memo:
            return self._memo[key]
        made_on = qualname
        if table == "python" and self._derived is not None:
            made_on = self._derived.made_on(qualname)
        safe = self.is_safe(qualname) or self.is_safe(made_on)
        owner = None if safe else self._sinks[table].owner(made_on)
        kind = None if owner is None else self._kinds[table][owner]
        self._memo[key] = kind
        return kind

    def is_lazy(self, qualname: str) -> bool:
        """Whether a Python call of `qualname` only makes an iterator that blocks as it is
        iterated (`Path().glob`, `os.walk`)."""
        if self._lazy.owner(qualname) is not None:
            return True
        made_on = self._derived.made_on(qualname) if self._derived is not None else qualname
        return self._lazy.owner(made_on) is not None

    def is_safe(self, name: str) -> bool:
        """An API or first-party function (`PATH::qualname`) the config declares safe."""
        return self._safe.owner(name) is not None

    def offloads(self, decorator: str) -> bool:
        """Whether a sync function decorated with `decorator` (a qualified name) runs in a
        worker thread when called."""
        return self._offload.owner(decorator) is not None

    def iterates_in_thread(self, qualname: str) -> bool:
        """Whether a call of `qualname` iterates the sync iterator it is given in a worker
        thread (Starlette's `StreamingResponse`)."""
        return self._iterators.owner(qualname) is not None

    def runs_in_thread(self, qualname: str) -> bool:
        """Whether a call of `qualname` runs a function in a worker thread with the arguments
        it is given (`asyncio.to_thread`, `loop.run_in_executor`)."""
        return self._executors.owner(qualname) is not None


class Derivations:
    """The catalog's `[[python_derived]]`: steps that give back an object of the class they
    are taken on (a path's `parent`, `joinpath()`), and class methods that make one
    (`Path.home()`)."""

    def __init__(self, entries: Iterable[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> None:
        branches: list[str] = []
        for index, (cls, steps, makers) in enumerate(entries):
            # The class, made (`()`, or a maker's `.home()`), any number of steps, and a
            # call still to come.
            made = "|".join([r"\(\)", *(rf"\.{re.escape(m)}\(\)" for m in makers)])
            step = "|".join(re.escape(s) for s in steps) or "(?!)"
            branches.append(
                rf"(?P<c{index}>{compile_pattern(cls)})(?:{made})(?:\.(?:{step}))*(?=\.)"
            )
        self._regex = re.compile("|".join(branches)) if branches else None

    def made_on(self, qualname: str) -> str:
        """`qualname` as a call made on the object itself: `pathlib.Path().parent.joinpath()
        .exists` is `pathlib.Path().exists`, `pathlib.Path.home().read_text` is
        `pathlib.Path().read_text`; any other name as it is."""
        match = self._regex.match(qualname) if self._regex is not None else None
        if match is None or match.lastgroup is None:
            return qualname
        return f"{match.group(match.lastgroup)}(){qualname[match.end() :]}"


def check_patterns(config: BlockingConfig, file: str) -> None:
    """Bad patterns are configuration errors that name the key."""
    for key, patterns in (
        ("sinks", config.sinks),
        ("safe", config.safe),
        ("offload_decorators", config.offload_decorators),
    ):
        for index, pattern in enumerate(patterns):
            try:
                compile_pattern(pattern)
            except PatternError as exc:
                raise ConfigError(file, f"blocking.{key}[{index}]", f"{pattern!r}: {exc}") from None


@cache
def builtin_catalog() -> Mapping[str, tuple[tuple[SinkKind, tuple[str, ...]], ...]]:
    return parse_catalog(_catalog_data(), CATALOG_FILE)


def builtin_offload(key: str) -> tuple[str, ...]:
    """The catalog's `[offload] decorators`, `iterators` or `executors`."""
    return _catalog_patterns("offload", key)


def builtin_table(key: str) -> tuple[str, ...]:
    """The catalog's `[safe] python` (calls its sink patterns cover that block nothing) or
    `[lazy] python` (sinks that make an iterator, blocking as it is iterated)."""
    return _catalog_patterns(key, "python")


@cache
def _catalog_patterns(table: str, key: str) -> tuple[str, ...]:
    """The patterns of the catalog's `[table] key`, each checked."""
    patterns = tuple(_catalog_data().get(table, {}).get(key, ()))
    for pattern in patterns:
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            raise ConfigError(CATALOG_FILE, f"{table}.{key}", f"{pattern!r}: {exc}") from None
    return patterns


@cache
def builtin_derivations() -> Derivations:
    """The catalog's `[[python_derived]]` entries."""
    entries: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    for index, entry in enumerate(_catalog_data().get("python_derived", ())):
        where = f"python_derived[{index}]"
        unknown = set(entry) - {"class", "steps", "makers"}
        if unknown:
            raise ConfigError(CATALOG_FILE, where, f"unknown keys: {', '.join(sorted(unknown))}")
        try:
            compile_pattern(entry["class"])
        except PatternError as exc:
            raise ConfigError(
                CATALOG_FILE, f"{where}.class", f"{entry['class']!r}: {exc}"
            ) from None
        entries.append((entry["class"], tuple(entry["steps"]), tuple(entry.get("makers", ()))))
    return Derivations(entries)


@cache
def _catalog_data() -> Mapping[str, Any]:
    text = (resources.files("seamcheck.policies") / "sinks" / "blocking.toml").read_text(
        encoding="utf-8"
    )
    data: Mapping[str, Any] = tomllib.loads(text)
    return data


def parse_catalog(
    data: Mapping[str, Any], file: str
) -> dict[str, tuple[tuple[SinkKind, tuple[str, ...]], ...]]:
    catalog: dict[str, tuple[tuple[SinkKind, tuple[str, ...]], ...]] = {}
    for table in ("python", "javascript"):
        groups: list[tuple[SinkKind, tuple[str, ...]]] = []
        for index, group in enumerate(data.get(table, ())):
            where = f"{table}[{index}]"
            unknown = set(group) - _GROUP_KEYS
            if unknown:
                raise ConfigError(file, where, f"unknown keys: {', '.join(sorted(unknown))}")
            sinks = tuple(group.get("sinks", ()))
            for pattern in sinks:
                try:
                    compile_pattern(pattern)
                except PatternError as exc:
                    raise ConfigError(file, f"{where}.sinks", f"{pattern!r}: {exc}") from None
            kind = SinkKind(
                group["label"],
                group["suggest"],
                group.get("max_args"),
                group.get("thread_bound", False) is True,
            )
            groups.append((kind, sinks))
        catalog[table] = tuple(groups)
    return catalog
