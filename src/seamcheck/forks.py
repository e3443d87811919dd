"""Processes forked to share a list of chunks of work with this one, without a pool.

Forked before the work is known, the forks warm up (`extraction.fork_parsers`) until
`Forks.give` hands them the task: its bytes in a file in memory they share, its length
through a pipe of each. They take its chunks from the front and this process from the
back, so the two meet wherever the work splits (`extraction.py`). Each fork writes what a
chunk gave, as bytes, to a file in memory of its own and tells this process where, through
a pipe; the bytes are read when this process asks. Which chunks are taken is two counters
in a file in memory that every process shares, changed under a POSIX record lock.

Linux only (fork is unsafe on macOS and missing on Windows; `memfd_create` is Linux's):
elsewhere `start` gives None and the caller uses a process pool. A pool cost this process
0.02 s of a 0.64 s cold run of eslint's lib/: importing `concurrent.futures` and
`multiprocessing` (0.01 s, before the workers start, while nothing else runs) and the
threads that feed the workers and read what they send; a fork and two files cost about
a millisecond.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
from collections.abc import Callable
from typing import NoReturn

from seamcheck.children import ctrl_c_held, start_child

# (start, end): the workers have taken the chunks before `start`, this process those from
# `end` on; the chunks in between are left.
_COUNTERS = struct.Struct("<qq")
# What a fork sends through its pipe for each chunk done: (chunk, offset, length) of its
# bytes in the fork's file. Each is written whole: writes to a pipe below PIPE_BUF are.
_DONE = struct.Struct("<qqq")
# What `Forks.give` sends each fork: the length of the task it wrote to their shared file.
_LENGTH = struct.Struct("<q")
# The chunk number a fork sends for the exception it failed with, pickled.
_FAILED = -1


class ForkFailed(Exception):
    """A fork ended without sending every chunk it took (killed, out of memory)."""


class Forks:
    """The running forks and the chunks they owe this process."""

    def __init__(self, claims: int, task: int) -> None:
        self._claims = claims
        self._task = task  # the file `give` writes the task to
        self._pids: list[int] = []
        self._orders: list[int] = []  # the pipes `give` writes the task's length to
        self._pipes: dict[int, int] = {}  # read end -> its fork's file
        self._buffers: dict[int, bytes] = {}  # read end -> a record not read whole yet
        self._received = 0

    def give(self, task: bytes, count: int) -> None:
        """Have the forks run chunks 0 to `count` - 1 of `task`, from the front."""
        _write_all(self._task, task, 0)
        fcntl.lockf(self._claims, fcntl.LOCK_EX)
        try:
            os.pwrite(self._claims, _COUNTERS.pack(0, count), 0)
        finally:
            fcntl.lockf(self._claims, fcntl.LOCK_UN)
        for order in self._orders:
            # A fork that ended before the task came (killed warming up) takes none of its
            # chunks: the others and this process take them all.
            with contextlib.suppress(BrokenPipeError):
                os.write(order, _LENGTH.pack(len(task)))
            os.close(order)
        self._orders = []

    def take_back(self) -> int | None:
        """The last chunk no process has taken, now this process's; None when none is left."""
        fcntl.lockf(self._claims, fcntl.LOCK_EX)
        try:
            start, end = _COUNTERS.unpack(os.pread(self._claims, _COUNTERS.size, 0))
            if start >= end:
                return None
            os.pwrite(self._claims, _COUNTERS.pack(start, end - 1), 0)
            return int(end - 1)
        finally:
            fcntl.lockf(self._claims, fcntl.LOCK_UN)

    def done(self, *, wait: bool) -> list[tuple[int, bytes]]:
        """(chunk, bytes) of the chunks the forks have finished since last asked. With
        `wait`, once `take_back` has found none left: until the forks have sent every chunk
        they took."""
        found: list[tuple[int, bytes]] = []
        timeout: int | None = 0
        while True:
            # poll, not select: a program with over 1024 files open may hold higher numbers.
            ready = select.poll()
            for pipe in self._pipes:
                ready.register(pipe, select.POLLIN)
            for pipe, _ in ready.poll(timeout):
                found += self._read(pipe)
            if not wait or self._received == self._taken_by_forks():
                return found
            if not self._pipes:  # every fork has ended, and some chunk never came
                raise ForkFailed
            timeout = None

    def _taken_by_forks(self) -> int:
        return int(_COUNTERS.unpack(os.pread(self._claims, _COUNTERS.size, 0))[0])

    def _read(self, pipe: int) -> list[tuple[int, bytes]]:
        data = os.read(pipe, 1 << 16)
        if not data:  # the fork has ended: whatever it finished was sent before
            os.close(self._pipes.pop(pipe))
            os.close(pipe)
            return []
        data = self._buffers.pop(pipe, b"") + data
        whole = len(data) - len(data) % _DONE.size
        if whole < len(data):
            self._buffers[pipe] = data[whole:]
        found = []
        for chunk, offset, length in _DONE.iter_unpack(data[:whole]):
            body = _read_all(self._pipes[pipe], offset, length)
            if chunk == _FAILED:  # raised here as the fork raised it
                import pickle

                raise pickle.loads(body)
            self._received += 1
            found.append((chunk, body))
        return found

    @property
    def count(self) -> int:
        """How many forks there are."""
        return len(self._pids)

    def close(self) -> None:
        """End the forks (at once, when they still run) and let their files go; again, it
        does nothing."""
        if self._claims < 0:
            return
        for pid in self._pids:
            # Not reaped yet, so the id is still the fork's, even if it has ended.
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self._pids = []
        for pipe, results in self._pipes.items():
            os.close(pipe)
            os.close(results)
        self._pipes = {}
        for order in self._orders:
            os.close(order)
        self._orders = []
        os.close(self._claims)
        os.close(self._task)
        self._claims = self._task = -1


def start(
    forks: int, warm: Callable[[], object], work: Callable[[bytes], Callable[[int], bytes]]
) -> Forks | None:
    """Fork `forks` processes that run `warm()`, then, once `Forks.give` hands them a task,
    `work(task)(chunk)` for its chunks from the front; None where this cannot be done (see
    the module's docstring). Forked before the task is known, they warm up while this
    process gets on finding it. OSError when the system makes none of them (fewer than
    asked are fine: `Forks.count` says how many)."""
    if not hasattr(os, "memfd_create") or not hasattr(os, "fork"):
        return None
    try:
        claims = os.memfd_create("seamcheck-claims")
        task = os.memfd_create("seamcheck-task")
    except OSError:
        return None
    os.pwrite(claims, _COUNTERS.pack(0, 0), 0)
    running = Forks(claims, task)
    parent = os.getpid()
    try:
        for _ in range(forks):
            try:
                _fork_one(running, warm, work, parent)
            except OSError:
                # The system makes no more processes (a process limit reached, memory
                # short): the forks made so far share the work, and with none the caller
                # learns why.
                if not running.count:
                    raise
                break
    except BaseException:
        running.close()
        raise
    return running


def _fork_one(
    running: Forks,
    warm: Callable[[], object],
    work: Callable[[bytes], Callable[[int], bytes]],
    parent: int,
) -> None:
    """One fork more in `running`; OSError, with nothing of its own left open, when the
    system refuses it or the files it needs."""
    opened: list[int] = []
    try:
        results = os.memfd_create("seamcheck-chunks")
        opened.append(results)
        read, write = os.pipe()
        opened += (read, write)
        orders, order = os.pipe()
        opened += (orders, order)
        with ctrl_c_held():  # raised here, once the fork is known, for it to end too
            pid = os.fork()
            if pid == 0:  # pragma: no cover  (the fork ends with os._exit)
                os.close(read)
                os.close(order)
                _work(running, warm, work, orders, results, write, parent)
            opened = []  # the fork's now: `running.close` ends it and closes its files
            running._pids.append(pid)
            running._pipes[read] = results
            running._orders.append(order)
            # The fork's ends only: this process reads an end of file when it ends.
            os.close(write)
            os.close(orders)
    except OSError:
        for descriptor in opened:
            os.close(descriptor)
        raise


def _work(
    forks: Forks,
    warm: Callable[[], object],
    work: Callable[[bytes], Callable[[int], bytes]],
    orders: int,
    results: int,
    done: int,
    parent: int,
) -> NoReturn:
    status, offset = 1, 0
    try:
        start_child(parent)
        warm()
        length = os.read(orders, _LENGTH.size)
        if len(length) != _LENGTH.size:  # no task came: nothing was left to parse
            os._exit(0)
        run = work(_read_all(forks._task, 0, _LENGTH.unpack(length)[0]))
        while (chunk := _take_front(forks._claims)) is not None:
            body = run(chunk)
            _write_all(results, body, offset)
            os.write(done, _DONE.pack(chunk, offset, len(body)))
            offset += len(body)
        status = 0
    except BaseException as exc:  # sent for this process to raise, if it pickles
        try:
            import pickle

            body = pickle.dumps(exc)
            _write_all(results, body, offset)
            os.write(done, _DONE.pack(_FAILED, offset, len(body)))
        except BaseException:
            pass
    finally:
        # Never return into the parent's code or run its exit handlers.
        os._exit(status)


def _take_front(claims: int) -> int | None:
    fcntl.lockf(claims, fcntl.LOCK_EX)
    try:
        start, end = _COUNTERS.unpack(os.pread(claims, _COUNTERS.size, 0))
        if start >= end:
            return None
        os.pwrite(claims, _COUNTERS.pack(start + 1, end), 0)
        return int(start)
    finally:
        fcntl.lockf(claims, fcntl.LOCK_UN)


def _write_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _read_all(fd: int, offset: int, length: int) -> bytes:
    parts = []
    while length > 0:
        part = os.pread(fd, length, offset)
        if not part:
            raise ForkFailed
        parts.append(part)
        offset, length = offset + len(part), length - len(part)
    return b"".join(parts)
