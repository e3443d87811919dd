"""What a run depends on, as digests: each source's content, the settings extraction ran with,
and one key over every input of a whole run.

Content decides, never timestamps: a file whose size, mtime, ctime and inode match the
previous run's stat index reuses its digest without being read (as git's index does), and
everything else is read and hashed, so a fresh CI checkout gets the same keys as a
developer's tree.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import field
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from seamcheck import __version__
from seamcheck.cache import StatEntry
from seamcheck.cachefolder import CLOCK_TICK_NS, RACY_WINDOW_NS
from seamcheck.cachesecret import digest_bytes
from seamcheck.catalogs import policies_folder
from seamcheck.config import CONFIG_FILE, Config
from seamcheck.extract import EXTRACTOR_VERSION, is_vite_config, variant
from seamcheck.project import Project, is_dockerfile
from seamcheck.records import dataclass
from seamcheck.repofiles import ABSENT, PRESENT, READ, UNREADABLE, RepoFiles
from seamcheck.sourceread import SourceState, read_state
from seamcheck.unchanged import LISTING, STAT

# A file written within RACY_WINDOW_NS of a run may change again within the same mtime tick,
# or changed within CLOCK_TICK_NS of it, within the same ctime tick: its stat must not vouch
# for it, so the next run hashes it (git's "racy clean" problem).
UNTRUSTED_SIZE = -1  # the size no file has: an index entry whose stat never vouches

# Non-source files whose content the resolver or the seams read (package.json exports,
# tsconfig paths, manifests, compose and Kubernetes files, nginx configs and templates,
# .proto services, .env files, Helm `.tpl` helpers, kustomize's `.properties` variable
# files, .gitignore, Dockerfiles' `ENV`, `CMD` and `COPY`, Procfiles' commands, the shell
# scripts a start command runs); for every other file only its existence matters.
_CONTENT_SUFFIXES = frozenset(
    {
        ".json",
        ".toml",
        ".yaml",
        ".yml",
        ".cfg",
        ".ini",
        ".txt",
        ".conf",
        ".template",
        ".tpl",
        ".proto",
        ".env",
        ".properties",
        ".sh",
        ".bash",
    }
)
_CONTENT_NAMES = frozenset(
    {"Pipfile", "Procfile", ".gitignore", ".npmrc", ".yarnrc", "docker-entrypoint", "entrypoint"}
)
# Written by package managers on every install: their stat tells a changed node_modules.
_INSTALL_MARKERS = (
    "node_modules/.package-lock.json",
    "node_modules/.modules.yaml",
    "node_modules/.yarn-state.yml",
    "node_modules/.yarn-integrity",
)
# Packages whose code decides what extraction produces.
_PARSER_PACKAGES = (
    "tree_sitter",
    "tree_sitter_python",
    "tree_sitter_javascript",
    "tree_sitter_typescript",
)


@dataclass(slots=True)
class Snapshot:
    """Digests of a tree's files, with the stat index that produced them."""

    sources: dict[str, SourceState]
    others: dict[str, str]  # content-relevant non-source file -> digest
    index: dict[str, StatEntry]
    # What the resolver would see of each path beyond the walk it looked at (`repofiles.py`):
    # at first the paths an earlier run's resolver looked at (`look_outside`), once this
    # run's resolver has run those it looked at (`outside_walk`).
    outside: dict[str, str] = field(default_factory=dict)


def snapshot(
    project: Project, previous: Mapping[str, StatEntry], outside: Mapping[str, str] | None = None
) -> Snapshot:
    """Digest every source and content-relevant file, reading only what changed on disk, and
    look at what an earlier run's resolver looked at beyond the walk (`look_outside`)."""
    digests = _Digests(str(project.root), previous, {})
    sources: dict[str, SourceState] = {}
    others: dict[str, str] = {}
    for file in project.files:
        sources[file.path] = digests.state(file.path, source=True)
    for path in project.other_files:
        if content_matters(path):
            state = digests.state(path, source=False)
            if state.digest:
                others[path] = state.digest
    snap = Snapshot(sources, others, digests.index)
    snap.outside = look_outside(project, snap, previous, outside or {})
    return snap


def look_outside(
    project: Project,
    snap: Snapshot,
    previous: Mapping[str, StatEntry],
    outside: Mapping[str, str],
) -> dict[str, str]:
    """What the resolver would see now of each path an earlier run's looked at beyond the
    walk (`outside`: path -> READ or PROBED, what it did there): the digest of a file it
    read comes from the stat index like any other, and is indexed in `snap`."""
    if not outside:
        return {}
    files = RepoFiles(str(project.root))
    listed = ListedTree(project)
    digests = _Digests(files.root, previous, snap.index)
    seen: dict[str, str] = {}
    for path, how in sorted(outside.items()):
        # Most are looked for and not found where the walk has just been: no need to look.
        if listed.proves_absent(path) or not files.is_file(path):
            seen[path] = ABSENT
        elif how == READ:
            seen[path] = digests.state(path, source=False).digest or UNREADABLE
        else:
            seen[path] = PRESENT
    return seen


class _Digests:
    """Content digests of files, from the stat index where it vouches for them, into a new
    stat index (`index`)."""

    __slots__ = ("ctime_horizon", "horizon", "index", "previous", "root")

    def __init__(
        self, root: str, previous: Mapping[str, StatEntry], index: dict[str, StatEntry]
    ) -> None:
        self.root, self.previous, self.index = root, previous, index
        started = time.time_ns()
        self.horizon, self.ctime_horizon = started - RACY_WINDOW_NS, started - CLOCK_TICK_NS

    def state(self, path: str, *, source: bool) -> SourceState:
        """The file's digest (empty, with why, when it cannot be read); a source's says
        whether it is analysable too."""
        full = os.path.join(self.root, path)
        try:
            info = os.stat(full)
        except OSError as exc:
            return SourceState("", f"unreadable: {exc.strerror or exc}")
        known = self.previous.get(path)
        if (
            known is not None
            and known.size == info.st_size
            and known.mtime_ns == info.st_mtime_ns
            # An mtime put back by hand (`cp -p`, `touch -r`) leaves the ctime moved.
            and known.ctime_ns == info.st_ctime_ns
            and known.inode == info.st_ino
        ):
            state = SourceState(known.digest, known.skip)
        else:
            state = read_state(full)[0] if source else _digest_other(full)
        if state.digest and stat.S_ISREG(info.st_mode):
            # The facts digest a run learnt holds as long as the content does.
            facts = known.facts if known is not None and known.digest == state.digest else ""
            # A file written within the racy window is read again next time, but what this
            # run saw of it stays known (`analysis._carried` looks for a file's last facts).
            racy = info.st_mtime_ns >= self.horizon or info.st_ctime_ns >= self.ctime_horizon
            self.index[path] = StatEntry(
                UNTRUSTED_SIZE if racy else info.st_size,
                info.st_mtime_ns,
                info.st_ctime_ns,
                info.st_ino,
                state.digest,
                state.skip,
                facts,
            )
        return state


class ListedTree:
    """What the walk saw in the folders it went through: a path that it proves absent needs
    no look on disk, and no watching beside those folders' own stat."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._folders: set[str] | None = None
        self._present: set[str] = set()

    def proves_absent(self, path: str) -> bool:
        """Whether the walk went through a folder above `path` and found nothing where the
        path goes on from it (then nothing is at `path`, and anything put there changes
        that folder's mtime)."""
        if self._folders is None:  # built on first use: most runs ask nothing
            project = self._project
            self._folders = set(project.folders)
            self._present = {
                *(f.path for f in project.files),
                *project.other_files,
                *(s.path for s in project.skipped),
                *project.unlisted,
                *self._folders,
            }
        child = path
        while child:
            parent = child.rpartition("/")[0]
            if parent in self._folders:
                return child not in self._present
            child = parent
        return False


def outside_walk(project: Project, snap: Snapshot, looked_at: Mapping[str, str]) -> dict[str, str]:
    """What the resolver saw (`looked_at`) where the rest of the run key does not say it: a
    path the walk did not list (an excluded folder, node_modules, a file looked for and not
    found, a gitignored file), or one it listed whose content the key does not hold and the
    resolver read (a tsconfig `extends` of `./base.jsonc`)."""
    sources = {f.path for f in project.files}
    listed = set(project.other_files)
    return {
        path: observation
        for path, observation in sorted(looked_at.items())
        if not (
            path in sources or path in snap.others or (observation == PRESENT and path in listed)
        )
    }


def _digest_other(full: str) -> SourceState:
    try:
        with open(full, "rb") as handle:
            return SourceState(digest_bytes(handle.read()))
    except OSError:
        return SourceState("", "unreadable")


def content_matters(path: str) -> bool:
    """Whether a run depends on the content of a non-source file, not only on its being
    there: the seams read no other file's text (a replayed run would not see it change)."""
    # Strings, not PurePosixPath: called for every non-source file of the tree on every run.
    name = path.rpartition("/")[2]
    # A name that is all suffix counts too: the seams read a `.yaml` as they read a `k8s.yaml`.
    suffix = name[name.rfind(".") :] if "." in name else ""
    return (
        suffix in _CONTENT_SUFFIXES
        or name in _CONTENT_NAMES
        or name.startswith(".env")
        or is_dockerfile(name)
    )


def root_id(root: Path) -> str:
    # A folder name that is not UTF-8 is kept as the bytes it is (surrogateescape).
    return hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]


# -- keys ------------------------------------------------------------------------------


def facts_key(digest: str, path: str, language: str) -> str:
    """The cache key of one file's facts: its content plus everything extraction depends on."""
    return _hash((extraction_identity(), variant(path, language), digest))


@cache
def extraction_identity() -> str:
    """seamcheck and extractor versions, and the code that makes the facts and gives them
    their shape (`facts.py`), or decides which bytes have any (`sourceread.py`): a
    development checkout that edits an extractor, a facts record or what is skipped as a
    bundle gets fresh facts even when nobody bumped EXTRACTOR_VERSION. The Python version
    too: its parser decides whether a Python file holds a syntax error
    (`common.python_accepts`)."""
    here = Path(__file__).parent
    return _hash(
        (
            __version__,
            str(EXTRACTOR_VERSION),
            f"{sys.version_info.major}.{sys.version_info.minor}",
            _tree_signature(
                (str(here / "facts.py"), str(here / "sourceread.py"), str(here / "extract"))
            ),
            _tree_signature(_parser_dirs()),
        )
    )


@cache
def analysis_identity() -> str:
    """Everything besides the inputs that decides a run's findings: all of seamcheck's code
    (the shape of a stored `Finding` with it), its shipped data (the blocking-API catalog is
    read by a rule, not through the config; an editable install keeps it outside the
    package) and the Python version (its stdlib module list decides what is first party)."""
    return _hash(
        (
            extraction_identity(),
            _tree_signature(_code_dirs()),
            f"{sys.version_info.major}.{sys.version_info.minor}",
        )
    )


def identity_paths() -> tuple[list[str], list[str]]:
    """(files, folders) the identities above are signed from: seamcheck's code and data and
    the parser packages (`unchanged.py` watches them)."""
    tree = (*_tree(_code_dirs()), *_tree(_parser_dirs()))
    return [p for p, info in tree if info], [p for p, info in tree if info is None]


def _code_dirs() -> tuple[str, ...]:
    code, data = Path(__file__).parent, policies_folder()
    signed = [code] if data.is_relative_to(code) else [code, data]  # installed: data inside
    return tuple(str(p) for p in signed)


def _parser_dirs() -> tuple[str, ...]:
    dirs = []
    for name in _PARSER_PACKAGES:
        spec = find_spec(name)  # locates without importing
        if spec is not None and spec.origin:
            dirs.append(os.path.dirname(spec.origin))
    return tuple(dirs)


def walk_key(project: Project, config: Config, snap: Snapshot) -> str:
    """The run key but for what the resolver saw beyond the walk: with that
    (`with_outside`), one key over every input of a run: same key, same findings."""
    sources = []
    for file in project.files:
        state = snap.sources.get(file.path, SourceState("", "missing"))
        sources.append(f"S {file.path} {file.language} {file.service} {state.digest} {state.skip}")
    return _hash(_run_parts(project, config, snap, sources))


def with_outside(key: str, outside: Mapping[str, str]) -> str:
    """`key` with what the resolver saw beyond the walk (path -> observation): the paths are
    those one run's resolver looked at, so a key made with another run's paths finds no
    run stored under this one's."""
    return _hash((key, *(f"X {path} {seen}" for path, seen in sorted(outside.items()))))


def outside_key(walk: str) -> str:
    """The name under which a run stores where its resolver looked beyond the walk, for the
    next run with the same `walk_key` to look there (a fresh checkout has no stat index to
    say it)."""
    return _hash(("outside", walk))


def facts_run_key(
    project: Project, config: Config, snap: Snapshot, facts_digests: Mapping[str, str]
) -> str:
    """The run key with each source's facts (the digest of their encoding) in place of its
    content. Later stages see sources only through their facts, except those for which
    `text_is_read` holds, which keep their content digest too: so an edit that leaves a
    file's facts as they were (a reworded docstring, comments or blank lines added at the
    end) keeps this key and the findings. Its lines differ from `walk_key`'s ("F", not
    "S"), so the two never collide."""
    sources = []
    for file in project.files:
        line = f"F {file.path} {file.language} {file.service} {facts_digests[file.path]}"
        if text_is_read(file.path):
            line += f" {snap.sources.get(file.path, SourceState('', 'missing')).digest}"
        sources.append(line)
    return with_outside(_hash(_run_parts(project, config, snap, sources)), snap.outside)


def text_is_read(path: str) -> bool:
    """Whether a stage after extraction reads this source's text, not only its facts: the
    vite proxy finder looks up the line of each `server.proxy` entry in `vite.config.*`
    (the Nuxt config reader each `routeRules` entry in `nuxt.config.*`), and the env reader
    reads every `.env*` file (`.env.js` is a source too, whose comments its facts do not
    see). **A stage that reads another source's text must be named
    here**, or a replay keyed by facts could show stale lines."""
    name = path.rpartition("/")[2]
    return is_vite_config(path) or name.startswith((".env", "nuxt.config."))


def _run_parts(
    project: Project, config: Config, snap: Snapshot, sources: list[str]
) -> Iterable[str]:
    yield analysis_identity()
    yield repr(config)
    yield from (repr(s) for s in project.services)
    yield from (repr(c) for c in project.compose)
    yield repr(sorted(project.workspace_packages.items()))
    yield from (repr(s) for s in project.skipped)
    yield from project.notes
    yield from sources
    yield from (f"O {path} {snap.others.get(path, '')}" for path in project.other_files)
    yield from _install_markers(project)


def _install_markers(project: Project) -> Iterable[str]:
    for folder, marker in _marker_paths(project):
        try:
            info = os.stat(os.path.join(project.root, folder, marker))
        except OSError:
            continue
        yield f"M {folder}/{marker} {info.st_size} {info.st_mtime_ns}"


def _marker_paths(project: Project) -> Iterable[tuple[str, str]]:
    folders = sorted({"", *(s.root for s in project.services if s.root != ".")})
    return ((folder, marker) for folder in folders for marker in _INSTALL_MARKERS)


def watched_paths(
    project: Project,
    config: Config,
    outside: Mapping[str, str] | None = None,
    identity: tuple[list[str], list[str]] | None = None,
) -> list[tuple[str, int]]:
    """What a run's findings depend on, for `unchanged.py`, as (absolute path, how it counts):
    by their stat, the folders the walk listed and the symlinks it passed, the sources, the
    files whose content matters and those skipped, the configuration, the install markers,
    what the resolver looked at beyond the walk (`outside`: repo-relative path -> what it
    saw; not what a listed folder's stat covers), and seamcheck's code and the parser
    packages (a path that is not there counts too: its appearing changes the run); by
    their entries, the folders of that code (a module added). `identity`: what
    `identity_paths()` gave, if the caller has it (each call walks the code again).
    """
    root = str(project.root)
    listed = ListedTree(project)
    relative = [
        *project.walked,
        *(f.path for f in project.files),
        *(p for p in project.other_files if content_matters(p)),
        *(s.path for s in project.skipped),
        *(
            path
            for path, seen in (outside or {}).items()
            if not (seen == ABSENT and listed.proves_absent(path))
        ),
        CONFIG_FILE,
        "pyproject.toml",
        *(f"{folder}/{marker}" if folder else marker for folder, marker in _marker_paths(project)),
    ]
    code_files, code_folders = identity or identity_paths()
    stat_paths = [
        *(os.path.join(root, p) if p else root for p in relative),
        *config.extended_files,
        *code_files,
    ]
    return [*((p, STAT) for p in stat_paths), *((p, LISTING) for p in code_folders)]


def _hash(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\x00")
    return digest.hexdigest()[:40]


def _tree_signature(paths: tuple[str, ...]) -> str:
    """Name, size and mtime of every file under `paths` (code, queries, native modules)."""
    rows = [f"{path} {info.st_size} {info.st_mtime_ns}" for path, info in _tree(paths) if info]
    return _hash(rows or [repr(list(paths))])


def _tree(paths: tuple[str, ...]) -> tuple[tuple[str, os.stat_result | None], ...]:
    """Each folder under `paths` (with None) and each file in them (with its stat), sorted,
    without byte-compiled files; a file given itself comes with its stat."""
    found: list[tuple[str, os.stat_result | None]] = []
    for top in paths:
        if os.path.isfile(top):
            found.append((top, os.stat(top)))
        for dirpath, dirnames, files in os.walk(top):
            found.append((dirpath, None))
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                try:
                    found.append((f"{dirpath}/{name}", os.stat(os.path.join(dirpath, name))))
                except OSError:
                    continue
    return tuple(found)
