"""SC202 — blocking call reached from async code through sync helpers.

## What it does
Follows the call graph from every async path (see SC201) through chains of sync first-party
calls — across files and modules of a service: module functions, imported functions, named
and default exports, methods via `self`/`this`, nested functions, callbacks called in place
(`items.map(...)`, a `new Promise` executor) and, in Python, the getter of a property read
as `self.model` — to a blocking call. It reports at the async path's call site, once
per (async entry, blocking call), with the shortest chain as related locations, each hop
`file:line`, ending at the blocking call (`file:line:column` in the text when two blocking
calls share a line, which would otherwise read as one finding printed twice). Calls into
async functions, functions handed to an executor (`asyncio.to_thread(f)`,
`hass.async_add_executor_job(f)`) and calls of a function a decorator runs in a worker
thread (Textual's `@work(thread=True)`, Tornado's `@run_on_executor`, or one listed in
`[blocking] offload_decorators`) cut
the chain; awaiting a sync JavaScript function does not (`await loadConfig()` runs its body
on the loop all the same); recursion terminates. Sync calls made in start-up (see SC201:
what an entry point run by `asyncio.run(...)` or Tornado's `run_sync` does before it starts
serving) start no chain: a helper that a request handler calls too is still reported, from
the handler.

## Why is this bad?
A blocking call two helpers down stalls the event loop exactly like one written in the
handler, but no single-file linter can see it: the helper looks innocent in its own file and
the handler looks innocent in its.

## Example
```typescript
// routes/api.ts
router.post('/receipts', async (req, res) => {
  res.send(render(loadTemplate('receipt'), req.body));
});
// lib/templates.ts
export function loadTemplate(name: string): string {
  return readFileSync(join(DIR, `${name}.html`), 'utf8');
}
```

## Use instead
```typescript
export async function loadTemplate(name: string): Promise<string> {
  return fs.promises.readFile(join(DIR, `${name}.html`), 'utf8');
}
// and `await loadTemplate('receipt')` in the handler
```
In Python, make the helper async, or hand the whole helper to a thread:
`await asyncio.to_thread(load_template, "receipt")`. `seamcheck fix` makes that hand-off
where it is mechanically safe (not for a generator helper, whose body runs where it is
iterated, nor for one that runs inside another call, as in `map(helper, xs)`, nor for one
that reaches sqlite3 or a call that needs the event loop's thread, such as
`asyncio.create_task` or `ContextVar.set`). From a sync Tornado handler method the hand-off is
`IOLoop.current().run_in_executor(None, helper, ...)` once the method is an `async def` (from
a `@gen.coroutine`, yielded); `fix` makes none there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from seamcheck.findings import Finding, Related, span_finding
from seamcheck.rules import Rule
from seamcheck.rules.blocking.common import called, entry_related, file_name, sink_related
from seamcheck.rules.context import RuleContext

if TYPE_CHECKING:  # the analysis loads when the rule runs, not when rules are listed
    from seamcheck.facts import Call, Span
    from seamcheck.rules.blocking.analysis import BlockingReport, Chain
    from seamcheck.rules.blocking.reach import Hop

# A message shows this many hops at most; the related locations always carry all of them.
_SHOWN_HOPS = 6


def check(context: RuleContext) -> Iterator[Finding]:
    from seamcheck.rules.blocking.analysis import blocking_report

    report = blocking_report(context)
    hops = _HopRelated(report)
    messages = [_message(chain, report) for chain in report.chains]
    # Two blocking calls on one line of a helper (`abspath(a).resolve(), abspath(b).resolve()`)
    # are two findings at the same call: their texts name the column too, or they read as one
    # finding printed twice.
    said = Counter(zip(_sites(report.chains), messages, strict=True))
    for chain, site, message in zip(report.chains, _sites(report.chains), messages, strict=True):
        if said[site, message] > 1:
            message = _message(chain, report, column=True)
        entry_path = chain.entry.node.split("::", 1)[0]
        yield span_finding(
            "SC202",
            "error",
            message,
            entry_path,
            chain.reach.entry_call.span,
            context.service_of(entry_path),
            (chain.entry.key, chain.sink.key),
            related=(
                entry_related(chain.entry, report),
                *hops.of_chain(chain.reach.hops),
                sink_related(chain.sink),
            ),
        )


def _sites(chains: Sequence[Chain]) -> Iterator[tuple[str, Span]]:
    """Where each chain's finding is reported: the entry's file and the call that starts it."""
    for chain in chains:
        yield chain.entry.node.split("::", 1)[0], chain.reach.entry_call.span


def _message(chain: Chain, report: BlockingReport, *, column: bool = False) -> str:
    from seamcheck.rules.blocking.dialects import in_library
    from seamcheck.rules.blocking.tornado import tornado_handoff

    sink = chain.sink
    names = [f"{hop.node.split('::', 1)[1]}()" for hop in chain.reach.hops]
    if len(names) > _SHOWN_HOPS:
        hidden = len(names) - _SHOWN_HOPS + 1
        names = [*names[:3], f"… {hidden} more …", *names[-2:]]
    where = f"{file_name(sink.path)}:{sink.call.span.line}"
    if column:
        where += f":{sink.call.span.column}"
    first = chain.reach.entry_call.callee
    # Whichever of the helper's blocking calls this chain is about: a helper that reaches
    # sqlite3 by another path must not go to a thread either.
    # Only an `async def` can await the hand-off: not a sync callback the loop runs.
    entry = report.definitions.get(chain.entry.node)
    if (
        sink.path.endswith((".py", ".pyi"))
        and entry is not None
        and entry.is_async
        and not chain.reach.entry_call.getter
        and not report.why_not_to_thread(chain.reach.hops[0].node, first)
    ):
        entry_path = chain.entry.node.split("::", 1)[0]
        library = report.libraries.get(entry_path, "")
        handoff = in_library(f", or await asyncio.to_thread({first}, ...) here", library)
    elif chain.entry.tornado and not report.why_not_to_thread(chain.reach.hops[0].node, first):
        handoff = tornado_handoff(chain.entry.tornado, first)
    else:
        handoff = ""
    helper = chain.reach.hops[0].node.split("::", 1)[1]
    how = _how(chain.reach.entry_call, chain.reach.entry_passed, helper, "sync ")
    return (
        f"{chain.entry.label} {how}, which reaches blocking {called(sink)}: "
        f"{' → '.join(names)} → {sink.qualname} ({where}); use {sink.suggestion} there{handoff}"
    )


def _how(call: Call, passed: bool, target: str, kind: str = "") -> str:
    """How a function gets to the next one of the chain: it calls it, or hands it to a call
    that runs it before returning (`[].map()` shown as called would hide the helper)."""
    if call.getter:
        return f"reads the property `{call.callee}`"
    if not passed:
        return f"calls {kind}`{call.callee}()`"
    # An arrow or lambda written in place is named by its position, which says nothing here.
    anonymous = target.rsplit(".", 1)[-1].startswith(("<anonymous@", "<lambda@"))
    if call.construct:
        executor = f"`new {call.callee}()` executor"
        return f"runs a {kind}{executor}" if anonymous else f"runs {kind}`{target}` as a {executor}"
    if anonymous:
        return f"passes a {kind}callback to `{call.callee}()`"
    return f"passes {kind}`{target}` to `{call.callee}()`"


class _HopRelated:
    """Related locations of hops; chains share their tails, so each is made once."""

    def __init__(self, report: BlockingReport) -> None:
        self._report = report
        self._made: dict[tuple[str, int, int, str | None], Related] = {}

    def of_chain(self, hops: Sequence[Hop]) -> Iterator[Related]:
        # The last hop is the holder: its call is the blocking one, and leads nowhere further.
        for hop, after in zip(hops, [*hops[1:], None], strict=True):
            yield self._of(hop, after.node if after is not None else None)

    def _of(self, hop: Hop, next_node: str | None) -> Related:
        """`next_node`: the function the hop's call leads to; None when it is the sink."""
        key = (hop.node, hop.call.span.line, hop.call.span.column, next_node)
        related = self._made.get(key)
        if related is None:
            path, qualname = hop.node.split("::", 1)
            span = self._report.definitions[hop.node].span
            if next_node is None:
                then = "makes the blocking call"
            else:
                then = _how(hop.call, hop.passed, next_node.split("::", 1)[1])
            message = f"`{qualname}` (sync) {then} at line {hop.call.span.line}"
            related = self._made[key] = Related(path, span.line, span.column, message)
        return related


RULE = Rule(
    code="SC202",
    name="blocking-call-through-helpers",
    severity="error",
    summary="Blocking call reached from async code through sync helpers",
    doc=__doc__ or "",
    check=check,
)
