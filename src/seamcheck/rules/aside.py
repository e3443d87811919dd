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

from seamcheck.children import start_child
from seamcheck.findings import Finding
from seamcheck.serialize import codec_for

if TYPE_CHECKING:
    from seamcheck.rules import Rule
    from seamcheck.rules.context import RuleContext

# Below this many resolved calls the blocking rules take about what forking and collecting
# costs. Above it the main process's CPU for the later stages drops by 0.02 s on eslint's
# lib/ (10k calls), 0.13 s on Django (35k), 0.1 s on the synthetic 1k tree (89k).
MIN_CALLS = 5_000

# Findings of each rule of the aside, by code, as run by `run`.
Found = dict[str, list[Finding]]


class Aside:
    """The rules a forked child runs; `collect` waits for their findings."""

    def __init__(self, codes: frozenset[str], pid: int, reader: int) -> None:
        self.codes = codes
        self._pid, self._reader = pid, reader

    def collect(self) -> Found | None:
        """The child's findings by rule code, or None when it did not deliver them."""
        try:
            with os.fdopen(self._reader, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        except BaseException:  # Ctrl-C while waiting: the child goes too
            self._end()
            raise
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not data:
            return None
        try:
            return _decode(data)
        except (ValueError, TypeError, RecursionError):
            return None

    def abandon(self) -> None:
        """End the child now: this process failed before collecting (a program calling
        `analyse()` goes on, and must not keep a child or its pipe)."""
        os.close(self._reader)
        self._end()

    def _end(self) -> None:
        # Not reaped yet, so the id is still this child's, even if it has ended.
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)


def start(
    context: RuleContext,
    rules: Iterable[tuple[Rule, str]],
    calls: int,
    processes: int,
    run: Callable[[RuleContext, list[tuple[Rule, str]]], Found],
) -> Aside | None:
    """Fork a child running `run(context, the rules that read only the resolution)`, when
    there is a second process to use, on Linux (fork is unsafe on macOS and missing on
    Windows), and enough calls to pay for it; else None and the caller runs every rule
    itself."""
    aside = [(rule, severity) for rule, severity in rules if rule.code in _RESOLUTION_ONLY]
    if not aside or processes < 2 or calls < MIN_CALLS or sys.platform != "linux":
        return None
    if threading.active_count() > 1:
        # A lock another thread holds at the fork stays held for ever in the child (a
        # program running seamcheck on a thread of its own): this process runs them.
        return None
    reader, writer = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no memory or process left for a child: this process runs them
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # pragma: no cover  (the child ends with os._exit; coverage cannot see it)
        os.close(reader)
        _child(context, aside, run, writer, parent)
    os.close(writer)
    return Aside(frozenset(rule.code for rule, _ in aside), pid, reader)


# The rules that read only `RuleContext.resolution`, `project`, `config` and `service_of`.
_RESOLUTION_ONLY = frozenset({"SC201", "SC202"})


def _child(
    context: RuleContext,
    rules: list[tuple[Rule, str]],
    run: Callable[[RuleContext, list[tuple[Rule, str]]], Found],
    writer: int,
    parent: int,
) -> None:
    status = 1  # whatever goes wrong, the parent runs the rules itself
    try:
        start_child(parent)
        # The name binder's tables serve the seam finders only, which run in the parent:
        # freed here, the rules' records reuse their memory instead of adding to the
        # child's peak.
        context.resolution.names = None
        data = _encode(run(context, rules))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
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
