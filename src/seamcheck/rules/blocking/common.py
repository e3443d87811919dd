"""How SC201 and SC202 name things in their messages and related locations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamcheck.findings import Related

if TYPE_CHECKING:  # the analysis loads when a rule runs, not when rules are listed
    from seamcheck.rules.blocking.analysis import BlockingReport, Sink
    from seamcheck.rules.blocking.asyncpaths import AsyncEntry


def file_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def called(sink: Sink) -> str:
    """`rf()` (fs.readFileSync) when written differently from what it is, else `time.sleep()`."""
    if sink.call.shown == sink.qualname:
        return f"`{sink.qualname}()`"
    return f"`{sink.call.shown}()` ({sink.qualname})"


def entry_related(entry: AsyncEntry, report: BlockingReport) -> Related:
    definition = report.definitions[entry.node]
    path = entry.node.split("::", 1)[0]
    return Related(path, definition.span.line, definition.span.column, f"{entry.label} starts here")


def sink_related(sink: Sink) -> Related:
    span = sink.call.span
    return Related(sink.path, span.line, span.column, f"{called(sink)} blocks: {sink.kind.label}")
