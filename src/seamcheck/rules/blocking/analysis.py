"""The blocking-I/O analysis SC201 and SC202 share, computed once per rule run: async entries,
blocking call sites (sinks), the sync call graph and the chains between them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import field, replace

from seamcheck.facts import AWAITED, MODULE_SCOPE, Call, Definition, Span, span_within
from seamcheck.findings import without_positions
from seamcheck.project import is_test_file
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution
from seamcheck.rules.blocking.asyncpaths import (
    AsyncEntry,
    async_entries,
)
from seamcheck.rules.blocking.dialects import in_library
from seamcheck.rules.blocking.idle import idle_edges
from seamcheck.rules.blocking.loopbound import loop_bound
from seamcheck.rules.blocking.nonblocking import NonBlockingSockets
from seamcheck.rules.blocking.offload import (
    IteratorMakers,
    iterated_in_threads,
    threaded_functions,
)
from seamcheck.rules.blocking.plugins import hook_edges
from seamcheck.rules.blocking.reach import (
    Callers,
    Edge,
    Reach,
    callers_index,
    reaches,
    sync_edge,
)
from seamcheck.rules.blocking.sinks import SinkKind, SinkMatcher
from seamcheck.rules.blocking.startup import before, start_up_prologues
from seamcheck.rules.blocking.stored import stored_callback_edges
from seamcheck.rules.blocking.tornado import COROUTINE, tornado_entries
from seamcheck.rules.context import RuleContext

# Callbacks these call synchronously, before returning: the callback runs where the call runs.
_JS_SYNC_ITERATORS = frozenset(
    {"map", "forEach", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex",
     "findLast", "findLastIndex", "flatMap", "sort", "toSorted"}
)  # fmt: skip
_PY_SYNC_ITERATORS = frozenset({"map", "filter", "sorted", "min", "max", "functools.reduce"})


@dataclass(frozen=True, slots=True)
class Sink:
    """A blocking call site: `call` in function `node` resolves to `qualname`."""

    node: str
    path: str
    call: Call
    qualname: str
    kind: SinkKind
    key: str  # stable identity for fingerprints: no line numbers
    # The callee of the blocking call this one is made on (`open` of `open(p).read()`) in
    # Python, where handing this call alone to a thread would leave that one on the loop.
    blocking_receiver: str = ""
    library: str = ""  # the async library other than asyncio its service uses: trio, anyio
    # A Python call that only makes an iterator, doing its I/O as it is iterated (`[lazy]`).
    lazy: bool = False

    @property
    def suggestion(self) -> str:
        suggestion = self.kind.suggestion(self.qualname, self.call.shown)
        if self.lazy:
            # `to_thread(os.walk, top)` would hand back the iterator, which reads on the loop.
            shown = self.call.shown.replace("()", "(...)")
            suggestion = suggestion.replace(
                f"to_thread({shown}, ...)", f"to_thread(list, {shown}(...))"
            )
        if self.blocking_receiver and not self.kind.thread_bound:
            # The catalog's `to_thread(open(...).read, ...)` would still call `open` on the
            # loop.
            shown = self.call.shown.replace("()", "(...)")
            alone, whole = f"to_thread({shown}, ...)", f"to_thread(lambda: {shown}(...))"
            why = (
                f"`{self.blocking_receiver}()` blocks too: hand the whole expression to the thread"
            )
            if alone in suggestion:
                suggestion = f"{suggestion.replace(alone, whole)} ({why})"
            else:
                suggestion = f"{suggestion}, or await asyncio.{whole} ({why})"
        return in_library(suggestion, self.library)


@dataclass(frozen=True, slots=True)
class Direct:
    entry: AsyncEntry
    sink: Sink


@dataclass(frozen=True, slots=True)
class Chain:
    entry: AsyncEntry
    reach: Reach
    sink: Sink


@dataclass(frozen=True, slots=True)
class BlockingReport:
    direct: tuple[Direct, ...]
    chains: tuple[Chain, ...]
    definitions: dict[str, Definition]  # function node id -> its definition
    # Sync functions from which a thread-bound sink (sqlite3) is reached, by any path: a
    # thread hand-off of one may move objects that only their maker's thread can use.
    # function -> the label of one such sink (sorted first), for messages.
    thread_bound: Mapping[str, str] = field(default_factory=dict)
    # Sync functions from which a call that must stay on the event loop's thread is reached
    # (`asyncio.create_task`, `ContextVar.set`): function -> why, for messages.
    loop_bound: Mapping[str, str] = field(default_factory=dict)
    # Python files of services that import trio or anyio -> that library; of Django services
    # -> "django" (see `in_library`).
    libraries: Mapping[str, str] = field(default_factory=dict)
    # Function nodes written more than once in one module (see `redefinitions`).
    redefined: Mapping[str, tuple[tuple[Span, str], ...]] = field(default_factory=dict)
    # Calls that run functions chosen at run time (a pluggy hook's implementations, a kept
    # callback), by (caller, line, column) -> every function they may run, in order.
    dispatched: Mapping[tuple[str, int, int], tuple[str, ...]] = field(default_factory=dict)
    # Sync functions whose call only makes an iterator doing its work as it is iterated:
    # generators, and those returning a lazy folder scan (`iterator_makers`).
    iterators: frozenset[str] = frozenset()

    def run_by(self, caller: str, call: Call) -> tuple[str, ...]:
        """The functions `call` in `caller` may run when it dispatches, else ()."""
        return self.dispatched.get((caller, call.line, call.column), ())

    def node_of(self, path: str, call: Call) -> str:
        """The function node `call` is written in."""
        return scope_node(path, call, self.redefined)

    def why_not_to_thread(self, helper: str, callee: str) -> str:
        """Why `await asyncio.to_thread(helper, ...)`, written `callee(...)`, would not take
        the helper's blocking safely off the event loop, or "" when it would. SC202 offers
        that hand-off, and `fix` makes it, only when this is ""."""
        definition = self.definitions.get(helper)
        if definition is not None and definition.is_generator:
            # Calling a generator only creates it: the body, blocking included, runs on the
            # loop as the generator is iterated.
            return f"`{callee}` is a generator: calling it runs none of its body"
        if helper in self.iterators:
            # `def notebooks(): return root.rglob("*.py")`: the scan runs as the iterator it
            # gives is iterated, back on the loop.
            return f"`{callee}()` gives an iterator that reads as it is iterated, not when called"
        label = self.thread_bound.get(helper)
        if label:
            # `def connect(): return sqlite3.connect(p)` handed to a thread makes a
            # connection the loop's thread then cannot use.
            return f"`{callee}()` reaches {label}: " + THREAD_BOUND.format(label)
        why = self.loop_bound.get(helper)
        if why:
            # `def tag(rid): request_id.set(rid)` in a worker thread sets a copy of the
            # context; `asyncio.create_task` there has no loop to run on.
            return f"`{callee}()` reaches {why}"
        return ""


def other_loop_libraries(context: RuleContext) -> dict[str, str]:
    """Python files -> the async library other than asyncio that a file of their service
    imports, test files aside (trio, or anyio, whose code may run under trio; anyio when
    both), or else "django" for a Django service (see `in_library`)."""
    by_service: dict[str, str] = {}
    other_frameworks: set[str] = set()  # services that import an async web framework
    python = [p for p, f in context.resolution.facts.items() if f.language == "python"]
    # Tests may drive asyncio code with anyio's or trio's pytest plugin: they decide nothing.
    for path in (p for p in python if not is_test_file(p)):
        for imported in context.resolution.facts[path].imports:
            library = imported.module.split(".", 1)[0]
            if library in _DIALECTS:
                service = context.service_of(path)
                known = by_service.get(service, library)
                by_service[service] = min(library, known, key=_DIALECTS.index)
            elif library in _ASYNC_FRAMEWORKS:
                other_frameworks.add(context.service_of(path))
    # A FastAPI service with a script that imports Django is no Django service.
    for service in other_frameworks:
        if by_service.get(service) == "django":
            del by_service[service]
    if not by_service:
        return {}
    return {
        path: by_service[service]
        for path in python
        if (service := context.service_of(path)) in by_service
    }


# Who decides how async code hands sync work off, first wins: the loop library, then Django.
_DIALECTS = ("anyio", "trio", "django")
_ASYNC_FRAMEWORKS = frozenset({"fastapi", "starlette", "aiohttp", "quart", "sanic", "litestar"})

THREAD_BOUND = (
    "{} objects belong to the thread that made them: a thread hand-off breaks the code that "
    "shares them"
)


_last: tuple[RuleContext, BlockingReport] | None = None


def blocking_report(context: RuleContext) -> BlockingReport:
    """The report for this rule run; SC201 and SC202 share one computation."""
    global _last
    if _last is not None and _last[0] is context:
        return _last[1]
    report = _analyse(context)
    _last = (context, report)
    return report


def _analyse(context: RuleContext) -> BlockingReport:
    resolution = context.resolution
    config = context.config.blocking
    matcher = SinkMatcher(config, context.config.file or "seamcheck.toml")
    definitions, redefined = redefinitions(resolution)

    def node_of(path: str, call: Call) -> str:
        return scope_node(path, call, redefined)

    is_async = {node for node, d in definitions.items() if d.is_async}
    stable = stable_names(definitions)
    fastify = {s.name for s in context.project.services if "fastify" in s.dependencies}
    entries = async_entries(
        resolution,
        (
            (node, node.split("::", 1)[0], d.qualname, d.is_async, d.decorators)
            # Unsorted: what is made of them is looked up by node, never walked in order
            # (sorting gen-10000's 88k nodes cost 20 ms CPU).
            for node, d in definitions.items()
        ),
        stable,
        frozenset(f.path for f in context.project.files if f.service in fastify),
    )
    # Safe functions, and those a decorator runs in a worker thread when called: their calls
    # block no loop, and no chain goes through them.
    barriers = {node for node in definitions if matcher.is_safe(node)}
    barriers |= threaded_functions(resolution, definitions, matcher)
    for node, (how, label) in tornado_entries(resolution, definitions).items():
        if node not in entries and node not in barriers:
            entries[node] = AsyncEntry(node, label, stable[node], tornado=how)
            if how == COROUTINE:
                # Yielded like an `async def` is awaited, and reported where it blocks: no
                # chain goes on through it.
                is_async.add(node)
    libraries = other_loop_libraries(context)
    # Calls an entry makes in its start-up prologue block no request: not sinks, not edges.
    prologues = start_up_prologues(resolution, definitions)

    def in_prologue(caller: str, call: Call) -> bool:
        return caller in prologues and before(call, prologues[caller])

    # Calls making an iterator that is iterated in a worker thread (handed to a response or
    # an executor): a generator or a lazy folder scan made there does none of its work on
    # the loop.
    in_threads = iterated_in_threads(resolution, matcher)
    makers = IteratorMakers(resolution, definitions, node_of)

    def made_for_a_thread(path: str, call: Call) -> bool:
        return (path, call.line, call.column) in in_threads

    returning_files = makers.paths
    non_blocking = NonBlockingSockets(resolution.facts)
    sinks_by_node: dict[str, list[Sink]] = {}
    chained: set[str] = set()  # callers with a sink made on the result of a call
    loop_calls: dict[str, str] = {}  # function -> why one of its calls is loop-bound
    seen: dict[tuple[str, str], int] = {}
    edges: list[Edge] = []
    languages = {path: facts.language for path, facts in resolution.facts.items()}
    # (language, API) pairs whose calls neither block nor must stay on the loop's thread
    # (`len`, `print`): judged once, not at each of the ~490k external and builtin calls of
    # the 10k-file tree.
    # By language, so that no pair is made at each call.
    plain: defaultdict[str, set[str]] = defaultdict(set)
    # The calls come file by file: a file's language and set of plain APIs are looked up
    # when the file changes, not at each call (gen-10000: 30 ms CPU).
    last_path, language, python = "", "", False
    plain_here: set[str] = set()
    for resolved in resolution.calls:
        call = resolved.call
        kind = resolved.kind
        if kind == "external" or kind == "builtin":
            path, qualname = resolved.path, resolved.qualname
            if path != last_path:
                last_path, language = path, languages[path]
                python, plain_here = language == "python", plain[language]
            # Python cannot await a sync API, so an awaited match is an async namesake the
            # resolver could not tell apart; JS can await anything, and `await readFileSync()`
            # still blocks.
            if python and call.flags & AWAITED:
                continue
            if qualname in plain_here:
                continue
            if python:
                why = loop_bound(qualname)
                if why:
                    caller = scope_node(path, call, redefined)
                    loop_calls[caller] = min(why, loop_calls.get(caller, why))
                    continue
            if not matcher.may_match(language, qualname):
                plain[language].add(qualname)
                continue
            sink_kind = matcher.match(language, qualname, len(call.args))
            if sink_kind is None:
                continue
            lazy = python and matcher.is_lazy(qualname)
            if lazy:
                makers.lazy_call(path, call)
            if python and (
                non_blocking.covers(path, call, qualname)
                or (lazy and made_for_a_thread(path, call))
            ):
                continue
            caller = scope_node(path, call, redefined)
            if caller in barriers or in_prologue(caller, call):
                continue
            owner = stable.get(caller, caller)
            count = seen.get((owner, qualname), 0)
            seen[(owner, qualname)] = count + 1
            key = f"{owner}|{qualname}|{count}"
            library = libraries.get(path, "")
            sink = Sink(caller, path, call, qualname, sink_kind, key, library=library, lazy=lazy)
            sinks_by_node.setdefault(caller, []).append(sink)
            if "()." in call.callee:
                chained.add(caller)
        elif kind == "function":
            path, target = resolved.path, resolved.target
            if path in returning_files:  # spares the call for the other files' calls
                makers.function_call(path, call, target)
            # Awaiting a sync function still runs its body first, on the loop: in JS that is
            # `await loadConfig()`. Python cannot await one, so there an awaited call that
            # resolved to a sync def is an async namesake the resolver could not tell apart.
            if call.flags & AWAITED and languages[path] == "python":
                continue
            # `_runs_synchronously` and `in_prologue` in line: most calls are of functions
            # (gen-10000: 267k), and most make an edge (210k).
            definition = definitions.get(target)
            if definition is None:
                if target.endswith(_MODULE_NODE):
                    continue
            elif definition.is_async or definition.kind == "class":
                continue
            # `scope_node` in line too, asked only of a node written twice.
            caller = f"{path}::{call.scope}"
            if caller in redefined:
                caller = scope_node(path, call, redefined)
            if caller not in prologues or not before(call, prologues[caller]):
                edges.append(sync_edge(caller, target, call))
    iterators = makers.found()
    if in_threads:
        # A generator, or a helper's lazy folder scan, made for a worker thread to iterate:
        # its work runs there, not where it is made.
        edges = [
            e
            for e in edges
            if e.callee not in iterators
            or not made_for_a_thread(e.caller.split("::", 1)[0], e.call)
        ]
    edges.extend(
        e
        for e in _callback_edges(context, definitions, node_of)
        if not in_prologue(e.caller, e.call)
    )
    dispatching = [
        e
        for e in (
            *hook_edges(resolution, definitions, node_of),
            *stored_callback_edges(resolution, definitions, node_of),
        )
        if not in_prologue(e.caller, e.call) and _runs_synchronously(e.callee, definitions)
    ]
    edges.extend(dispatching)
    dispatched: dict[tuple[str, int, int], tuple[str, ...]] = {}
    for e in dispatching:
        at = (e.caller, e.call.line, e.call.column)
        if e.callee not in dispatched.get(at, ()):
            dispatched[at] = (*dispatched.get(at, ()), e.callee)
    for caller in chained:
        sinks_by_node[caller] = _outermost(sinks_by_node[caller])
    idle = idle_edges(edges, sinks_by_node.keys(), definitions)
    if idle:
        # Hashing an edge hashes its call, arguments and all: only edges into a function
        # that some idle edge calls are looked up.
        idle_callees = {e.callee for e in idle}
        edges = [e for e in edges if e.callee not in idle_callees or e not in idle]

    direct = [
        Direct(entries[node], sink)
        for node, sinks in sorted(sinks_by_node.items())
        if node in entries
        for sink in sinks
    ]
    callers = callers_index(edges)
    found = reaches(
        {node: [s.call for s in sinks] for node, sinks in sinks_by_node.items()},
        callers,
        entries,
        is_async,
        barriers,
    )
    chains = [Chain(entries[r.entry], r, sinks_by_node[r.holder][r.sink]) for r in found]
    thread_bound = _reaching(
        {
            node: min(s.kind.label for s in sinks if s.kind.thread_bound)
            for node, sinks in sinks_by_node.items()
            if any(s.kind.thread_bound for s in sinks)
        },
        callers,
    )
    return BlockingReport(
        tuple(direct),
        tuple(chains),
        definitions,
        thread_bound,
        _reaching(loop_calls, callers),
        libraries,
        redefined,
        dispatched,
        iterators,
    )


def _reaching(holders: Mapping[str, str], callers: Callers) -> dict[str, str]:
    """The holders (-> a label) and every function that calls one synchronously, however
    indirectly, with the label of the first holder found from it in sorted order. Chains
    keep only the shortest path to each sink, so they cannot tell this."""
    found: dict[str, str] = {}
    for holder in sorted(holders):
        label = holders[holder]
        stack = [holder] if holder not in found else []
        found.setdefault(holder, label)
        while stack:
            for edge in callers.get(stack.pop(), ()):
                if edge.caller not in found:
                    found[edge.caller] = label
                    stack.append(edge.caller)
    return found


def _outermost(sinks: list[Sink]) -> list[Sink]:
    """One sink per expression: `open(p).read()` blocks in `open` and in `read`, one fix
    (one hand-off to a thread) for both, so it is one finding, about the outer call, which
    names the whole expression. Fingerprint keys were counted before, so the outer call's
    stays what it was."""
    at: dict[tuple[int, int], list[Sink]] = {}
    for sink in sinks:
        at.setdefault((sink.call.line, sink.call.column), []).append(sink)
    kept: list[Sink] = []
    for sink in sinks:
        here = at[(sink.call.line, sink.call.column)]
        # `open().read` is made on the result of `open`, at the same position.
        if any(o.call.callee.startswith(sink.call.callee + "().") for o in here):
            continue
        receivers = [
            o.call.callee for o in here if sink.call.callee.startswith(o.call.callee + "().")
        ]
        if receivers and sink.path.endswith((".py", ".pyi")):
            sink = replace(sink, blocking_receiver=max(receivers, key=len))
        kept.append(sink)
    return kept


# A module may define one name twice, `def foo` and further down `async def foo` (a sync and an
# async variant under `if`/`else`): the facts name both `foo`, and calls to `foo` resolve to
# one node, whose `async` was the last one's for both bodies. The definitions that differ
# from the last one in being async are one function node of their own here, `foo~1`, so that
# their bodies are judged by their own `async`. Alike redefinitions (a property's getter and
# setter, `@overload` stubs) stay one node: a read of the property reaches the getter's calls.
REDEFINED = "~1"


def redefinitions(
    resolution: Resolution,
) -> tuple[dict[str, Definition], dict[str, tuple[tuple[Span, str], ...]]]:
    """Function node id -> definition; and, for a node also written, earlier, with the other
    `async`, the spans of those definitions with the node they are (`REDEFINED`)."""
    definitions: dict[str, Definition] = {}
    redefined: dict[str, tuple[tuple[Span, str], ...]] = {}
    for path, facts in resolution.facts.items():
        if len({d.qualname for d in facts.definitions}) == len(facts.definitions):
            # Most files write each name once: no lists of alike definitions to make.
            for definition in facts.definitions:
                definitions[f"{path}::{definition.qualname}"] = definition
            continue
        written: dict[str, list[Definition]] = {}
        for definition in facts.definitions:
            written.setdefault(definition.qualname, []).append(definition)
        for qualname, alike in written.items():
            node = f"{path}::{qualname}"
            definitions[node] = alike[-1]  # the last written: a call after both reaches it
            if len(alike) == 1:
                continue
            other = [d for d in alike if d.is_async != alike[-1].is_async]
            if other:
                definitions[node + REDEFINED] = other[0]
                redefined[node] = tuple((d.span, node + REDEFINED) for d in other)
    return definitions, redefined


def scope_node(path: str, call: Call, redefined: Mapping[str, tuple[tuple[Span, str], ...]]) -> str:
    """The function node `call` is written in: its scope, or the earlier definition of that
    name whose body holds it."""
    node = f"{path}::{call.scope}"
    for span, other in redefined.get(node, ()):
        if span_within(call.span, span):
            return other
    return node


def stable_names(definitions: Mapping[str, Definition]) -> dict[str, str]:
    """Function ids without the positions that name anonymous functions (`<anonymous@37:26>`
    -> `<anonymous>`), numbered in source order where that makes two alike: fingerprints
    built from them survive edits elsewhere in the file."""
    # Only ids naming an anonymous function hold a position (gen-10000: 3k of 88k): the
    # others are their own stable name, unless one of those loses its position to it.
    stable: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for node in definitions:
        if "@" in node:
            groups.setdefault(without_positions(node), []).append(node)
        else:
            stable[node] = node
    for base, nodes in groups.items():
        if base in stable:
            nodes.append(base)
        if len(nodes) == 1:
            stable[nodes[0]] = base
            continue
        nodes.sort(key=lambda n: (definitions[n].span.line, definitions[n].span.column))
        for index, node in enumerate(nodes):
            stable[node] = f"{base}#{index}"
    return stable


# The end of a module's node id (`path::<module>`), which runs no body where it is called.
_MODULE_NODE = "::" + MODULE_SCOPE


def _runs_synchronously(target: str, definitions: dict[str, Definition]) -> bool:
    """Calling an async function only creates a coroutine or promise, and a class body ran
    at import: neither runs its body where the call is. (`_analyse` tests so in line.)"""
    definition = definitions.get(target)
    if definition is None:
        return not target.endswith(_MODULE_NODE)
    return not definition.is_async and definition.kind != "class"


def _callback_edges(
    context: RuleContext,
    definitions: dict[str, Definition],
    node_of: Callable[[str, Call], str],
) -> list[Edge]:
    """`items.map(p => readFileSync(p))` calls the arrow right there, as `sorted(key=f)` and
    `new Promise(executor)` do."""
    edges: list[Edge] = []
    for ref in context.resolution.references:
        if ref.item >= 0:  # an item of a list handed over is kept to be called later
            continue
        call = ref.call
        is_python = context.resolution.facts[ref.path].language == "python"
        last = call.callee.rsplit(".", 1)[-1]
        if is_python:
            synchronous = call.callee in _PY_SYNC_ITERATORS
        else:
            # `new Promise(executor)` runs the executor before it returns.
            synchronous = ("." in call.callee and last in _JS_SYNC_ITERATORS) or (
                call.construct and call.callee == "Promise"
            )
        awaited = call.awaited and is_python  # as for direct calls in `_analyse`
        if synchronous and not awaited and _runs_synchronously(ref.target, definitions):
            edges.append(Edge(node_of(ref.path, call), ref.target, call, passed=True))
    return edges
