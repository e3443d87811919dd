"""SC202 — blocking call reached from async code through sync helpers.

## What it does
Follows the call graph from every async path (see SC201) through chains of sync first-party
calls — across files and modules of a service: module functions, imported functions, named
and default exports, methods via `self`/`this`, nested functions, callbacks called in place
(`items.map(...)`, a `new Promise` executor) and, in Python, the getter of a property read
as `self.model`, or on an entry taken out of a dict whose values are all instances of one
class of the project (a dict written out of them, or annotated `dict[str, Database]`: `db
= self.databases[name]`, then `db.size`; `dbs.get(name).size`; not one the file stores
another class in, `self.databases[name] = Memory()`, or updates), the implementations of a
pluggy hook a call runs (`pm.hook.name(...)` calls each function of the project, tests
aside, that a `pluggy.HookimplMarker` marks for that hook; of the manager's own project
where both project names are known, as `PluginManager("app")` registers only what
`HookimplMarker("app")` marks) and the functions an object keeps to call (`__init__`
stores its parameter, `self.data_callback = data_callback`, and a method calls
`self.data_callback()`: each function handed to the class for it, directly or through a
class method that hands its `*args, **kwargs` on to the class, that the call could call
without a TypeError) — to a blocking call. It reports at the async path's call site, once per
call however many blocking calls that call reaches (one place to fix: one finding). The
message follows the shortest chain (of equally short ones, the one whose blocking call comes
first by file, line and column), each hop `file:line`, to its blocking call
(`file:line:column` when another blocking call the same call reaches is on that line), and
says how many more it reaches; the related locations are that chain's hops, then each other
blocking call with its advice, by file, line and column. A baseline knows the finding by
the blocking calls it reaches, so fixing one of them leaves the call known, and reaching one
more makes it new. Calls into async
functions (and Tornado `@gen.coroutine`s, reported where they block), functions handed to an
executor (`asyncio.to_thread(f)`, `hass.async_add_executor_job(f)`) and calls of a function
a decorator runs in a worker thread (Textual's `@work(thread=True)`, Tornado's
`@run_on_executor`, or one listed in `[blocking] offload_decorators`) cut the chain, and
so does making an iterator that a worker thread iterates: a generator, or what a helper
returning a lazy folder scan as it is gives (`def notebooks(): return root.rglob(p)`, also
through helpers returning its result), made for a response that iterates it in a worker
thread (`StreamingResponse(read_chunks(path))`: Starlette's, also sse-starlette's
`EventSourceResponse` and Starlette's `iterate_in_threadpool`) or for a function an executor
runs (`await asyncio.to_thread(list, notebooks())`, `loop.run_in_executor(None, list,
notebooks())`), given in place or through a name bound once to it; iterated anywhere else
(`for p in notebooks()`, `sorted(...)`), it blocks where it is made. Awaiting a sync
JavaScript function does not cut a chain (`await loadConfig()` runs its body on the loop all
the same); recursion terminates. A Python call that runs nothing is no hop either: of a
helper whose first statement returns on a falsy parameter (`if not path: return False`),
given None, False, "" or 0 there or left to such a default, also through helpers that only
hand that parameter on to it. Sync calls made in start-up (see SC201: what an entry point
run by `asyncio.run(...)` or Tornado's `run_sync` does before it starts serving) start no
chain: a helper that a request handler calls too is still reported, from the handler.

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
`await asyncio.to_thread(load_template, "receipt")`. `seamcheck fix` makes that hand-off where it
is mechanically safe (not for a generator helper, whose body runs where it is iterated, nor
for one returning a lazy folder scan, which reads as it is iterated, nor for one that runs
inside another call, as in `map(helper, xs)`, nor for one that reaches sqlite3 or a call
that needs the event loop's thread, such as `asyncio.create_task` or `ContextVar.set`; for a
pluggy hook call or a kept callback, none of the functions it may run may). From a sync
Tornado handler method the hand-off is `IOLoop.current().run_in_executor(None, helper, ...)`
once the method is an `async def` (from a `@gen.coroutine`, yielded); `fix` makes none
there.

A helper that blocks only on its first call is still followed: a cached loader
(`@functools.cache`), or one that fills a module global once (`if _store is None: _store =
open_store()`). The first request to call it stalls the loop (for a model, seconds): load it
at start-up instead (a FastAPI `lifespan`, an `on_startup` hook), where it delays no request.
Where that first call is cheap (a settings file read once), take the helper off every chain
with `[blocking] safe = ["app/config.py::get_settings"]` (docs/configuration.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from seamcheck.findings import Alias, Finding, Related, fingerprint, span_finding
from seamcheck.rules import Rule
from seamcheck.rules.blocking.common import called, entry_related, file_name, sink_related
from seamcheck.rules.blocking.dialects import in_library
from seamcheck.rules.context import RuleContext
from seamcheck.wording import plural

if TYPE_CHECKING:  # the analysis loads when the rule runs, not when rules are listed
    from seamcheck.facts import Call, Span
    from seamcheck.rules.blocking.analysis import BlockingReport, Chain, Sink
    from seamcheck.rules.blocking.reach import Hop

# Builtins that hand back a lazy iterator: the helper given them runs where it is iterated.
_LAZY = frozenset({"map", "filter"})
# A message shows this many hops at most; the related locations always carry all of them.
_SHOWN_HOPS = 6


def check(context: RuleContext) -> Iterator[Finding]:
    from seamcheck.rules.blocking.analysis import blocking_report

    report = blocking_report(context)
    hops = _HopRelated(report)
    for headline, *others in _by_site(report.chains):
        others.sort(key=_sink_place)
        # Two blocking calls on one line (`abspath(a).resolve()`): the headline's text names
        # the column too, or it reads as the other one.
        column = any(_sink_line(c) == _sink_line(headline) for c in others)
        entry_path = headline.entry.node.split("::", 1)[0]
        yield span_finding(
            "SC202",
            "error",
            _message(headline, report, others, column=column),
            entry_path,
            headline.reach.entry_call.span,
            context.service_of(entry_path),
            # Each chain's fingerprint is (entry, sink), as when each chain was a finding:
            # the headline's is the finding's, the others' are its aliases.
            (headline.entry.key, headline.sink.key),
            related=(
                entry_related(headline.entry, report),
                *hops.of_chain(headline.reach.hops),
                sink_related(headline.sink),
                *(_also_related(c.sink) for c in others),
            ),
            aliases=tuple(_alias(c, [headline, *others], report) for c in others),
        )


def _by_site(chains: Sequence[Chain]) -> list[list[Chain]]:
    """The chains of each call an async path makes, the headline first: the shortest, then
    the one whose blocking call comes first. One call is one place to fix, however many
    blocking calls it reaches: one finding, not one per blocking call."""
    sites: dict[tuple[str, Span], list[Chain]] = {}
    for chain in chains:
        sites.setdefault((chain.entry.node, chain.reach.entry_call.span), []).append(chain)
    return [
        sorted(group, key=lambda c: (len(c.reach.hops), *_sink_place(c)))
        for group in sites.values()
    ]


def _alias(chain: Chain, site: Sequence[Chain], report: BlockingReport) -> Alias:
    """Another chain's fingerprint, made as the headline's, with the message it had as a
    finding of its own: a baseline knows the call by the blocking calls it reaches, so fixing
    the headline's keeps the call known, and an entry per chain is not stale while its
    blocking call is still reached."""
    column = any(_sink_line(c) == _sink_line(chain) for c in site if c is not chain)
    message = _message(chain, report, (), column=column)
    # Its helpers' files: a change there (a helper newly calling a blocking one) touches the
    # call, as it touched this chain's own finding.
    paths = tuple(sorted({hop.node.split("::", 1)[0] for hop in chain.reach.hops}))
    return Alias(fingerprint("SC202", chain.entry.key, chain.sink.key), message, paths)


def _sink_place(chain: Chain) -> tuple[str, int, int, str]:
    span = chain.sink.call.span
    return (chain.sink.path, span.line, span.column, chain.sink.key)


def _sink_line(chain: Chain) -> tuple[str, int]:
    return (chain.sink.path, chain.sink.call.span.line)


def _also_related(sink: Sink) -> Related:
    """Another blocking call the same call reaches: where it is and its advice, not its chain."""
    span = sink.call.span
    message = f"also reaches blocking {called(sink)} here: {sink.kind.label}; use {sink.suggestion}"
    return Related(sink.path, span.line, span.column, message)


def _message(
    chain: Chain, report: BlockingReport, others: Sequence[Chain], *, column: bool = False
) -> str:
    sink = chain.sink
    names = [f"{hop.node.split('::', 1)[1]}()" for hop in chain.reach.hops]
    if len(names) > _SHOWN_HOPS:
        hidden = len(names) - _SHOWN_HOPS + 1
        names = [*names[:3], f"… {hidden} more …", *names[-2:]]
    where = f"{file_name(sink.path)}:{sink.call.span.line}"
    if column:
        where += f":{sink.call.span.column}"
    more = f", and {plural(len(others), 'more blocking call')}" if others else ""
    helper = chain.reach.hops[0].node.split("::", 1)[1]
    how = _how(chain.reach.entry_call, chain.reach.entry_passed, helper, "sync ")
    return (
        f"{chain.entry.label} {how}, which reaches blocking {called(sink)}: "
        f"{' → '.join(names)} → {sink.qualname} ({where}){more}; "
        f"use {sink.suggestion} there{_handoff(chain, report, others)}"
    )


def _handoff(chain: Chain, report: BlockingReport, others: Sequence[Chain]) -> str:
    """The hand-off of the whole call to a thread, when it is safe and can be written."""
    from seamcheck.rules.blocking.tornado import tornado_handoff

    first = chain.reach.entry_call.shown
    if chain.reach.entry_passed and first in _LAZY:
        return ""  # `to_thread(map, helper, xs)` gives back an iterator the loop then runs
    # Whichever of the helper's blocking calls this chain is about: a helper that reaches
    # sqlite3 by another path must not go to a thread either. The chains of one call start
    # at the helper it calls; should two ever start elsewhere, each must be safe in a thread.
    # A call that dispatches (`pm.hook.x()`, `self.on_change()`) takes every function it may
    # run to the thread, not only those that block.
    helpers = {c.reach.hops[0].node for c in (chain, *others)}
    helpers.update(report.run_by(chain.entry.node, chain.reach.entry_call))
    if any(report.why_not_to_thread(helper, first) for helper in sorted(helpers)):
        return ""
    entry = report.definitions.get(chain.entry.node)
    # Only an `async def` can await the hand-off: not a sync callback the loop runs.
    if (
        chain.sink.path.endswith((".py", ".pyi"))
        and entry is not None
        and entry.is_async
        and not chain.reach.entry_call.getter
    ):
        library = report.libraries.get(chain.entry.node.split("::", 1)[0], "")
        return in_library(f", or await asyncio.to_thread({first}, ...) here", library)
    if chain.entry.tornado:
        return tornado_handoff(chain.entry.tornado, first)
    return ""


def _how(call: Call, passed: bool, target: str, kind: str = "") -> str:
    """How a function gets to the next one of the chain: it calls it, or hands it to a call
    that runs it before returning (`[].map()` shown as called would hide the helper)."""
    if call.getter:
        return f"reads the property `{call.shown}`"
    if not passed:
        return f"calls {kind}`{call.shown}()`"
    # An arrow or lambda written in place is named by its position, which says nothing here.
    anonymous = target.rsplit(".", 1)[-1].startswith(("<anonymous@", "<lambda@"))
    if call.construct:
        executor = f"`new {call.shown}()` executor"
        return f"runs a {kind}{executor}" if anonymous else f"runs {kind}`{target}` as a {executor}"
    if anonymous:
        return f"passes a {kind}callback to `{call.shown}()`"
    return f"passes {kind}`{target}` to `{call.shown}()`"


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
