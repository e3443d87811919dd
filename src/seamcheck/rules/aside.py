"""The rules that read only the resolution, run in a forked process while this one links the
seams, builds the graph and runs the other rules.

After resolution, a run goes on in one process: seams, then the graph, then the rules. The
blocking rules (SC201, SC202) read neither the seams nor the graph, only the resolution, and
they are most of the rules' time (a fifth of the stages after parsing on the synthetic 1k
tree); the seams are the largest stage. On a second CPU the two can run side by side. The
child is forked with the resolution already in memory, so nothing is sent to it; it sends
back only its findings, in the cache's encoding of findings, and ends.

Anything that goes wrong in the child (killed, out of memory, an exception, findings that do
not decode) costs only time: this process then runs those rules itself, so the findings are
the same either way, as they are whatever the number of CPUs."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from seamcheck.children import ctrl_c_held, start_child
from seamcheck.findings import Finding
from seamcheck.memoryroom import resident, room
from seamcheck.serialize import codec_for

if TYPE_CHECKING:
    from seamcheck.rules import Rule
    from seamcheck.rules.context import RuleContext

# Below this many resolved calls the blocking rules take about what forking and collecting
# costs. Above it the main process's CPU for the later stages drops by 0.02 s on eslint's
# lib/ (10k calls), 0.13 s on Django (35k), 0.1 s on the synthetic 1k tree (89k).
MIN_CALLS = 5_000

# Above this many bytes resident at the fork, no child: its copy of the heap (see `start`)
# would cost more memory than its time is worth. The 10k tree has 600 MiB at the fork: a
# child would take 1.2 s off a 23 s run while the two processes held 1.2 GiB instead of
# 0.7; the 20k tree 2.35 GiB instead of 1.4. Django (35k calls) has 90 MiB.
MAX_RESIDENT = 400 * 2**20

# Findings of each rule of the aside, by code, as run by `run`.
Found = dict[str, list[Finding]]


class Aside:
    """The rules a forked child runs; `collect` waits for their findings."""

    def __init__(self, codes: frozenset[str], pid: int, found: int) -> None:
        self.codes = codes
        self.pid = pid
        self._found = found  # the memory file the child writes its findings to
        self._reaped = False

    def collect(self) -> Found | None:
        """The child's findings by rule code, or None when it did not deliver them."""
        if self._reaped:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
        except BaseException:  # Ctrl-C while waiting: the child goes too
            self.abandon()
            raise
        self._reaped = True
        try:
            with open(self._found, "rb") as found:  # closed, whatever happens
                if status != 0:
                    return None
                found.seek(0)  # where the child's writing left the offset both share
                data = found.read()
        except OSError:
            return None
        try:
            return _decode(data)
        except (ValueError, TypeError, RecursionError):
            return None

    def abandon(self) -> None:
        """End the child now, unless collected: this process failed or was interrupted (a
        program calling `analyse()` goes on, and must not keep a child or its file)."""
        if self._reaped:
            return
        self._reaped = True
        os.close(self._found)
        # Not reaped yet, so the id is still this child's, even if it has ended.
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def start(
    context: RuleContext,
    rules: Iterable[tuple[Rule, str]],
    calls: int,
    processes: int,
    run: Callable[[RuleContext, list[tuple[Rule, str]]], Found],
) -> Aside | None:
    """Fork a child running `run(context, the rules that read only the resolution)`, when
    there is a second process to use, on Linux (fork is unsafe on macOS and missing on
    Windows), enough calls to pay for it, a heap small enough to copy (`MAX_RESIDENT`) and
    memory for the copy; else None and the caller runs every rule itself."""
    aside = [(rule, severity) for rule, severity in rules if rule.code in _RESOLUTION_ONLY]
    if not aside or processes < 2 or calls < MIN_CALLS or sys.platform != "linux":
        return None
    if threading.active_count() > 1:
        # A lock another thread holds at the fork stays held for ever in the child (a
        # program running seamcheck on a thread of its own): this process runs them.
        return None
    here = resident()
    if here > MAX_RESIDENT:
        return None
    spare = room()
    if spare is not None and spare < 2 * here:
        # The child does not go on sharing this process's pages: each object it reads has
        # its reference count written, which copies the page, so within a second or two it
        # holds a copy of most of the heap (on the 10k tree over 500 of the 600 MiB resident
        # at the fork), while this process still grows linking the seams. Where that copy
        # does not fit beside this process, this process runs the rules.
        return None
    try:
        # A file in memory, not a pipe: the child writes all its findings at once and ends,
        # freeing its memory, while this process is still linking the seams. Through a
        # pipe, findings beyond the 64 KiB it holds kept the child waiting, all its memory
        # held, until this process read them, and then crossed in 64 KiB turns of the two.
        found = os.memfd_create("seamcheck-findings")
    except (AttributeError, OSError):  # none (Linux before 3.17): this process runs them
        return None
    parent = os.getpid()
    forked: Aside | None = None
    try:
        with ctrl_c_held():  # raised here, once `forked` is known, for the child to go too
            try:
                pid = os.fork()
            except OSError:  # no memory or process left for a child: this process runs them
                os.close(found)
                return None
            if pid == 0:  # pragma: no cover  (the child ends with os._exit)
                _child(context, aside, run, found, parent)
            forked = Aside(frozenset(rule.code for rule, _ in aside), pid, found)
    except BaseException:
        if forked is not None:
            forked.abandon()
        raise
    return forked


# The rules that read only `RuleContext.resolution`, `project`, `config` and `service_of`.
_RESOLUTION_ONLY = frozenset({"SC201", "SC202"})


def _child(
    context: RuleContext,
    rules: list[tuple[Rule, str]],
    run: Callable[[RuleContext, list[tuple[Rule, str]]], Found],
    found: int,
    parent: int,
) -> None:
    status = 1  # whatever goes wrong, the parent runs the rules itself
    try:
        start_child(parent)
        # The name binder's tables (`resolution.names`, read by the seam finders only) are
        # left alone, though the rules never read them: freeing them here wrote a reference
        # count on every page they hold, copying each, and cost more than their memory
        # could save (the child's CPU / private memory: eslint 0.051 → 0.049 s, 23 → 19
        # MiB; Django 0.197 → 0.177 s, 56 → 47 MiB; gen-1000 0.25 → 0.21 s, 54 → 51 MiB).
        data = _encode(run(context, rules))
        with open(found, "wb") as file:
            file.write(data)
        status = 0
    except BaseException:
        pass
    finally:
        # Never return into the parent's code, run its exit handlers or flush the stdout
        # buffer it had when forked.
        os._exit(status)


def _encode(found: Found) -> bytes:
    encode = codec_for(Finding).encode
    payload = {code: [encode(f) for f in findings] for code, findings in found.items()}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _decode(data: bytes) -> Found:
    payload = json.loads(data)
    if type(payload) is not dict:
        raise ValueError("expected findings by rule code")
    decode = codec_for(Finding).decode
    return {str(code): [decode(item) for item in items] for code, items in payload.items()}
