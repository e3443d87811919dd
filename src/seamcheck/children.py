"""What a process this one forks does first: leave Ctrl-C to this process, and end with it.
Used by the parsing pool's workers (`extraction.py`) and the child running rules beside the
seams (`rules/aside.py`)."""

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
