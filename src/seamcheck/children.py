"""What a process this one forks does first: leave Ctrl-C to this process, end with it, and
go before it when memory runs out. Used by the parsing pool's workers (`extraction.py`) and
the child running rules beside the seams (`rules/aside.py`)."""

from __future__ import annotations

import os
import sys


def start_child(parent: int) -> None:
    """A forked child's first step, `parent` being the process that forked it."""
    import signal

    # A terminal sends Ctrl-C to every process of the run. The parent stops its children
    # itself; a child taking the signal while it waited printed "Process ForkProcess-1:"
    # and a KeyboardInterrupt traceback under "interrupted".
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
        import signal

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
