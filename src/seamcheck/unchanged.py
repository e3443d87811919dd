"""A `check` asked again, with nothing it read changed since, prints what it printed then and
exits as it did, without loading the pipeline: `console.py` asks `replay` first.

This is the first of the cache's ways to reuse a run; `analysis.py` has the others (findings
replayed by the digests of every input, findings carried when only lines moved). Those start
the CLI, load the configuration, walk the tree and digest it: about 0.13 s on Django, mostly
imports and the walk. Here a run stats what the recorded run read and, when nothing differs,
writes the recorded bytes: about 0.02 s.

A recording holds, besides the bytes written to stdout and stderr (in order) and the exit
status:
- how the run was asked (`_request`): its arguments, the current folder, the environment
  variables seamcheck reads, whether stdout and stderr are terminals and their encodings,
  the interpreter and seamcheck's version. The recording's file name is its digest and the
  recording holds it whole;
- what the run read, as stat signatures (`_signature`: type and permissions, size, mtime,
  ctime, inode, device; or that nothing is there): every folder the walk listed, every
  source and file whose content matters, the configuration, what the root search looked
  for, the baseline, the files given, the package managers' install markers, and seamcheck's
  own code and the parser packages (`inputs.watched_paths`, `cli._offer_recording`); the
  folders of that code by their entries' names instead, since Python makes `__pycache__`
  in them as it first imports a module.

A folder's mtime changes whenever an entry is added, removed or renamed in it, so a folder
whose signature is unchanged lists the same entries; a file's content changes its mtime. As
in git's index, a path changed less than RACY_WINDOW_NS before the run started (or while it
ran) may change again within the same clock tick, leaving its signature as it was: a run
that saw one records nothing.

Only a `check` that wrote to stdout and stderr alone, did not ask git (--changed-since), drew
no progress bar, kept its cache usable and exited 0 or 1 is recorded (`offer`); others run
in full every time. A recording is sealed with the cache folder's secret (`cachesecret.py`),
so a repository cannot forge one, and is pruned with the cache's other entries.

Imported on every start, so it imports only what the interpreter has loaded already, plus
the cache secret's module (no hashlib: it loads OpenSSL).
"""

from __future__ import annotations

import io
import marshal
import os
import sys
import time

from seamcheck import __version__
from seamcheck.cachesecret import (
    SECRET_FILE,
    digest,
    keyed_digest,
    remove_quietly,
    trusted_secret,
)

TYPE_CHECKING = False  # typing itself is not imported at start-up either
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import BinaryIO, TextIO

FORMAT = b"seamcheck-unchanged-2"
FOLDER = "unchanged"  # in the cache folder; `cache.py` prunes it with the other entries
CACHE_DIR_NAME = ".seamcheck_cache"  # the cache's default folder (`cache.py`)
# What seamcheck reads from the environment (the cache folder, colour, tracebacks).
ENVIRONMENT = ("SEAMCHECK_CACHE_DIR", "NO_COLOR", "TERM", "SEAMCHECK_DEBUG")
# A stat taken this soon after a change may miss the next change in the same clock tick: it
# vouches for nothing (here, and for the digests of `inputs.py`).
RACY_WINDOW_NS = 2_000_000_000
MAX_OUTPUT_BYTES = 32 * 1024 * 1024  # a run that prints more is not recorded

Signature = tuple[int, int, int, int, int, int]  # mode, size, mtime, ctime, inode, device
# Per path: whether its entries are what counts (a folder listed), and its state: a stat
# signature, its entries' names, or None when nothing is there.
Watched = list[tuple[str, bool, "Signature | tuple[str, ...] | None"]]
Output = list[tuple[int, bytes]]  # (1 or 2, bytes written), in order


def replay(args: Sequence[str]) -> int | None:
    """Write what an identical earlier run wrote and return its exit status, or None when
    there is no such run whose inputs are all unchanged."""
    request = _request(args)
    if request is None:
        return None
    for folder in _cache_folders(args):
        found = _load(folder, request)
        if found is None:
            continue
        watched, output, status = found
        if any(_state(path, listed) != state for path, listed, state in watched):
            return None
        try:
            for fd, data in output:
                stream = sys.stdout if fd == 1 else sys.stderr
                stream.buffer.write(data)
                stream.flush()
        except (OSError, AttributeError):  # gone, or no byte stream: nobody is left to tell
            return status or 2
        _touch(_entry(folder, request))
        return status
    return None


class Recorder:
    """Copies what this process writes to stdout and stderr, and records it with the run's
    inputs when `check` offers them (`offer`) and the run ends well (`finish`)."""

    def __init__(self, request: str) -> None:
        self.request = request
        self.started = time.time_ns()
        self.output: Output = []
        self.kept = 0  # bytes in `output`; -1 once past MAX_OUTPUT_BYTES
        self.offered: tuple[str, list[str], list[str]] | None = None
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
        """Record the run, if it was offered and ended with findings or none."""
        sys.stdout.flush()
        sys.stderr.flush()
        if self.offered is None or status not in (0, 1) or self.kept < 0:
            return
        folder, paths, listed = self.offered
        horizon = self.started - RACY_WINDOW_NS
        watched: Watched = []
        for path in sorted(set(paths)):
            signature = _signature(path)
            if signature is not None and (signature[0] == -1 or signature[2] >= horizon):
                return  # unreadable, or changed too recently to vouch for
            watched.append((path, False, signature))
        watched += [(path, True, _state(path, True)) for path in sorted(set(listed))]
        _store(folder, self.request, (self.request, watched, self.output, status))


_recorder: list[Recorder] = []  # the one of this process, once `start` made it


def start(args: Sequence[str]) -> Recorder | None:
    """A recorder for this run when it is a `check` and both streams have byte buffers."""
    request = _request(args)
    if request is None or _recorder:
        return None
    if not all(isinstance(s, io.TextIOWrapper) for s in (sys.stdout, sys.stderr)):
        return None
    _recorder.append(Recorder(request))
    return _recorder[0]


def recording() -> bool:
    """Whether this run may be recorded: `check` computes what to `offer` only then."""
    return bool(_recorder)


def offer(cache_folder: str, paths: Iterable[str], listed: Iterable[str] = ()) -> None:
    """The cache folder to record this run in, every file and folder whose state the run
    depends on, and the folders whose entries it depends on."""
    if _recorder:
        _recorder[0].offered = (cache_folder, list(paths), list(listed))


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
    return os.path.join(folder, FOLDER, digest(request.encode("utf-8", "surrogateescape")))


def _cache_folders(args: Sequence[str]) -> list[str]:
    """Where `cli.check` would keep its cache for `args`: --cache-dir, SEAMCHECK_CACHE_DIR,
    else `.seamcheck_cache` in the folder given (or the current one) or a folder above it,
    where the root search may have found the repository. None with --no-cache."""
    if "--no-cache" in args:
        return []
    for index, arg in enumerate(args):
        if arg == "--cache-dir" and index + 1 < len(args):
            return [args[index + 1]]
        if arg.startswith("--cache-dir="):
            return [arg.partition("=")[2]]
    chosen = os.environ.get("SEAMCHECK_CACHE_DIR")
    if chosen:
        return [chosen]
    # An option's value that happens to name a folder only adds a place to look.
    given = next((a for a in args[1:] if not a.startswith("-") and os.path.isdir(a)), ".")
    folder = os.path.abspath(given)
    while True:
        candidate = os.path.join(folder, CACHE_DIR_NAME)
        if os.path.isdir(candidate):
            # A symlinked cache folder is not used (`cli._options_of`), so nothing is in it.
            return [] if os.path.islink(candidate) else [candidate]
        above = os.path.dirname(folder)
        if above == folder:
            return []
        folder = above


def _load(folder: str, request: str) -> tuple[Watched, Output, int] | None:
    """The recording of `request` in the cache at `folder`, if it is there and sealed by the
    folder's secret: (watched paths and signatures, output, exit status)."""
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
        asked, watched, output, status = marshal.loads(body)
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
    ):
        return None
    return watched, output, status


def _store(folder: str, request: str, recording: tuple[str, Watched, Output, int]) -> None:
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


def _touch(path: str) -> None:
    # Used now: the cache prunes entries by their last use.
    try:  # noqa: SIM105 - contextlib.suppress would cost every start of seamcheck 4 ms
        os.utime(path)
    except OSError:
        pass


def _state(path: str, listed: bool) -> Signature | tuple[str, ...] | None:
    if not listed:
        return _signature(path)
    try:
        return tuple(sorted(name for name in os.listdir(path) if name != "__pycache__"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return ("\0",)  # a name no folder has: never equal to a recorded listing


def _signature(path: str) -> Signature | None:
    """What `path` is on disk (following symlinks, as the walk and the digests do); None when
    nothing is there, and a mode of -1 when it cannot be looked at (never equal to a
    recorded signature: such a run is not recorded)."""
    try:
        info = os.stat(path)
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
