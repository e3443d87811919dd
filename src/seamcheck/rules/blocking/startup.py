"""Start-up run by an entry point, before a server serves: no async path (SC201/SC202).

A root is an async function run on a fresh loop: called only from module top level
(`bootstrap()`, `asyncio.run(main())`) or run, from sync code, by a loop runner as its first
argument (`asyncio.run(f())`, `loop.run_until_complete(f())`, Tornado's `IOLoop().run_sync(f)`
or `run_sync(lambda: f(port))`, trio's and anyio's `run(f)`, through `functools.partial`,
or the project's own runner, a sync function giving its first parameter to one of those),
or a command a CLI library runs so (cyclopts's `@app.command`, `@app.default`,
`app.command(f)`, `cyclopts.run(f)`; asyncclick's `@click.command()`, `@click.group()` and a
group's `@grp.command()`), calls from tests aside. Nothing else is on that loop but what the
root itself starts.

A root that starts serving (Tornado's `HTTPServer().listen`, aiohttp's `TCPSite().start()` or
`web.run_app`, `uvicorn.Server().serve()`, `asyncio.start_server`, ...), itself or through a
function it awaits, is start-up up to that call: the calls written before it, and the async
functions it awaits before it (wholly, and what they await in turn), when only start-up awaits
them. The function it awaits that serves is start-up up to its own serving call. JupyterHub's
`launch_instance_async` awaits `initialize` (and its `init_*`) and then `start`, which listens.

A root that never serves (a batch script gathering requests) is start-up only until it first
suspends: after that, what it started shares the loop; what it awaits by itself before that
is start-up up to where that suspends in turn, and what it gathers there is not. A function
something else also calls, that is handed over as a value (a task, a callback), or gathered
with the serving call (`gather(refresh(), server.serve())`), stays an async path; so does a
method that a call the resolver could not follow names, when no other method of the project
has its name, or one overriding a method called elsewhere.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from seamcheck.facts import MODULE_SCOPE, Call, Definition, Span, call_within
from seamcheck.project import is_test_file
from seamcheck.resolve.model import Resolution, ResolvedCall, ResolvedReference, ancestors
from seamcheck.rules.blocking.asyncpaths import awaited_gathers

# Loop runners that start a fresh loop and run a coroutine (function) on it, by qualname.
_RUNNERS = frozenset({"asyncio.run", "trio.run", "anyio.run", "uvloop.run", "cyclopts.run"})
# ... and by the method of an object of the library, by the end of the qualname
# (`asyncio.new_event_loop().run_until_complete`, `tornado.ioloop.IOLoop.current().run_sync`).
_RUNNER_METHODS = {
    "asyncio": ("().run_until_complete", ".Runner().run"),
    "uvloop": ("().run_until_complete",),
    "tornado": ("().run_sync",),
}
# CLI libraries that run a command, when it is an async function, on a fresh loop of its own
# (cyclopts: `asyncio.run(command(...))`; asyncclick: the whole command line in `anyio.run`),
# with the methods that register one, by the end of the qualname: `cyclopts.App().command`,
# `cyclopts.App().meta.default`, `asyncclick.group`, `asyncclick.Group().command`.
_COMMAND_REGISTRARS = {
    "cyclopts": frozenset({"command", "default"}),
    "asyncclick": frozenset({"command", "group"}),
}
# Decorators of those libraries that only declare a command's parameters or what it is
# handed, leaving how it runs alone (`@click.option(...)` under `@click.command()`).
_PARAMETER_DECORATORS = {
    "asyncclick": frozenset({"option", "argument", "pass_context", "pass_obj", "version_option",
                             "help_option", "password_option", "confirmation_option"}),
}  # fmt: skip
# Calls that start serving requests: before them no request can wait on the loop.
_SERVING = frozenset(
    {"aiohttp.web.run_app", "uvicorn.run", "hypercorn.asyncio.serve", "hypercorn.trio.serve",
     "asyncio.start_server", "asyncio.start_unix_server", "websockets.serve",
     "websockets.server.serve", "websockets.asyncio.server.serve", "trio.serve_tcp",
     "trio.serve_ssl_over_tcp", "trio.serve_listeners"}
)  # fmt: skip
_SERVING_METHODS = {
    "tornado": (".HTTPServer().listen", ".HTTPServer().add_socket", ".HTTPServer().add_sockets",
                ".HTTPServer().start", ".TCPServer().listen", ".TCPServer().add_socket",
                ".TCPServer().add_sockets", ".TCPServer().start", ".Application().listen"),
    "aiohttp": (".TCPSite().start", ".UnixSite().start", ".SockSite().start",
                ".NamedPipeSite().start"),
    "uvicorn": (".Server().serve",),
    "asyncio": ("().create_server", "().create_unix_server"),
    "uvloop": ("().create_server", "().create_unix_server"),
    "sanic": (".Sanic().create_server",),
    "quart": (".Quart().run_task",),
    "grpc": (".aio.server().start",),
}  # fmt: skip


def start_up_prologues(
    resolution: Resolution, definitions: Mapping[str, Definition]
) -> dict[str, Span | None]:
    """Async functions run as start-up -> where their start-up ends (None: the whole body):
    roots up to where they start serving, or else until they first suspend, and the
    functions only start-up awaits before a server serves."""
    fresh = _FreshRuns(resolution, definitions)
    roots = _roots(resolution, definitions, fresh)
    if not roots:  # most services: no entry point run as a coroutine
        return {}
    unseen = _called_unseen(resolution, definitions)
    roots = [root for root in roots if root not in unseen]
    calls_in: dict[str, list[ResolvedCall]] = {}
    for resolved in resolution.calls:
        calls_in.setdefault(f"{resolved.path}::{resolved.call.scope}", []).append(resolved)
    serving = _ServingPoints(calls_in, definitions)
    prologues: dict[str, Span | None] = {}
    growing: list[str] = []  # start-up that serves: what it awaits before that is start-up
    for root in roots:
        point = serving.point(root)
        if point is None:
            prologues[root] = definitions[root].suspends
        else:
            prologues[root] = _start(point.span)
            growing.append(root)
    gathered = awaited_gathers(resolution)
    sites, waiting = _candidates(resolution, definitions, fresh, gathered, prologues, unseen)
    if growing:
        _awaited_by_start_up(serving, gathered, sites, waiting, prologues, growing)
    _awaited_first(definitions, serving, gathered, sites, waiting, prologues)
    return prologues


class _ServingPoints:
    """The call at which an async function starts serving, itself or through a function it
    awaits there, or None."""

    def __init__(
        self,
        calls_in: Mapping[str, list[ResolvedCall]],
        definitions: Mapping[str, Definition],
    ) -> None:
        self._calls_in = calls_in
        self._definitions = definitions
        self._found: dict[str, Call | None] = {}

    def point(self, node: str) -> Call | None:
        if node in self._found:
            return self._found[node]
        self._found[node] = None  # a cycle serves nowhere
        first: Call | None = None
        for resolved in self._calls_in.get(node, ()):
            call = resolved.call
            if first is not None and _position(call) >= _position(first):
                continue
            if self._serves(resolved):
                first = call
        self._found[node] = first
        return first

    def _serves(self, resolved: ResolvedCall) -> bool:
        if resolved.kind == "external":
            return starts_serving(resolved.qualname)
        definition = self._definitions.get(resolved.target)
        return (
            resolved.kind == "function"
            and resolved.call.awaited
            and definition is not None
            and definition.is_async
            and self.point(resolved.target) is not None
        )


def starts_serving(qualname: str) -> bool:
    """Whether the external call `qualname` starts serving requests."""
    return qualname in _SERVING or _library_method(qualname, _SERVING_METHODS)


def runs_a_fresh_loop(qualname: str) -> bool:
    """Whether the external call `qualname` starts a loop and runs a coroutine on it."""
    return qualname in _RUNNERS or _library_method(qualname, _RUNNER_METHODS)


def registers_a_command(qualname: str) -> bool:
    """Whether the external call `qualname` registers a CLI command its library runs, when
    async, on a fresh loop (`cyclopts.App().command`, `asyncclick.command`)."""
    library, _, rest = qualname.partition(".")
    return bool(rest) and qualname.rpartition(".")[2] in _COMMAND_REGISTRARS.get(library, ())


def _declares_parameters(qualname: str) -> bool:
    """Whether the decorator `qualname` only declares a command's parameters
    (`asyncclick.option`)."""
    library, _, rest = qualname.partition(".")
    return rest in _PARAMETER_DECORATORS.get(library, ())


def _library_method(qualname: str, table: Mapping[str, tuple[str, ...]]) -> bool:
    return qualname.endswith(table.get(qualname.split(".", 1)[0], ()))


# Calls a runner's coroutine function or coroutine may be wrapped in, still run by it.
_PASSED_THROUGH = frozenset({"functools.partial", "asyncio.wait_for", "asyncio.shield"})


class _FreshRuns:
    """The calls and references that a loop runner runs from sync code, each on a fresh loop:
    `main()` in `asyncio.run(main())`, `self.launch` in `loop.run_sync(partial(self.launch))`
    (not an argument given to what it runs: `handle` in `trio.run(trio.serve_tcp, handle,
    8000)`)."""

    def __init__(self, resolution: Resolution, definitions: Mapping[str, Definition]) -> None:
        self._runners: dict[tuple[str, str], list[Call]] = {}  # (path, scope) -> runner calls
        self._passed_through: set[int] = set()  # `partial(...)` and the like, by id
        # (path, scope) -> its calls, of the scopes (and lambdas in them) holding a runner.
        self._calls: dict[tuple[str, str], list[Call]] = {}
        runner_apis: dict[str, bool] = {}  # what the test below says of each API, once
        for resolved in resolution.calls:
            if resolved.kind != "external":
                continue
            qualname = resolved.qualname
            if qualname in _PASSED_THROUGH:
                self._passed_through.add(id(resolved.call))
                continue
            runner = runner_apis.get(qualname)
            if runner is None:
                # `app.command(f)` runs `f` as `asyncio.run(f())` would, when the CLI runs it.
                runner = runs_a_fresh_loop(qualname) or registers_a_command(qualname)
                runner_apis[qualname] = runner
            if runner:
                self._add_runner(resolved, definitions)
        if self._runners:
            # Calls of first-party functions: of wrappers, maybe. Gathered only here, where
            # there is a runner: most projects have none.
            called = [resolved for resolved in resolution.calls if resolved.kind == "function"]
            self._add_wrapper_calls(resolution, definitions, called)
        for resolved in resolution.calls if self._runners else ():
            key = (resolved.path, resolved.call.scope)
            if key in self._runners:
                self._calls.setdefault(key, []).append(resolved.call)

    def _add_runner(self, resolved: ResolvedCall, definitions: Mapping[str, Definition]) -> None:
        """A call that runs its first argument on a fresh loop, when made from sync code."""
        call = resolved.call
        scope = definitions.get(f"{resolved.path}::{call.scope}")
        if call.scope == MODULE_SCOPE or (scope is not None and not scope.is_async):
            self._runners.setdefault((resolved.path, call.scope), []).append(call)

    def _add_wrapper_calls(
        self,
        resolution: Resolution,
        definitions: Mapping[str, Definition],
        called: list[ResolvedCall],
    ) -> None:
        """The calls of the project's own runners, runners too: a sync function that runs
        what its first parameter gives on a fresh loop (Datasette's `def run_sync(coro_func):
        loop = asyncio.new_event_loop(); return loop.run_until_complete(coro_func())`, also
        `run(coro)` handing on the coroutine itself), to a fixed point for wrappers of those."""
        calls_in: dict[tuple[str, str], list[Call]] = {}
        for resolved in resolution.calls:
            calls_in.setdefault((resolved.path, resolved.call.scope), []).append(resolved.call)
        wrappers: set[str] = set()
        found = True
        while found:
            found = False
            for (path, scope), runners in list(self._runners.items()):
                node = f"{path}::{scope}"
                definition = definitions.get(node)
                if node in wrappers or definition is None or definition.kind == "lambda":
                    continue
                first = _first_parameter(definition)
                if first and any(
                    _runs_parameter(runner, first, calls_in.get((path, scope), ()))
                    for runner in runners
                ):
                    wrappers.add(node)
                    found = True
                    for resolved in called:
                        if resolved.target == node and resolved.call.args:
                            self._add_runner(resolved, definitions)

    def runs(self, path: str, call: Call) -> bool:
        """Whether `call` is written in a runner's parentheses, in nothing else but calls that
        pass it through, also in a lambda written there (`IOLoop.current().run_sync(lambda:
        main(port))`)."""
        if not self._runners:
            return False
        scope = call.scope
        outer, _, last = scope.rpartition(".")
        scopes = (scope, outer or MODULE_SCOPE) if last.startswith("<lambda@") else (scope,)
        return any(
            call_within(call, runner) and self._only_passed_through(path, s, call, runner)
            for s in scopes
            for runner in self._runners.get((path, s), ())
        )

    def hands(self, path: str, ref: ResolvedReference) -> bool:
        """Whether `ref` hands its function to a runner to run (`trio.run(main)`,
        `partial(self.launch)` in one)."""
        call = ref.call
        if ref.index != 0 or ref.item >= 0:
            return False
        if any(runner is call for runner in self._runners.get((path, call.scope), ())):
            return True
        return id(call) in self._passed_through and self.runs(path, call)

    def _only_passed_through(self, path: str, scope: str, call: Call, runner: Call) -> bool:
        return all(
            id(between) in self._passed_through
            for between in self._calls.get((path, scope), ())
            if between is not call and call_within(call, between) and call_within(between, runner)
        )


def _first_parameter(definition: Definition) -> str:
    """The name of the first parameter a caller fills of a sync function, "" if none."""
    skipped = (
        1 if definition.kind == "method" and "staticmethod" not in definition.decorators else 0
    )
    params = definition.params[skipped:]
    if definition.is_async or not params or not params[0] or params[0][0] in "*/":
        return ""
    return params[0].removesuffix("=")


def _runs_parameter(runner: Call, parameter: str, calls: Collection[Call]) -> bool:
    """Whether the runner's first argument is `parameter` or its call (`coro_func()`)."""
    if not runner.args:
        return False
    first = runner.args[0]
    if first.keyword is None and first.kind == "name" and first.value == parameter:
        return True
    return any(c.callee == parameter and not c.args and call_within(c, runner) for c in calls)


def _roots(
    resolution: Resolution, definitions: Mapping[str, Definition], fresh: _FreshRuns
) -> list[str]:
    """Async functions, undecorated or CLI commands, that only module top level calls or a
    loop runner runs from sync code (tests aside), and that nothing else is handed: each runs
    on a loop where nothing else is yet, unless a call not seen reaches it too
    (`_called_unseen`)."""
    commands = _cli_commands(resolution, definitions)
    # Only these may be roots: the calls of every other function need no look.
    plain_async = {
        node
        for node, d in definitions.items()
        if d.is_async and (not d.decorators or node in commands)
    }
    rooted: dict[str, bool] = dict.fromkeys(commands, True)
    tests: dict[str, bool] = {}  # is_test_file by path: asked at each call of one of them
    for resolved in resolution.calls:
        if resolved.kind != "function":
            continue
        target = resolved.target
        # One call not at start rules a function out for good: its later calls need no look
        # (gen-10000: 51k calls of 19k such functions).
        if target in plain_async and rooted.get(target, True):
            path = resolved.path
            test = tests.get(path)
            if test is None:
                test = tests[path] = is_test_file(path)
            if test:
                continue
            call = resolved.call
            at_start = call.scope == MODULE_SCOPE or fresh.runs(path, call)
            rooted[target] = rooted.get(target, True) and at_start
    for ref in resolution.references:
        if ref.target in plain_async and not is_test_file(ref.path):
            at_start = fresh.hands(ref.path, ref)
            rooted[ref.target] = rooted.get(ref.target, True) and at_start
    return sorted(node for node, only_at_start in rooted.items() if only_at_start)


def _cli_commands(resolution: Resolution, definitions: Mapping[str, Definition]) -> set[str]:
    """The async functions a CLI library's decorator registers as commands, which it runs on
    a fresh loop: `@app.command(name="create")` of a `cyclopts.App`, `@click.command()` of
    asyncclick, or `@grp.command()` of a group the file makes so. Any other decorator must
    declare the command's parameters (`@click.option(...)`) or be a bare name
    (`@handle_errors`), taken for a wrapper that awaits the command; one that may do anything
    else, such as registering it elsewhere (`@router.get("/")`), is not."""
    # A command has a decorator naming a library's registrar, or one of its group has: most
    # projects have none, and then need no look at every call and definition (gen-10000:
    # 40 ms CPU).
    if not any(registers_a_command(n) for named in resolution.decorators.values() for n in named):
        return set()
    called: dict[tuple[str, str], set[str]] = {}  # (path, qualname) -> decorator calls
    for path, facts in resolution.facts.items():
        for call in facts.calls:
            if call.decorates:
                called.setdefault((path, call.decorates), set()).add(call.callee)
    commands: set[str] = set()
    for node, definition in definitions.items():
        path = node.split("::", 1)[0]
        if not definition.is_async or not definition.decorators or is_test_file(path):
            continue
        named = resolution.decorators.get(node, ())
        calls = called.get((path, definition.qualname), set())
        registered = False
        for index, written in enumerate(definition.decorators):
            name = named[index] if index < len(named) else ""
            if registers_a_command(name) or _group_command(resolution, path, written):
                registered = True
            elif _declares_parameters(name):
                continue
            elif "." in written or written in calls:
                break
        else:
            if registered:
                commands.add(node)
    return commands


def _group_command(resolution: Resolution, path: str, written: str) -> bool:
    """Whether decorator `written` is `grp.command` of a group the same file makes with a
    CLI library's decorator (`@click.group() async def grp()`), which the resolver names by
    the first-party function rather than the library's group."""
    group, _, method = written.rpartition(".")
    if method not in _COMMAND_REGISTRARS["asyncclick"] or not group.isidentifier():
        return False
    return any(registers_a_command(d) for d in resolution.decorators.get(f"{path}::{group}", ()))


def _awaited_by_start_up(
    serving: _ServingPoints,
    gathered: Mapping[str, list[Call]],
    sites: Mapping[str, list[tuple[str, Call]]],
    waiting: Mapping[str, list[str]],
    prologues: dict[str, Span | None],
    growing: list[str],
) -> None:
    """Adds to `prologues` the async functions that only start-up before serving awaits (from
    the functions in `growing`): wholly, or up to their own serving call."""
    serves_at = {node: serving.point(node) for node in growing}

    def before_serving(caller: str, call: Call) -> bool:
        if caller not in serves_at:
            return False
        point = serves_at[caller]
        if point is None or call is point:
            return True
        # `gather(refresh(), server.serve())` runs `refresh` on while the server serves.
        return _position(call) < _position(point) and not any(
            call_within(call, g) and call_within(point, g) for g in gathered.get(caller, ())
        )

    pending = list(growing)
    while pending:
        for target in sorted(set(waiting.get(pending.pop(), ()))):
            if target in prologues or not all(before_serving(c, k) for c, k in sites[target]):
                continue
            point = serves_at[target] = serving.point(target)
            prologues[target] = None if point is None else _start(point.span)
            pending.append(target)


def _awaited_first(
    definitions: Mapping[str, Definition],
    serving: _ServingPoints,
    gathered: Mapping[str, list[Call]],
    sites: Mapping[str, list[tuple[str, Call]]],
    waiting: Mapping[str, list[str]],
    prologues: dict[str, Span | None],
) -> None:
    """Adds to `prologues`, to a fixed point, the async functions that start-up awaits, by
    itself, only before it first suspends (a CLI command's `queue = await _queue_id(name)`
    first thing): such a function runs, up to where it suspends itself (or starts serving),
    before anything else has the loop. One gathered there is not alone: it runs its start
    while those gathered before it wait on what they awaited (`gather(*(fetch(u) for u in
    urls))`)."""

    def alone_at_start(caller: str, call: Call) -> bool:
        return (
            caller in prologues
            and before(call, prologues[caller])
            and not any(call_within(call, g) for g in gathered.get(caller, ()))
        )

    pending = list(prologues)
    while pending:
        for target in sorted(set(waiting.get(pending.pop(), ()))):
            if target in prologues or not all(alone_at_start(c, k) for c, k in sites[target]):
                continue
            point = serving.point(target)
            prologues[target] = (
                definitions[target].suspends if point is None else _start(point.span)
            )
            pending.append(target)


def _candidates(
    resolution: Resolution,
    definitions: Mapping[str, Definition],
    fresh: _FreshRuns,
    gathered: Mapping[str, list[Call]],
    prologues: Mapping[str, Span | None],
    unseen: Collection[str],
) -> tuple[dict[str, list[tuple[str, Call]]], dict[str, list[str]]]:
    """The async functions that may join start-up, with the (caller, call) of each of their
    calls; and, by caller, the candidates it calls. Calls from tests, and those a loop runner
    runs on a fresh loop of its own, serve no request: they are passed over. A decorator may
    register the function (`@app.get("/")`, `@sio.event`): only a plain one, a bare name
    written without arguments (traitlets' `@catch_config_error`), is taken for a wrapper.
    Those in `unseen`, which a call not resolved to them may reach, are not candidates."""
    sites: dict[str, list[tuple[str, Call]]] = {}  # function -> (caller, call) of each call
    awaited_only: dict[str, bool] = {}
    for resolved in resolution.calls:
        if (
            resolved.kind != "function"
            or is_test_file(resolved.path)
            or fresh.runs(resolved.path, resolved.call)
        ):
            continue
        call, target = resolved.call, resolved.target
        caller = f"{resolved.path}::{call.scope}"
        sites.setdefault(target, []).append((caller, call))
        awaited = call.awaited or any(call_within(call, g) for g in gathered.get(caller, ()))
        awaited_only[target] = awaited_only.get(target, True) and awaited
    registered = {  # written under a decorator call: `@get("/users")`, `@sio.on("connect")`
        f"{path}::{call.decorates}"
        for path, facts in resolution.facts.items()
        for call in facts.calls
        if call.decorates
    }
    handed = registered | {
        ref.target
        for ref in resolution.references
        if not is_test_file(ref.path) and not fresh.hands(ref.path, ref)
    }
    waiting: dict[str, list[str]] = {}  # caller -> the candidates it calls
    for target, at in sites.items():
        definition = definitions.get(target)
        if (
            target in prologues
            or target in handed
            or target in unseen
            or not awaited_only[target]
            or definition is None
            or not definition.is_async
            or any("." in d for d in definition.decorators)
        ):
            continue
        for caller, _ in at:
            waiting.setdefault(caller, []).append(target)
    return sites, waiting


def _called_unseen(resolution: Resolution, definitions: Mapping[str, Definition]) -> set[str]:
    """Async methods a call may reach that no call resolved to them shows:
    - a call the resolver could not follow naming the method, when no other method of the
      project has its name (JupyterHub's API handler awaiting `self.app._add_tokens(...)`,
      `app` of a type not known, reaches the `_add_tokens` start-up also awaits; `.start()`
      says nothing of which `start`);
    - a call of the method it overrides (a handler awaiting `hub.refresh_users()` on a
      `hub: BaseHub` reaches `Hub.refresh_users`; `super().refresh_users()` only the base's)."""
    named: dict[str, int] = {}
    for definition in definitions.values():
        if definition.kind == "method":
            name = definition.qualname.rsplit(".", 1)[-1]
            named[name] = named.get(name, 0) + 1
    tests = {path for path in resolution.facts if is_test_file(path)}
    unresolved: set[str] = set()  # names of attribute calls not followed
    called: set[str] = set()  # first-party functions called or handed over
    for resolved in resolution.calls:
        kind = resolved.kind
        if kind == "unresolved":
            callee = resolved.call.callee
            if "." in callee and resolved.path not in tests:
                unresolved.add(callee.rsplit(".", 1)[-1])
        elif (
            kind == "function"
            and resolved.path not in tests
            and not resolved.call.callee.startswith("super()")
        ):
            called.add(resolved.target)
    called.update(r.target for r in resolution.references if r.path not in tests)
    unseen: set[str] = set()
    for node, definition in definitions.items():
        if definition.kind != "method" or not definition.is_async:
            continue
        cls, _, name = node.rpartition(".")
        if (name in unresolved and named[name] == 1) or _overrides_one_of(
            cls, name, called, resolution.class_bases
        ):
            unseen.add(node)
    return unseen


def _overrides_one_of(
    cls: str, name: str, called: Collection[str], bases: Mapping[str, tuple[str, ...]]
) -> bool:
    """Whether a first-party ancestor of class `cls` has a method `name` in `called`."""
    return any(f"{base}.{name}" in called for base in ancestors(bases, cls))


def before(call: Call, suspends: Span | None) -> bool:
    """Whether `call` starts before the point `suspends` (anywhere, when that is None)."""
    return suspends is None or _position(call) < (suspends.line, suspends.column)


def _position(call: Call) -> tuple[int, int]:
    return call.span.line, call.span.column


def _start(span: Span) -> Span:
    return Span(span.line, span.column, span.line, span.column)
