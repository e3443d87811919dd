"""What a process this one forks does first: leave Ctrl-C to this process, end with it, and
go before it when memory runs out. Used by the parsing workers (`forks.py`, and the process
pool's, `extraction.py`) and the child running rules beside the seams (`rules/aside.py`)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Fork children inside this: a Ctrl-C arriving meanwhile waits, in this process and in
    the children, until `start_child` has them ignore it; here it is raised on leaving.

    Ctrl-C reaching a child between the fork and `start_child` was raised in whatever the
    child was running: Python's own after-fork hooks, which printed "Exception ignored in:
    <function _after_fork>" (or `Random.seed`) and a traceback; a parsing worker's start-up,
    which ended the worker and the run (exit 2); or this process's own code, had the
    blocking rules' child not yet reached its `try`."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: spawned, not forked, children
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def start_child(parent: int) -> None:
    """A forked child's first step, `parent` being the process that forked it."""
    # A terminal sends Ctrl-C to every process of the run. The parent stops its children
    # itself; a child taking the signal while it waited printed "Process ForkProcess-1:"
    # and a KeyboardInterrupt traceback under "interrupted". One that came while the
    # parent forked it (`ctrl_c_held`) is dropped, ignored, as it is let through.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _end_with_parent(parent)
    _killed_first()


def _end_with_parent(parent: int) -> None:
    """A child ends when its parent does, however the parent ends.

    Killed outright (SIGKILL, the OOM killer, a CI timeout), the parent cannot stop its
    children, and a forked pool worker never sees its queue close, since it holds that pipe's
    other end itself: it would wait for work for ever, holding the caller's stdout open, and
    a CI step reading that pipe would hang until its own timeout. Linux can send the child a
    signal when its parent dies; children write nothing but to their parent, so SIGKILL
    loses nothing."""
    if sys.platform == "linux":
        import ctypes

        set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _killed_first() -> None:
    """Out of memory, the kernel kills the process scoring highest, by its size. A child
    shares its parent's pages and scores about as high (gen-1000: 668 beside its parent's
    669), so the parent could go, ending the run without a word, where a child killed costs
    less: the blocking rules' child costs time only (its parent runs the rules), a parsing
    worker ends the run with one line (`WorkerDied`). Raising one's own score needs no
    privilege."""
    if sys.platform == "linux":
        try:
            with open("/proc/self/oom_score_adj", "w") as score:
                score.write("1000")
        except OSError:  # no /proc: the kernel chooses as it would have
            pass
