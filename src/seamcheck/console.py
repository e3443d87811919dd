"""The process entry of the console script and `python -m seamcheck`.

Kept apart from `cli.py` and light to import, so that what happens before the commands are
loaded is covered too: a Ctrl-C while the CLI is still being imported ends in one line, like
one during a run.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys

from seamcheck import unchanged

TYPE_CHECKING = False  # typing itself is not imported at start-up either
if TYPE_CHECKING:
    from typing import NoReturn

# The exit codes of every command (`cli.py` uses these); docs/reliability.md lists them.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def entry_point() -> NoReturn:
    """`cli.main`, then end the process at once.

    A large run leaves millions of small records alive, and the interpreter's orderly
    teardown frees them one by one: 0.7 s of a 3.7 s cold run on Django. By the time `main`
    returns, every file seamcheck writes is closed and its cache writer has joined, so only
    the standard streams need flushing (mypy ends the same way).

    The cyclic garbage collector stays off throughout (`analysis._CollectorPause` says
    why): the process is seamcheck's, and it makes almost no cycles. Turned back on after
    a run, the collector's first pass would traverse every record the run made, and commands
    that build more after the run (`graph`, `report`) would pay for collections too."""
    gc.disable()
    _closed_streams_held()
    _whole_writes()
    args = sys.argv[1:]
    try:
        status = unchanged.replay(args)
        if status is None:
            status = _run(args)
    except KeyboardInterrupt:  # before `main` could catch it, or after it returned
        print("seamcheck: interrupted", file=sys.stderr)
        status = EXIT_ERROR
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader went away or the disk is full: nobody is left to tell
            status = status or EXIT_ERROR
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)  # a profiler, coverage or debugger writes its results at exit
    os._exit(status)


def _run(args: list[str]) -> int:
    """The CLI's exit status; a `check` is recorded for `unchanged.replay` as it goes."""
    unchanged.start(args)
    try:
        from seamcheck.cli import main

        main()
        status = EXIT_CLEAN
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except OSError:
        # The line saying why the run failed could not be written either (`> log 2>&1` on a
        # full disk, a reader of stderr gone): nobody is left to tell.
        status = EXIT_ERROR
    unchanged.finish(status)
    return status


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_CLEAN
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # what the interpreter does for `sys.exit("message")`
    return 1


class _Closed(io.RawIOBase):
    """Where stdout goes when it was closed before seamcheck started: every write fails,
    as one to a closed descriptor would, with a message that says which."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "stdout is closed")


def _closed_streams_held() -> None:
    """stdout or stderr closed when seamcheck starts (`seamcheck check . >&-`): the
    interpreter leaves `sys.stdout` None, and the first write ended in an internal error and a
    traceback. The descriptor is held open on /dev/null, so no file seamcheck opens takes it
    and is written to as stdout; stdout fails each write (one line on stderr, exit 2), and
    stderr, for diagnostics only, drops them (the exit code still says how the run went)."""
    for fd, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        try:
            null = os.open(os.devnull, os.O_WRONLY)
        except OSError:  # no /dev/null (a bare chroot): the descriptor stays free
            null = -1
        if null not in (-1, fd):
            os.dup2(null, fd)
            os.close(null)
        raw: io.RawIOBase = _Closed()
        if name == "stderr" and null != -1:
            raw = io.FileIO(fd, "w", closefd=False)
        setattr(sys, name, io.TextIOWrapper(raw, encoding="utf-8", write_through=True))


def _whole_writes() -> None:
    """Make every write to stdout and stderr land whole or fail.

    Under PYTHONUNBUFFERED=1 or `python -u` (many container images set it) the text streams
    write straight to the raw file, and when the OS takes only part of a write, as when the
    reader of a pipe goes away part-way (`seamcheck graph | head -c 10`), the rest is dropped
    without an error: the run ended 0 where docs/reliability.md promises 2. A BufferedWriter
    beneath retries a partial write and raises on the broken pipe. Line buffering keeps output
    reaching the reader as promptly as unbuffered asked (click's `echo` flushes each write)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, io.TextIOWrapper) or type(stream.buffer) is not io.FileIO:
            continue  # buffered already, or not the process's own stream
        stream.flush()
        # A raw file of its own that leaves the descriptor open: the interpreter's stream
        # (still `sys.__stdout__`) keeps owning it.
        raw = io.FileIO(stream.fileno(), "w", closefd=False)
        whole = io.TextIOWrapper(
            io.BufferedWriter(raw),
            encoding=stream.encoding,
            errors=stream.errors,
            newline=None if os.name == "nt" else "\n",  # as the interpreter's own
            line_buffering=True,
            write_through=True,
        )
        setattr(sys, name, whole)
