"""The pipeline in one place: discover -> extract -> resolve -> graph -> rules.

With a cache, a run first digests its inputs (`inputs.py`). When a previous run had the same
inputs, its findings are replayed: no parser is loaded and no graph is built. Otherwise facts
come from the cache by content and only changed files are parsed (in parallel when there are
enough). Facts, resolution and graph are built on first use, so a replayed run that is later
asked for its graph (`seamcheck graph`) still gets one.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from seamcheck.cache import Cache, RunRecord, StatEntry, StatIndex
from seamcheck.config import Config
from seamcheck.findings import Finding
from seamcheck.inputs import (
    Snapshot,
    extraction_identity,
    facts_key,
    facts_run_key,
    look_outside,
    outside_key,
    outside_walk,
    root_id,
    snapshot,
    walk_key,
    with_outside,
)
from seamcheck.project import Project, Skipped, SourceFile, discover
from seamcheck.records import dataclass
from seamcheck.repofiles import how_looked
from seamcheck.sourceread import SourceState

if TYPE_CHECKING:
    import networkx as nx

    from seamcheck.extraction import Extracted, Job
    from seamcheck.facts import FileFacts, Suppression
    from seamcheck.forks import Forks
    from seamcheck.resolve.model import Resolution
    from seamcheck.seams.model import SeamMap


T = TypeVar("T")


class WorkerDied(Exception):
    """A process parsing files ended without sending its results back (`extraction.py`)."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run, not what to check: none of this changes the findings."""

    cache_dir: Path | None = None  # None: no cache
    jobs: int = 0  # processes parsing, this one included; 0: one per CPU
    progress: bool | None = None  # None: when stderr is a terminal


class Analysis:
    """What one run found. `facts`, `resolution`, `graph` and `seams` are computed on first
    use."""

    __slots__ = (
        "_model",
        "_suppressions",
        "config",
        "findings",
        "outside",
        "project",
        "reused",
        "source_facts",
    )

    def __init__(
        self,
        project: Project,
        findings: list[Finding],
        model: _Model,
        reused: bool,
        config: Config,
        suppressions: dict[str, tuple[Suppression, ...]] | None = None,
        outside: dict[str, str] | None = None,
        source_facts: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.project = project
        # path -> (digest of the facts of the content analysed, digest of that content), for
        # each source whose facts digest the run knows (a run with a cache): what
        # `recheck.py` compares an edit with.
        self.source_facts = source_facts or {}
        # What the findings also depend on beyond the walk: path -> what the resolver saw
        # there (`inputs.outside_walk`). Known only to a run with a cache.
        self.outside = outside or {}
        self._suppressions = suppressions  # replayed with the findings, else from the facts
        self.findings = findings
        self.reused = reused  # findings replayed from an identical earlier run
        self.config = config  # what the rules ran under (selection, severities)
        self._model = model

    @property
    def facts(self) -> dict[str, FileFacts]:
        return self._model.facts()

    @property
    def suppressions(self) -> dict[str, tuple[Suppression, ...]]:
        """Suppression comments per file (files without any left out)."""
        if self._suppressions is None:
            self._suppressions = suppressions_of(self.facts)
        return self._suppressions

    @property
    def resolution(self) -> Resolution:
        return self._model.resolution()

    @property
    def graph(self) -> nx.MultiDiGraph:
        return self._model.graph()

    @property
    def rule_graph(self) -> nx.MultiDiGraph:
        """The graph as the rules read it: without functions and their edges unless `graph`
        was built."""
        return self._model.rule_graph()

    @property
    def seams(self) -> SeamMap:
        """Routes, client calls and their links (issue #5)."""
        return self._model.seams()

    @property
    def settled(self) -> bool:
        """Whether the run went as a rerun with the same inputs would: no file changed while
        it was read, no progress bar was drawn, no fork to parse was refused, and the cache
        (if any) kept working."""
        model = self._model
        cache_working = model.cache is None or model.cache.writable
        quiet = not model.drew_progress and not model.forks_refused
        return model.stable and quiet and cache_working


class _Model:
    """Facts, resolution and graph of one project, each built once when first asked for."""

    def __init__(
        self,
        project: Project,
        sources: dict[str, SourceState],
        cache: Cache | None,
        options: RunOptions,
        known_digests: Mapping[str, str] | None = None,
        parsers: Forks | None = None,
    ) -> None:
        self.project, self.sources, self.cache, self.options = project, sources, cache, options
        # Forked to parse beside this process before it knew what to parse (`_run`).
        self.parsers = parsers
        # path -> facts digest of the file's content (`sources`), as an earlier run learnt it
        # (the stat index): spares reading the cache entry's header.
        self.known_digests = known_digests or {}
        # False when a file changed between digesting and parsing: findings of such a run
        # must not be stored under the digests taken before.
        self.stable = True
        self.drew_progress = False
        self.forks_refused = False  # no process could be forked to parse beside this one
        self._facts: dict[str, FileFacts] | None = None
        self._parsed: dict[str, Extracted] = {}  # parsed, not yet handed out by `facts()`
        # path -> digest of the facts `facts()` handed out: what the findings were made from.
        self.used_digests: dict[str, str] = {}
        self._digests: dict[str, str] = {}  # what `facts_digests` found
        self._resolution: Resolution | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._rule_graph: nx.MultiDiGraph | None = None
        self._seams: SeamMap | None = None

    def facts(self) -> dict[str, FileFacts]:
        if self._facts is None:
            self._facts = self._load_facts()
        return self._facts

    def resolution(self) -> Resolution:
        if self._resolution is None:
            from seamcheck.resolve import resolve

            self._resolution = resolve(self.project, self.facts())
        return self._resolution

    def seams(self) -> SeamMap:
        if self._seams is None:
            from seamcheck.seams import analyse_seams

            resolution = self.resolution()
            self._seams = analyse_seams(self.project, resolution)
            # The name binder's per-file symbol tables serve the seam finders only: let them
            # go before the graph and the rules, where a run peaks (-6% peak RSS at 5k files).
            resolution.names = None
        return self._seams

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph of docs/graph.md, as `seamcheck graph` and the report show it."""
        if self._graph is None:
            self._rule_graph = None  # the whole graph serves the rules too from now on
            self._graph = self._build_graph(calls=True)
        return self._graph

    def rule_graph(self) -> nx.MultiDiGraph:
        """What the rules read: the whole graph if it is built already, else the same graph
        without functions and the edges that end at one, which no rule reads
        (`graph.build_graph`)."""
        if self._graph is not None:
            return self._graph
        if self._rule_graph is None:
            self._rule_graph = self._build_graph(calls=False)
        return self._rule_graph

    def _build_graph(self, *, calls: bool) -> nx.MultiDiGraph:
        from seamcheck.graph import build_graph
        from seamcheck.seams.graph import add_seams

        graph = build_graph(self.project, self.resolution(), calls=calls)
        add_seams(graph, self.seams())
        return graph

    def facts_digests(self) -> dict[str, str]:
        """path -> digest of the file's encoded facts, for `facts_run_key`. Cached facts are
        not decoded: the digest comes from their entry's header. Files without cached facts
        are parsed now, and what that gave is kept for `facts()`."""
        known = self.known_digests

        def read(cache: Cache, wanted: list[tuple[str, str]]) -> dict[str, str]:
            found = ((path, known.get(path) or cache.facts_digest(key)) for key, path in wanted)
            return {path: digest for path, digest in found if digest is not None}

        digests = self._from_cache(read)
        digests.update((path, result.facts_digest) for path, result in self._parsed.items())
        self._digests = {f.path: digests[f.path] for f in self.project.files}
        return self._digests

    def facts_of(self, file: SourceFile, content: str) -> tuple[FileFacts, str] | None:
        """The facts of one file's `content` (a content digest) and their digest, parsed by
        this run or from the cache, without loading any other file's."""
        parsed = self._parsed.get(file.path)
        if parsed is not None and parsed.state.digest == content and parsed.facts is not None:
            return parsed.facts, parsed.facts_digest
        if self.cache is None:
            return None
        return self.cache.get_facts(facts_key(content, file.path, file.language), file.path)

    def learnt_digests(self) -> dict[str, tuple[str, str]]:
        """path -> (content digest, facts digest) for every file whose facts digest this run
        learnt, for the stat index."""
        found = {**self._digests, **self.used_digests}
        return {
            path: (self.sources[path].digest, digest)
            for path, digest in found.items()
            if path in self.sources
        }

    def _load_facts(self) -> dict[str, FileFacts]:
        cached = self._from_cache(lambda cache, wanted: cache.get_many_facts(wanted))
        found = {path: facts for path, (facts, _) in cached.items()}
        self.used_digests.update((path, digest) for path, (_, digest) in cached.items())
        for path, result in self._parsed.items():
            if result.facts is not None:
                found[path], self.used_digests[path] = result.facts, result.facts_digest
        self._parsed = {}  # now in `found`
        return {f.path: found[f.path] for f in self.project.files}

    def _from_cache(
        self, read: Callable[[Cache, list[tuple[str, str]]], dict[str, T]]
    ) -> dict[str, T]:
        """`read(cache, [(facts key, path), ...])` of every file not parsed yet, path ->
        what was found; the files it gives nothing for are parsed into `_parsed`."""
        from seamcheck.extraction import Job

        wanted: list[tuple[str, str]] = []
        for file in self.project.files:
            if file.path in self._parsed:
                continue
            state = self.sources.get(file.path)
            if self.cache is not None and state is not None and state.digest:
                wanted.append((facts_key(state.digest, file.path, file.language), file.path))
        found = read(self.cache, wanted) if self.cache is not None and wanted else {}
        missing = [
            Job(file.path, file.language)
            for file in self.project.files
            if file.path not in self._parsed and file.path not in found
        ]
        self._take(missing)
        return found

    def _take(self, jobs: list[Job]) -> None:
        """Parse `jobs` into `_parsed`; files that turn out not to be source leave the
        project."""
        for path, result in self._parse(jobs).items():
            known = self.sources.get(path)
            if known is not None and known.digest != result.state.digest:
                self.stable = False
            self.sources[path] = result.state
            self._parsed[path] = result
        _record_skipped(self.project, self.sources)
        self.project.files = tuple(
            f
            for f in self.project.files
            if f.path not in self._parsed or self._parsed[f.path].facts is not None
        )

    def _parse(self, jobs: list[Job]) -> dict[str, Extracted]:
        parsers, self.parsers = self.parsers, None
        if not jobs:
            if parsers is not None:
                # Forked early, for files the cache turned out to hold: ended now, not when
                # the run ends, so their memory is not held through the stages after this.
                parsers.close()
            return {}
        from seamcheck.extraction import extract_files, parsers_for, worker_count
        from seamcheck.progress import Progress

        progress = Progress(len(jobs), enabled=self.options.progress)
        try:
            workers = worker_count(self.options.jobs, len(jobs))
            if parsers is not None and parsers.count > workers - 1:
                parsers.close()  # fewer files to parse than it was forked for
                parsers = None
            if parsers is None and workers > 1:
                # Forked here rather than by `extract_files`, to learn whether the system
                # refused: such a run warns of what a rerun may not, and is not recorded.
                parsers, workers = parsers_for(self.project.root, jobs, workers)
                self.forks_refused = workers == 1
            return extract_files(
                self.project.root,
                jobs,
                self.cache,
                workers,
                progress,
                _import_later_stages,
                parsers,
            )
        finally:
            progress.close()
            self.drew_progress |= progress.drew
            if self.cache is not None:
                # The facts written are committed now, not after the later stages: another
                # run sharing the cache would wait for the write lock all that time.
                self.cache.flush()


# What resolving, linking, graphing and checking import when first used; networkx alone
# takes 0.1 s. Imported while the pool's workers parse, that time is taken off the serial
# stages after extraction (eslint cold: -0.1 s, median of 10).
_LATER_STAGES = (
    "seamcheck.resolve.names",
    "seamcheck.resolve.node",
    "seamcheck.resolve.python",
    "seamcheck.seams.clients",
    "seamcheck.seams.graph",
    "seamcheck.seams.grpc",
    "seamcheck.seams.hosts",
    "seamcheck.seams.link",
    "seamcheck.seams.manifests",
    "seamcheck.seams.routes",
    "seamcheck.seams.values",
    "seamcheck.graph",
    "seamcheck.policies",
    "seamcheck.rules.blocking.analysis",
    "seamcheck.rules.blocking.asyncpaths",
    "seamcheck.rules.blocking.reach",
    "seamcheck.rules.blocking.sinks",
    "seamcheck.rules.importgraph",
)


def _import_later_stages() -> None:
    import importlib

    from seamcheck.rules import all_rules

    for name in _LATER_STAGES:
        importlib.import_module(name)
    all_rules()


class _CollectorPause:
    """Keeps the cyclic garbage collector off while any run is under way, and puts it back
    as the first of them found it when the last ends.

    The pipeline allocates millions of small acyclic records and almost no cycles (hundreds to
    a couple of thousand objects in a whole run, none per file), yet each collection of the
    young generations traverses everything made since the last: with thresholds raised, those
    collections still took 2.5 s of a 27.6 s cold run of the 10k tree, and 40-50% of a run on
    Django at the default thresholds. Workers forked on Linux inherit the setting.

    Runs are counted because threads may overlap them: were each to save and restore the
    setting on its own, the first to end would turn the collector back on under the other.

    The CLI keeps the collector off for the whole process (`console.py`): turned back on, its
    first collection would traverse every record the run left alive. A program calling
    `analyse()` gets its collector back, and pays that traversal once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._runs == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._runs += 1
        try:
            yield
        finally:
            with self._lock:
                self._runs -= 1
                if self._runs == 0 and self._was_enabled:
                    gc.enable()


_without_cycle_collection = _CollectorPause()


def analyse(root: Path, config: Config, options: RunOptions | None = None) -> Analysis:
    with _without_cycle_collection():
        return _analyse(root, config, options or RunOptions())


def _analyse(root: Path, config: Config, options: RunOptions) -> Analysis:
    project = discover(root, config)
    cache = Cache.open(options.cache_dir) if options.cache_dir is not None else None
    try:
        return _run(root, project, config, cache, options)
    finally:
        if cache is not None:
            cache.flush()


def _run(
    root: Path, project: Project, config: Config, cache: Cache | None, options: RunOptions
) -> Analysis:
    if cache is None:
        model = _Model(project, {}, None, options, parsers=_early_parsers(project, options))
        try:
            return Analysis(project, _check(project, model, config), model, False, config)
        finally:
            if model.parsers is not None:
                model.parsers.close()
    stored = cache.get_stat_index(root_id(root), extraction_identity())
    # No earlier run of this tree: every file will be parsed, unless the cache has its facts
    # from another tree.
    parsers = None if stored.files else _early_parsers(project, options)
    try:
        return _run_cached(root, project, config, cache, options, stored, parsers)
    finally:
        if parsers is not None:
            parsers.close()  # a run replayed from the cache never asks for facts


def _early_parsers(project: Project, options: RunOptions) -> Forks | None:
    """The processes to parse beside this one, forked before it knows what to parse: they
    warm up while it reads and digests every file and looks their facts up (eslint's lib/:
    0.02 s, as long as their warming up takes)."""
    from seamcheck.extraction import fork_parsers, worker_count

    workers = worker_count(options.jobs, len(project.files))
    try:
        sources = ((f.path, f.language) for f in project.files)
        return fork_parsers(project.root, sources, workers)
    except OSError:
        return None  # `_Model._parse` tries again, and says so if it cannot either


def _run_cached(
    root: Path,
    project: Project,
    config: Config,
    cache: Cache,
    options: RunOptions,
    stored: StatIndex,
    parsers: Forks | None,
) -> Analysis:
    previous = stored.files
    snap = snapshot(project, previous, stored.outside)
    _record_skipped(project, snap.sources)
    known = {path: entry.facts for path, entry in snap.index.items() if entry.facts}
    model = _Model(project, dict(snap.sources), cache, options, known, parsers)
    walk = walk_key(project, config, snap)
    key, record = _stored_run(project, snap, previous, cache, walk)
    reused = record is not None
    if record is None:
        # Something changed. If no file's facts did (a reworded docstring, a comment at the
        # end of a file: nothing that moves a line or changes code), the findings of the
        # run that had those facts still hold: replay them, having parsed only the changed
        # files.
        same_facts = facts_run_key(project, config, snap, model.facts_digests())
        record = cache.get_findings(same_facts)
        reused = record is not None
        if record is None:
            # Or the facts changed only in their lines (a line added at the top of a file):
            # the findings of the run before hold, their lines moved (`carry.py`).
            record = _carried(project, config, snap, previous, model, cache)
            reused = record is not None
            if record is None:
                suppressions = suppressions_of(model.facts())
                record = RunRecord(_check(project, model, config), suppressions)
                # The keys looked up held where an earlier run's resolver looked beyond the
                # walk; these findings are stored under what this one's saw.
                snap.outside = outside_walk(project, snap, model.resolution().looked_at)
                key = with_outside(walk, snap.outside)
                same_facts = facts_run_key(project, config, snap, model.used_digests)
            if model.stable:
                cache.put_findings(same_facts, record)
        if model.stable:
            cache.put_findings(key, record)
            cache.put_outside(outside_key(walk), how_looked(snap.outside))
    _learn_facts_digests(snap.index, model)
    _recall_facts_digests(snap.index, project, cache)
    index = StatIndex(snap.index, how_looked(snap.outside))
    if index != stored:
        cache.put_stat_index(root_id(root), index, extraction_identity())
    if cache.wrote or not reused:
        cache.flush()
        cache.prune()
    analysed = _analysed_facts(snap.index, project, model.sources)
    return Analysis(
        project,
        record.findings,
        model,
        reused,
        config,
        record.suppressions,
        snap.outside,
        analysed,
    )


def _stored_run(
    project: Project,
    snap: Snapshot,
    previous: Mapping[str, StatEntry],
    cache: Cache,
    walk: str,
) -> tuple[str, RunRecord | None]:
    """The run key and the run stored under it, if any. The key holds what the resolver
    saw beyond the walk where the last run of this tree had it look (`snap.outside`); when
    that finds nothing, where the last run with the same inputs had it look, which a fresh
    checkout (no stat index) or a switch back to another branch (other imports) needs."""
    key = with_outside(walk, snap.outside)
    record = cache.get_findings(key)
    if record is None:
        named = cache.get_outside(outside_key(walk))
        if named is not None and named != how_looked(snap.outside):
            seen = look_outside(project, snap, previous, named)
            found = cache.get_findings(with_outside(walk, seen))
            if found is not None:
                snap.outside = seen
                return with_outside(walk, seen), found
    return key, record


def _carried(
    project: Project,
    config: Config,
    snap: Snapshot,
    previous: Mapping[str, StatEntry],
    model: _Model,
    cache: Cache,
) -> RunRecord | None:
    """The findings of the previous run, when the files changed since only moved lines; else
    None. Only the changed files' facts are read, the old ones and the new."""
    from seamcheck.carry import carry, line_map

    now = model.facts_digests()
    before = dict(now)
    changed: list[tuple[SourceFile, StatEntry]] = []
    for file in project.files:
        # A file the previous run did not see, or whose facts it did not learn, is taken as
        # unchanged: whatever is stored under the key this makes was made from these facts.
        entry = previous.get(file.path)
        if entry is not None and entry.facts and entry.facts != now[file.path]:
            before[file.path] = entry.facts
            changed.append((file, entry))
    record = cache.get_findings(facts_run_key(project, config, snap, before)) if changed else None
    if record is None:
        return None
    moves, suppressions = {}, {}
    for file, entry in changed:
        old = model.facts_of(file, entry.digest)
        new = model.facts_of(file, model.sources[file.path].digest)
        if old is None or new is None or old[1] != entry.facts:
            return None
        lines = line_map(old[0], new[0])
        if lines is None:
            return None
        moves[file.path], suppressions[file.path] = lines, new[0].suppressions
    return carry(record, moves, suppressions)


def _learn_facts_digests(index: dict[str, StatEntry], model: _Model) -> None:
    """Note in the stat index the facts digests this run learnt, where the content is the one
    indexed (a file edited while it was parsed is not)."""
    for path, (content, facts) in model.learnt_digests().items():
        entry = index.get(path)
        if entry is not None and entry.digest == content and entry.facts != facts:
            index[path] = dataclasses.replace(entry, facts=facts)


def _recall_facts_digests(index: dict[str, StatEntry], project: Project, cache: Cache) -> None:
    """The facts digest, as the cache has it, of each file whose content the index has none
    for: a file put back as it was (`git stash pop`) in a run that replayed its findings
    learnt nothing, and its next edit that only moves lines could not be carried. A run
    in which nothing changed has no such file, and looks nothing up."""
    for file in project.files:
        entry = index.get(file.path)
        if entry is not None and entry.digest and not entry.facts and not entry.skip:
            found = cache.facts_digest(facts_key(entry.digest, file.path, file.language))
            if found:
                index[file.path] = dataclasses.replace(entry, facts=found)


def _analysed_facts(
    index: Mapping[str, StatEntry], project: Project, sources: Mapping[str, SourceState]
) -> dict[str, tuple[str, str]]:
    """path -> (facts digest, content digest), as the stat index has them, of each source
    whose indexed content is the content this run analysed."""
    analysed = {}
    for file in project.files:
        entry, state = index.get(file.path), sources.get(file.path)
        if entry is not None and entry.facts and state is not None and entry.digest == state.digest:
            analysed[file.path] = (entry.facts, entry.digest)
    return analysed


def suppressions_of(facts: dict[str, FileFacts]) -> dict[str, tuple[Suppression, ...]]:
    return {path: f.suppressions for path, f in facts.items() if f.suppressions}


def _check(project: Project, model: _Model, config: Config) -> list[Finding]:
    from seamcheck.rules import active_rules, rule_findings, run_rules
    from seamcheck.rules.aside import start
    from seamcheck.rules.context import RuleContext

    resolution = model.resolution()
    # Imported once the facts are in: while a pool parses, this process imports them beside
    # it (`_import_later_stages`).
    import networkx as nx

    from seamcheck.extraction import default_jobs

    # The rules that read only the resolution run in a child while this process links the
    # seams, builds the graph and runs the other rules (`rules/aside.py`); their context has
    # no graph to read.
    aside = start(
        RuleContext(project, resolution, nx.MultiDiGraph(), config),
        active_rules(config),
        len(resolution.calls),
        model.options.jobs or default_jobs(),
        rule_findings,
    )
    try:
        context = RuleContext(project, resolution, model.rule_graph(), config, model.seams())
        return run_rules(context, aside)
    except BaseException:
        if aside is not None:
            aside.abandon()  # unless collected already
        raise


def _record_skipped(project: Project, sources: dict[str, SourceState]) -> None:
    """Files whose content turned out not to be source leave the project, with the reason."""
    dropped = [
        Skipped(f.path, sources[f.path].skip)
        for f in project.files
        if f.path in sources and sources[f.path].skip
    ]
    if not dropped:
        return
    gone = {s.path for s in dropped}
    project.files = tuple(f for f in project.files if f.path not in gone)
    project.skipped = tuple(sorted((*project.skipped, *dropped), key=lambda s: s.path))
