"""A `check` asked again, with nothing it read changed since, prints what it printed then and
exits as it did, without loading the pipeline: `console.py` asks `replay` first. So does one
whose only changes are edits of sources that leave their facts as the recorded run had them
(a comment at the end of a file, a reworded docstring), or only move their lines where no
finding and nothing printed depends on them (a line added at the top of a file no finding
is about): `recheck.py` parses those files, and nothing else is loaded.

This is the first of the cache's ways to reuse a run; `analysis.py` has the others (findings
replayed by the digests of every input, findings carried when only lines moved). Those start
the CLI, load the configuration, walk the tree and digest it: about 0.13 s on Django, mostly
imports and the walk. Here a run stats what the recorded run read and, when nothing differs,
writes the recorded bytes: about 0.02 s.

A recording holds, besides the bytes written to stdout and stderr (in order) and the exit
status:
- how the run was asked (`_request`): its arguments, the current folder, the environment
  variables seamcheck reads, whether stdout and stderr are terminals and their encodings,
  the interpreter, seamcheck's version and where its code is. The recording's file name is
  its digest and the recording holds it whole;
- what the run read (`inputs.watched_paths`, `rootsearch.looked_at`, `cli._offer_recording`),
  each path as it counts: by its stat signature (`_signature`: type and permissions, size,
  mtime, ctime, inode, device; or that nothing is there), for every folder the walk listed,
  every symlink it met, every source and file whose content matters, the configuration,
  the files named on the command line, the install markers, what the Node resolver looked
  at beyond the walk and seamcheck's own code; by
  the names in it, for the folders of that code (Python makes `__pycache__` in them); by
  whether it is there, for the `.git` the root search and the CI formats' paths look for
  (git rewrites what is in it on every commit).

A folder's mtime changes whenever an entry is added, removed or renamed in it, so a folder
whose signature is unchanged lists the same entries; a file's content changes its mtime. As
in git's index, a path changed less than RACY_WINDOW_NS before the run started may change
again within the same clock tick, leaving its signature as it was; and the signatures are
taken when the run ends, so a path changed while it ran (its ctime says so, even when the
change put the old mtime back) or gone by then does not describe what the run read. A run
that saw any of these records nothing.

Only a `check` that wrote to stdout and stderr alone, did not ask git (--changed-since), drew
no progress bar, was refused no fork to parse, kept its cache usable and exited 0 or 1 is
recorded (`offer`); others run in full every time. A recording is sealed with the cache
folder's secret (`cachesecret.py`), so a repository cannot forge one, and is pruned with the
cache's other entries.

Imported on every start, so it imports only what the interpreter has loaded already, plus
two small modules of the cache (no hashlib: it loads OpenSSL). Finding the cache folder
means reading the arguments without click (`_cache_folders`), as `cli.check` would.
"""

from __future__ import annotations

import errno
import io
import marshal
import os
import stat
import sys
import time

from seamcheck import __version__
from seamcheck.cachefolder import CACHE_DIR_NAME, CLOCK_TICK_NS, RACY_WINDOW_NS
from seamcheck.cachesecret import (
    SECRET_FILE,
    digest_bytes,
    keyed_digest,
    remove_quietly,
    trusted_secret,
)

TYPE_CHECKING = False  # typing itself is not imported at start-up either
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import BinaryIO, TextIO, TypeAlias

    from seamcheck.factstore import FactsStore

    Signature: TypeAlias = tuple[int, int, int, int, int, int]  # mode, size, m/ctime, inode, dev
    State: TypeAlias = Signature | tuple[str, ...] | int | None  # None: nothing there
    Watched: TypeAlias = list[tuple[str, int, State]]
    Output: TypeAlias = list[tuple[int, bytes]]  # (1 or 2, bytes written), in order
    # repo-relative path -> (language, digest of the facts the run analysed, their key in
    # the cache's facts store)
    Sources: TypeAlias = dict[str, tuple[str, str, str]]
    # What the findings are about, with the files holding suppression comments, and their
    # texts (`carry.involvement`).
    Involved: TypeAlias = tuple[list[str], str]
    # What an edit is checked against (`recheck.py`): the repository's root, its sources,
    # the largest size a source may have, the digest of the listing of each folder holding
    # a source (absolute path -> digest), and what the findings are about (None: unknown).
    Edits: TypeAlias = tuple[str, Sources, int, dict[str, str], Involved | None]
    Found: TypeAlias = tuple[Watched, Output, int, Edits]

FORMAT = b"seamcheck-unchanged-5"
FOLDER = "unchanged"  # in the cache folder; `cache.py` prunes it with the other entries
# What seamcheck reads from the environment (the cache folder, colour, tracebacks).
ENVIRONMENT = ("SEAMCHECK_CACHE_DIR", "NO_COLOR", "TERM", "SEAMCHECK_DEBUG")
MAX_OUTPUT_BYTES = 32 * 1024 * 1024  # a run that prints more is not recorded
# The code running: another checkout of the same version prints what its own code says.
_CODE = os.path.dirname(os.path.realpath(__file__))

# How a watched path counts: its stat signature (`_signature`), the names in it (a folder
# of seamcheck's code, where Python makes `__pycache__` as it first imports a module), or
# only whether it is there and what it is (a `.git` the root search looks for: git rewrites
# what is in it on every commit).
STAT, LISTING, KIND = 0, 1, 2


def replay(args: Sequence[str]) -> int | None:
    """Write what an identical earlier run wrote and return its exit status, or None when
    there is no such run whose inputs are all unchanged, or whose only changed inputs are
    sources that still give the facts it analysed (`recheck.py`)."""
    request = _request(args)
    if request is None:
        return None
    started = time.time_ns()
    for folder in _cache_folders(args):
        found = _load(folder, request)
        if found is None:
            continue
        watched, output, status, edits = found
        changed = _changed(watched, edits)
        if changed is None or not _only_edits(*changed, edits, folder, output):
            return None
        try:
            for fd, data in output:
                stream = sys.stdout if fd == 1 else sys.stderr
                stream.buffer.write(data)
                stream.flush()
        except (OSError, AttributeError) as exc:  # refused, gone, or no byte stream
            return _unwritten(exc)
        folders, edited = changed
        if folders or edited:
            _record_edits(
                folder, request, found, {*folders, *(path for path, _ in edited)}, started
            )
        else:
            _touch(_entry(folder, request))
        return status
    return None


def _unwritten(exc: BaseException) -> int:
    """The exit status of a replay whose output could not be written, as the run replayed
    would have ended: 2, with one line when the output was refused (a full disk), none when
    its reader went away (EPIPE) or there is no byte stream to write to."""
    if isinstance(exc, OSError) and exc.errno != errno.EPIPE:
        try:
            sys.stderr.write(f"seamcheck: error: {exc.strerror or exc}\n")
            sys.stderr.flush()
        except (OSError, AttributeError):
            pass  # stderr refused too: nobody is left to tell
    return 2


def _changed(watched: Watched, edits: Edits) -> tuple[list[str], list[tuple[str, str]]] | None:
    """The watched paths whose state changed, as the folders holding a source and the
    sources (absolute and repo path) among them; None as soon as one is neither (the rest
    are not looked at: a run that starts the CLI anyway should not stat them all first)."""
    from seamcheck.recheck import MAX_RECHECKED

    root, sources, _, listings, _ = edits
    inside = os.path.join(root, "")
    folders: list[str] = []
    edited: list[tuple[str, str]] = []
    for path, how, state in watched:
        if _state(path, how) == state:
            continue
        relative = path[len(inside) :] if path.startswith(inside) else ""
        if how == STAT and path in listings:
            folders.append(path)
        elif how == STAT and relative in sources:
            edited.append((path, relative))
        else:
            return None
        if len(folders) + len(edited) > MAX_RECHECKED:
            return None
    return folders, edited


def _only_edits(
    folders: list[str],
    edited: list[tuple[str, str]],
    edits: Edits,
    folder: str,
    output: Output,
) -> bool:
    """Whether every folder whose stat changed lists what it listed (an editor that saves by
    renaming a new file over the old one changes the folder's stat), and every source whose
    stat changed still gives the facts the recorded run analysed, or gives them with lines
    moved where that changes none of the `output` (`_moves_nothing_printed`)."""
    if not folders and not edited:
        return True
    from seamcheck.recheck import facts_hold, listing_digest

    _, sources, max_size, listings, involved = edits
    if any(listing_digest(path) != listings[path] for path in folders):
        return False
    checked = []
    for path, relative in edited:
        source = sources[relative]
        if not (type(source) is tuple and len(source) == 3):
            return False
        if not all(type(part) is str for part in source):
            return False
        checked.append((path, relative, *source))
    # Only folders changed: the extractor need not be loaded (half of such a run, 0.02 s).
    if not checked:
        return True
    store = _FactsReader(folder)
    try:
        return facts_hold(
            checked, max_size, lambda path: _moves_nothing_printed(path, involved, output), store
        )
    finally:
        store.close()


# The characters a file name may have to be looked for in the output as it is: any other may
# be escaped there (percent-encoded in a SARIF URI, escaped in JSON or in text output).
_PLAIN_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def _moves_nothing_printed(path: str, involved: Involved | None, output: Output) -> bool:
    """Whether moving lines of the source at `path` leaves the recorded output as it is: no
    finding of the recorded run is about it or names it, and it holds no suppression
    comment, which the gate reports at its line when it silences nothing
    (`carry.unaffected`, over what `cli._offer_recording` recorded), and the output does
    not name it otherwise (a warning about it, say)."""
    if not (
        type(involved) is tuple
        and len(involved) == 2
        and type(involved[0]) is list
        and all(type(p) is str for p in involved[0])
        and type(involved[1]) is str
    ):
        return False
    name = path.rsplit("/", 1)[-1]
    if not name or not _PLAIN_NAME.issuperset(name):
        return False
    from seamcheck.carry import unaffected

    encoded = name.encode()
    return unaffected(involved, path) and not any(encoded in data for _, data in output)


# A facts store another process holds locked is a miss here, soon: the pipeline that runs
# next waits for it as long as a run does.
READ_TIMEOUT_S = 0.05


class _FactsReader:
    """The facts the cache at `folder` stores, read-only, by key: the encoded facts and their
    digest. Opened when first asked (an edit that kept its facts needs none)."""

    def __init__(self, folder: str) -> None:
        self._folder = folder
        self._store: FactsStore | None = None

    def __call__(self, key: str) -> tuple[bytes, str] | None:
        if self._store is None:
            secret = trusted_secret(os.path.join(self._folder, SECRET_FILE))
            if secret is None:
                return None
            from pathlib import Path

            from seamcheck.cache import FACTS_FILE
            from seamcheck.factstore import FactsStore

            self._store = FactsStore(
                Path(self._folder, FACTS_FILE),
                writable=False,
                secret=secret,
                warn=_ignore,
                busy_timeout=READ_TIMEOUT_S,
            )
        return self._store.get(key)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _ignore(problem: str) -> None:
    """A facts store that cannot be read is a miss here: the pipeline runs next and says so."""


def _record_edits(folder: str, request: str, found: Found, changed: set[str], started: int) -> None:
    """The recording again, with the paths that changed as they are now: the next run is
    then replayed without parsing them. Not when one of them changed too recently to vouch
    for what was read (`_vouches`); the recording stays as it was, and still holds. The
    other paths keep their recorded state: one changed since `replay` looked differs from
    it, and the next run sees that."""
    watched, output, status, edits = found
    now: Watched = []
    for path, how, state in watched:
        if how == STAT and path in changed:
            signature = _signature(path)
            if not _vouches(signature, started):
                return
            state = signature
        now.append((path, how, state))
    _store(folder, request, (request, now, output, status, edits))


def start(args: Sequence[str]) -> None:
    """Copy what this run writes, to record it, when it is a `check` and both streams have
    byte buffers."""
    request = _request(args)
    streams = (sys.stdout, sys.stderr)
    if request and not _recorder and all(isinstance(s, io.TextIOWrapper) for s in streams):
        _recorder.append(_Recorder(request))


def recording() -> bool:
    """Whether this run may be recorded: `check` computes what to `offer` only then."""
    return bool(_recorder)


def offer(
    cache_folder: str,
    watched: Iterable[tuple[str, int]],
    needed: Iterable[str],
    root: str = "",
    sources: Sources | None = None,
    max_size: int = 0,
    involved: Involved | None = None,
) -> None:
    """The cache folder to record this run in, each path whose state the run depends on
    (with how it counts: STAT, LISTING or KIND), the paths the run read that must be there
    (gone by the end of the run, they changed under it), and the sources under `root` whose
    edits are checked by their facts (`recheck.py`), with the largest size a source may
    have."""
    if _recorder:
        edits: Edits = (root, sources or {}, max_size, {}, involved)
        _recorder[0].offered = (cache_folder, list(watched), set(needed), edits)


def finish(status: int) -> None:
    """Record the run, if it was offered and ended with findings or none."""
    if _recorder:
        _recorder[0].finish(status)


class _Recorder:
    """Copies what this process writes to stdout and stderr, and records it with the run's
    inputs when `check` offers them and the run ends well."""

    def __init__(self, request: str) -> None:
        self.request = request
        self.started = time.time_ns()
        self.output: Output = []
        self.kept = 0  # bytes in `output`; -1 once past MAX_OUTPUT_BYTES
        self.offered: tuple[str, list[tuple[str, int]], set[str], Edits] | None = None
        self._streams = (sys.stdout, sys.stderr)  # kept alive: their buffers are shared
        sys.stdout = self._copying(sys.stdout, 1)
        sys.stderr = self._copying(sys.stderr, 2)

    def _copying(self, stream: TextIO, fd: int) -> io.TextIOWrapper:
        return io.TextIOWrapper(
            _Copy(stream.buffer, fd, self._keep),  # type: ignore[arg-type]  # a raw stream
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=bool(stream.line_buffering),
            write_through=True,  # each write reaches the copy at once, in order
        )

    def _keep(self, fd: int, data: bytes) -> None:
        if self.kept < 0 or not data:
            return
        self.kept += len(data)
        if self.kept > MAX_OUTPUT_BYTES:
            self.kept, self.output = -1, []  # too much to hold twice: not recorded
        else:
            self.output.append((fd, data))

    def finish(self, status: int) -> None:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:
            # What failed to be written (a full disk) was reported as the run failed, and a
            # stream that keeps it keeps failing; a run not written out whole is not recorded.
            return
        if self.offered is None or status not in (0, 1) or self.kept < 0:
            return
        from seamcheck.recheck import listing_digest

        folder, paths, needed, (root, sources, max_size, _, involved) = self.offered
        # An editor that saves by renaming changes the stat of the folder holding the file.
        holding = {os.path.dirname(os.path.join(root, path)) for path in sources}
        watched: Watched = []
        listings: dict[str, str] = {}
        for path, how in sorted(set(paths)):
            if how != STAT:
                watched.append((path, how, _state(path, how)))
                continue
            # Listed before the stat is taken: an entry added in between shows in the stat
            # (then it does not vouch), never in a listing recorded beside an older stat.
            listed = listing_digest(path) if path in holding else ""
            signature = _signature(path)
            if not self._vouches(path, signature, needed):
                return
            watched.append((path, how, signature))
            if listed and signature is not None and stat.S_ISDIR(signature[0]):
                # Unchanged since before the run (it vouches): what the walk listed.
                listings[path] = listed
        edits = (root, sources, max_size, listings, involved)
        _store(folder, self.request, (self.request, watched, self.output, status, edits))

    def _vouches(self, path: str, signature: Signature | None, needed: set[str]) -> bool:
        """Whether a signature taken now says what the run saw (`_vouches`), or a path
        that is not there was not needed by the run (gone by its end, it changed under it)."""
        if signature is None:
            return path not in needed
        return _vouches(signature, self.started)


def _vouches(signature: Signature | None, started: int) -> bool:
    """Whether a signature taken now says what a run started at `started` read: not when
    the path changed shortly before the run (racy), changed during it (a change that kept the
    mtime, as `cp -p` and `touch -r` do, shows in the ctime), could not be looked at, or is
    not there."""
    if signature is None:
        return False
    mode, _, mtime, ctime, _, _ = signature
    recent = mtime >= started - RACY_WINDOW_NS
    return mode != -1 and not recent and ctime < started - CLOCK_TICK_NS


_recorder: list[_Recorder] = []  # this process's, once `start` made it


class _Copy(io.RawIOBase):
    """A byte stream that passes everything on to `target` and keeps a copy."""

    def __init__(self, target: BinaryIO, fd: int, keep: Callable[[int, bytes], None]) -> None:
        self._target, self._fd, self._keep = target, fd, keep

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._keep(self._fd, bytes(data))
        self._target.write(data)
        return len(data)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    def close(self) -> None:
        # The interpreter's own stream owns the descriptor: closing the copy keeps it open.
        self.flush()


# -- the key and the entry -------------------------------------------------------------


def _request(args: Sequence[str]) -> str | None:
    """How this run was asked, in full: equal requests print the same for the same inputs.
    None for anything but `check`, and when the current folder is gone."""
    if not args or args[0] != "check":
        return None
    try:
        here = os.getcwd()
    except OSError:
        return None
    streams = [
        f"{name}={_isatty(s)},{getattr(s, 'encoding', '')},{getattr(s, 'errors', '')}"
        for name, s in (("stdout", sys.stdout), ("stderr", sys.stderr))
    ]
    parts = [
        FORMAT.decode(),
        __version__,
        sys.version,
        sys.executable,
        _CODE,
        here,
        *streams,
        *(f"{name}={os.environ.get(name)!r}" for name in ENVIRONMENT),
        *(f"arg={arg}" for arg in args),
    ]
    return "\0".join(parts)


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _entry(folder: str, request: str) -> str:
    return os.path.join(folder, FOLDER, digest_bytes(request.encode("utf-8", "surrogateescape")))


def _cache_folders(args: Sequence[str]) -> list[str]:
    """Where `cli.check` may keep its cache for `args`, found without loading click: the last
    --cache-dir, else SEAMCHECK_CACHE_DIR, else `.seamcheck_cache` in the folder given or a
    folder above it (where the root search may have found the repository). Every argument
    naming a folder is tried, since an option's value may name one too. None with
    --no-cache."""
    if "--no-cache" in args:
        return []
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--cache-dir" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--cache-dir="):
            chosen = arg.partition("=")[2]
    chosen = chosen or os.environ.get("SEAMCHECK_CACHE_DIR")
    if chosen:
        return [chosen]
    found: list[str] = []
    for given in [*(a for a in args[1:] if not a.startswith("-") and os.path.isdir(a)), "."]:
        folder = os.path.abspath(given)
        while True:
            candidate = os.path.join(folder, CACHE_DIR_NAME)
            if os.path.isdir(candidate):
                # A symlinked cache folder is not used (`cli._options_of`): nothing is in it.
                if not os.path.islink(candidate) and candidate not in found:
                    found.append(candidate)
                break
            above = os.path.dirname(folder)
            if above == folder:
                break
            folder = above
    return found


def _load(folder: str, request: str) -> Found | None:
    """The recording of `request` in the cache at `folder`, if it is there and sealed by the
    folder's secret: (watched paths and signatures, output, exit status, what an edit is
    checked against)."""
    secret = trusted_secret(os.path.join(folder, SECRET_FILE))
    if secret is None:
        return None
    try:
        # Not through a symlink: one to /dev/zero would be read until memory ran out.
        fd = os.open(_entry(folder, request), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    header, _, body = raw.partition(b"\n")
    if header != FORMAT + b" " + keyed_digest(body, secret).encode():
        return None
    try:
        asked, watched, output, status, edits = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if asked != request:  # another request with the same digest
        return None
    # Sealed by this cache, but perhaps by another build of this version (a development
    # checkout): its shape is checked, not assumed.
    if not (
        type(watched) is list
        and all(type(w) is tuple and len(w) == 3 and type(w[0]) is str for w in watched)
        and type(output) is list
        and all(type(o) is tuple and len(o) == 2 and type(o[1]) is bytes for o in output)
        and type(status) is int
        and _edits_shaped(edits)
    ):
        return None
    return watched, output, status, edits


def _edits_shaped(edits: object) -> bool:
    """The outline only: the entries of its two maps are checked as `_only_edits` reads
    them, since every replay loads the recording and few read those."""
    if not (type(edits) is tuple and len(edits) == 5):
        return False
    root, sources, max_size, listings, _ = edits
    return (
        type(root) is str
        and type(sources) is dict
        and type(max_size) is int
        and type(listings) is dict
    )


def _store(folder: str, request: str, recording: tuple[str, Watched, Output, int, Edits]) -> None:
    """Write the recording atomically (a reader sees the old one, the new one or none); a
    cache folder that cannot take it is left as it is: the next run records again."""
    secret = trusted_secret(os.path.join(folder, SECRET_FILE))
    if secret is None:
        return
    body = marshal.dumps(recording)
    path = _entry(folder, request)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "xb") as handle:
            handle.write(FORMAT + b" " + keyed_digest(body, secret).encode() + b"\n" + body)
        os.replace(temporary, path)
    except OSError:
        remove_quietly(temporary)
    except BaseException:  # Ctrl-C: the temporary file would stay, unread, until pruned
        remove_quietly(temporary)
        raise


def _touch(path: str) -> None:
    # Used now: the cache prunes entries by their last use.
    try:  # noqa: SIM105 - contextlib.suppress would cost every start of seamcheck 4 ms
        os.utime(path)
    except OSError:
        pass


def _state(path: str, how: int) -> State:
    if how == LISTING:
        try:
            return tuple(sorted(name for name in os.listdir(path) if name != "__pycache__"))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError):
            return ("\0",)  # a name no folder has: never equal to a recorded listing
    if how == KIND:
        try:
            return stat.S_IFMT(os.lstat(path).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError):
            return -1
    return _signature(path)


def _signature(path: str) -> Signature | None:
    """What `path` is on disk, following symlinks (as the walk does for the files it reads):
    a symlink that leads nowhere is the link itself. None when nothing is there; a mode of
    -1 when it cannot be looked at (never equal to a recorded signature: such a run is not
    recorded)."""
    try:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return (-1, 0, 0, 0, 0, 0)
    return (
        info.st_mode,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
    )
