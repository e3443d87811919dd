"""Which functions run on an event loop: the async paths of SC201/SC202.

Python: the body of every `async def` (nested sync `def`s and lambdas only where they are
called), and callbacks handed to the event loop (`loop.call_soon(f)`, `call_later`,
`add_signal_handler`, ...). FastAPI/Starlette sync endpoints run in a thread pool and are not
async paths; nor is start-up and shutdown code (`start_up_functions`), which runs before the
app serves (NestJS's lifecycle hooks too).

Tornado runs every handler method on its IOLoop thread: the sync methods Tornado calls on a
`RequestHandler`/`WebSocketHandler` subclass (`def get(self)`, `prepare`, `on_message`, ...,
through first-party bases and the Jupyter servers' and JupyterHub's), `@gen.coroutine`
functions (`tornado.py`), and callbacks handed to its IOLoop (`add_callback(f)`,
`spawn_callback`, `add_timeout` on a name that says "loop" or holds `IOLoop.current()`,
`PeriodicCallback(f, ms)`, in files importing Tornado) are async paths; `@run_on_executor`
methods run in the handler's executor (the catalog's `[offload]` list).

JS/TS: async functions, arrows and methods (not a Fastify plugin's body, run while the
server boots, nor NestJS's lifecycle hooks), and everything Node runs on the event loop after
start-up: request handlers and middleware (express/koa/fastify `.get/.post/.use/...`, hooks),
event and socket handlers (`.on(...)`), promise callbacks, timers, `createServer` callbacks and
NestJS controller methods, wherever the function is defined (handlers registered in another
file are resolved by the resolve stage). Module top level is start-up, not an async path.

An async function run as an entry point (`bootstrap()`, `main().catch(...)`,
`asyncio.run(main())`, `IOLoop().run_sync(launch)`) is start-up until it starts serving, or
else until it first suspends; so is what it awaits before it serves (`startup.py`).

Test code (`tests/`, `test_*.py`, `*.test.ts`, `__tests__/`, ...) runs on a loop that serves no
one, and a worker-thread file (one that takes `parentPort`/`workerData`) runs off the main
loop: neither is an async path.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from seamcheck.facts import MODULE_SCOPE, Call, FileFacts, call_within
from seamcheck.project import is_test_file
from seamcheck.records import dataclass
from seamcheck.resolve.model import Resolution, ResolvedReference
from seamcheck.rules.blocking.offload import qualify
from seamcheck.rules.blocking.tornado import LoopHolders
from seamcheck.seams.autoload import is_module_folder, loaded_files, read_dir
from seamcheck.seams.frameworks import PLUGIN_WRAPPERS

# Method names that register a route handler or middleware; the route is the first argument.
_ROUTE_METHODS = frozenset(
    {"get", "post", "put", "delete", "patch", "head", "options", "all", "del", "param"}
)
# Methods that register middleware, hooks or handlers, whatever their first argument.
_HANDLER_METHODS = frozenset(
    {"use", "addHook", "route", "handle", "register_handler", "middleware", "hook"}
)
# Event emitters, sockets and DOM-style targets: handlers of named events.
_EVENT_METHODS = frozenset(
    {"on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"}
)
_PROMISE_METHODS = frozenset({"then", "catch", "finally"})
_JS_SCHEDULERS = frozenset(
    {"setTimeout", "setInterval", "setImmediate", "queueMicrotask", "process.nextTick",
     "createServer", "createSecureServer"}
)  # fmt: skip
# Event loop methods that run a callback on the loop -> the callback's argument. Not
# `add_done_callback`: a concurrent.futures future calls it in the worker thread.
_PY_LOOP_CALLBACKS = {
    "call_soon": 0, "call_soon_threadsafe": 0, "call_later": 1, "call_at": 1, "add_reader": 1,
    "add_writer": 1, "add_signal_handler": 1,
}  # fmt: skip
# Tornado's IOLoop's own (`IOLoop.current().add_callback(f)`, `self.io_loop.spawn_callback`),
# in files that import Tornado, on an owner that names a loop or holds one
# (`tornado.LoopHolders`: `io = IOLoop.current(); io.add_callback(f)`): the method names are common
# enough elsewhere (`registry.add_callback(f)` keeps `f` for later, on no loop).
# `PeriodicCallback(f, ms)` calls `f` on the loop too.
_TORNADO_LOOP_CALLBACKS = {"add_callback": 0, "spawn_callback": 0, "add_timeout": 1}
_PERIODIC = "PeriodicCallback"
_NEST_HANDLER_DECORATORS = frozenset(
    {"Get", "Post", "Put", "Delete", "Patch", "All", "Head", "Options", "MessagePattern",
     "EventPattern", "SubscribeMessage", "OnEvent", "Cron", "Interval", "Timeout"}
)  # fmt: skip


_LIFECYCLE = frozenset({"startup", "shutdown"})
# The packages of @fastify/autoload, whose plugins' bodies run while Fastify boots.
_AUTOLOAD_PACKAGES = frozenset({"@fastify/autoload", "fastify-autoload"})
# Fastify's application hooks that run while it boots or closes, not while it serves.
_FASTIFY_BOOT_HOOKS = frozenset({"onReady", "onClose", "preClose", "onRoute", "onRegister"})
# NestJS's lifecycle hooks: start-up (awaited by `app.init()`, before `listen`) and shutdown.
_NEST_LIFECYCLE = frozenset(
    {"onModuleInit", "onApplicationBootstrap", "onModuleDestroy", "beforeApplicationShutdown",
     "onApplicationShutdown"}
)  # fmt: skip
_AIOHTTP_SIGNALS = (".on_startup.append", ".on_shutdown.append", ".on_cleanup.append",
                    ".cleanup_ctx.append")  # fmt: skip
_QUART_SERVING = frozenset({"before_serving", "after_serving", "while_serving"})
# Decorators that make the function a lifespan, wherever it is handed to the app after
# (svcs's FastAPI and Starlette integrations: `@svcs.fastapi.lifespan`).
_LIFESPAN_DECORATORS = frozenset({"svcs.fastapi.lifespan", "svcs.starlette.lifespan"})
# Sanic's listeners that run before its server accepts connections or after it has closed
# them, or in its main or reloader process, which serve nothing (not `after_server_start`
# nor `before_server_stop`: requests may be in flight). By decorator (`@app.main_process_stop`)
# or by event name (`@app.listener("before_server_start")`, `app.register_listener(f, ...)`).
_SANIC_LISTENERS = frozenset(
    {"before_server_start", "after_server_stop", "main_process_start", "main_process_ready",
     "main_process_stop", "reload_process_start", "reload_process_stop",
     "before_reload_trigger", "after_reload_trigger"}
)  # fmt: skip
_SANIC_EVENTS = _SANIC_LISTENERS | {"server.init.before", "server.shutdown.after"}
_SANIC_REGISTRARS = frozenset({"listener", "register_listener"})
# Keyword lists of handlers run at start-up and shutdown (Starlette, FastAPI, Litestar).
_START_STOP_LISTS = frozenset({"on_startup", "on_shutdown"})
_AWAITING_ALL = frozenset({"asyncio.gather", "asyncio.wait_for", "asyncio.shield"})
_WORKER_NAMES = frozenset({"parentPort", "workerData"})


@dataclass(frozen=True, slots=True)
class AsyncEntry:
    """A function that runs on the event loop, and how the message names it."""

    node: str  # function node id
    label: str  # "async function `reload_model`", "handler of router.post('/receipts')"
    key: str  # what the fingerprint uses: no line numbers
    # A sync function Tornado runs on its IOLoop: `tornado.HANDLER` or `tornado.COROUTINE`.
    tornado: str = ""


def registration(call: Call, index: int) -> str | None:
    """How JS/TS `call` hands its argument `index` to the event loop, or None."""
    last = call.callee.rsplit(".", 1)[-1]
    first_is_str = bool(call.args) and call.args[0].kind == "str"
    if last in _ROUTE_METHODS and "." in call.callee and index >= 1 and first_is_str:
        return f"{call.callee}('{call.args[0].value}')"
    if last in _ROUTE_METHODS and ".route()." in call.callee:
        return f"{call.callee}()"  # express `router.route('/x').get(handler)`
    if last in _EVENT_METHODS and "." in call.callee and index >= 1 and first_is_str:
        if call.callee.startswith("process.") and call.args[0].value == "exit":
            return None  # `exit` listeners must be synchronous: the loop is already gone
        return f"{call.callee}('{call.args[0].value}')"
    if last in _HANDLER_METHODS and "." in call.callee:
        route = f"'{call.args[0].value}'" if first_is_str else ""
        return f"{call.callee}({route})"
    if last in _PROMISE_METHODS and "." in call.callee:
        return f".{last}()"
    if call.callee in _JS_SCHEDULERS or last in _JS_SCHEDULERS:
        return f"{call.callee}()"
    return None


def async_entries(
    resolution: Resolution,
    function_nodes: Iterable[tuple[str, str, str, bool, tuple[str, ...]]],
    stable: Mapping[str, str],
    fastify_files: frozenset[str] = frozenset(),
) -> dict[str, AsyncEntry]:
    """Every async path by function node id. `function_nodes`: (node, path, qualname,
    is_async, decorators) of every definition; `stable`: their names without positions;
    `fastify_files`: the files of services that run Fastify."""
    workers = worker_files(resolution)
    registered = _registrations(resolution.references, resolution, workers)
    controllers = _nest_controllers(resolution)
    skipped: dict[str, bool] = {}  # per path: a file's definitions share the answer
    entries: dict[str, AsyncEntry] = {}
    nodes = list(function_nodes)
    startup = start_up_functions(resolution, nodes, fastify_files)
    for node, path, qualname, is_async, decorators in nodes:
        how = registered.get(node)
        # Most functions are sync, handed to no loop and undecorated: no entry, nothing more
        # to ask of them (gen-10000: 65k of 88k).
        if how is None and not is_async and not (controllers and decorators):
            continue
        skip = skipped.get(path)
        if skip is None:
            skip = skipped[path] = is_test_file(path) or path in workers
        if skip or node in startup:
            continue
        anonymous = "@" in qualname
        if how is not None:
            kind = "async handler" if is_async else "handler"
            label = f"{kind} of {how}" if anonymous else f"{kind} `{qualname}` of {how}"
            entries[node] = AsyncEntry(node, label, stable[node])
        elif is_async:
            name = f"`{qualname}`" if not anonymous else f"at {path.rsplit('/', 1)[-1]}"
            entries[node] = AsyncEntry(node, f"async function {name}", stable[node])
        # Asked only of a decorated function in a project with Nest controllers: most are not.
        elif (
            controllers and decorators and _is_nest_handler(path, qualname, decorators, controllers)
        ):
            label = f"controller method `{qualname}`"
            entries[node] = AsyncEntry(node, label, stable[node])
    return entries


def start_up_functions(
    resolution: Resolution,
    function_nodes: Collection[tuple[str, str, str, bool, tuple[str, ...]]],
    fastify_files: frozenset[str] = frozenset(),
) -> set[str]:
    """Functions that run while the app starts or stops, before or after it serves: in
    Python a lifespan (`FastAPI(lifespan=f)`, `app.router.lifespan_context = f`), start-up
    and shutdown handlers (`@app.on_event("startup")`, `add_event_handler`,
    `on_startup=[f]`/`on_shutdown=[f]` of Starlette, FastAPI and Litestar, aiohttp's
    `on_startup`/`on_cleanup`/`cleanup_ctx`,
    Quart's `before_serving`, Sanic's listeners that run before it serves or after, or in
    its main process: `@app.before_server_start`, `@app.listener("main_process_stop")`);
    NestJS's lifecycle hooks (`onModuleInit`,
    `onApplicationBootstrap`, the shutdown ones); the body of a Fastify plugin (registered,
    or wrapped with fastify-plugin: Fastify loads plugins before it listens, and refuses
    one registered later; or loaded by @fastify/autoload from its `dir`) and its
    `onReady`/`onClose` hooks; and the async functions only
    they await.
    Loading a model there is what FastAPI's documentation does: no request waits on that
    loop yet. A task
    they start (`create_task(refresh())`) runs while the app serves and stays an async path.
    """
    found: set[str] = set()
    listed: set[str] = set()  # in an `on_startup=[...]` list
    handed_elsewhere: set[str] = set()  # handed to any other call: a route handler, say
    wrappers = _plugin_wrapper_calls(resolution, fastify_files)
    found |= autoloaded_plugins(resolution, fastify_files)
    for ref in resolution.references:
        call = ref.call
        if ref.path in fastify_files and _fastify_boot(ref, wrappers):
            found.add(ref.target)
            continue
        if resolution.facts[ref.path].language != "python" or ref.index >= len(call.args):
            continue
        method = call.callee.rsplit(".", 1)[-1]
        keyword = call.args[ref.index].keyword
        if ref.item >= 0 and keyword in _START_STOP_LISTS:
            listed.add(ref.target)
        elif ref.item < 0 and (
            keyword == "lifespan"
            or call.callee.endswith(_AIOHTTP_SIGNALS)
            or (method == "add_event_handler" and _names_start_or_stop(call))
            or (method in _SANIC_REGISTRARS and ref.index == 0 and _names_sanic_event(call, 1))
        ):
            found.add(ref.target)
        else:
            handed_elsewhere.add(ref.target)
    # A route's handler that the start-up list also runs (to warm it up) still serves.
    found |= listed - handed_elsewhere
    decorated: set[str] = set()  # a route or handler registered by decorator: an entry itself
    nest_files = _nest_files(resolution)
    for node, path, qualname, _, decorators in function_nodes:
        if decorators:
            decorated.add(node)
            if path.endswith((".py", ".pyi")) and any(
                d.rsplit(".", 1)[-1] in _QUART_SERVING or _is_sanic_listener(d) for d in decorators
            ):
                found.add(node)
            if _lifespan_decorated(resolution, path, decorators):
                found.add(node)
        if path in nest_files and _is_nest_lifecycle_hook(qualname):
            found.add(node)
    for path, facts in resolution.facts.items():
        for call in facts.calls:
            if not call.decorates:
                continue
            if (call.callee.endswith(".on_event") and _names_start_or_stop(call)) or (
                call.callee.endswith(".listener") and _names_sanic_event(call, 0)
            ):
                found.add(f"{path}::{call.decorates}")
    found |= _assigned_lifespans(resolution)
    if not found:
        return found
    is_async = {node: asynchronous for node, _, _, asynchronous, _ in function_nodes}
    # What start-up code awaits runs before the app serves too, unless something else calls it
    # or it is an entry of its own (a route the lifespan warms up by calling it).

    gathered = awaited_gathers(resolution)
    callers: dict[str, set[str]] = {}
    awaited_only: dict[str, bool] = {}
    for resolved in resolution.calls:
        target = resolved.target
        if resolved.kind != "function" or not is_async.get(target) or target in decorated:
            continue
        call = resolved.call
        caller = f"{resolved.path}::{call.scope}"
        callers.setdefault(target, set()).add(caller)
        gathers = gathered.get(caller)
        awaited = call.awaited or (
            gathers is not None and any(call_within(call, g) for g in gathers)
        )
        awaited_only[target] = awaited_only.get(target, True) and awaited
    referenced = {ref.target for ref in resolution.references}
    waiting = sorted(t for t in callers if t not in referenced and awaited_only[t])
    # A worklist: a function joins once all its callers have, rechecked when one of them joins.
    callees: dict[str, list[str]] = {}
    for target in waiting:
        for caller in callers[target]:
            callees.setdefault(caller, []).append(target)
    pending = [t for t in waiting if callers[t] <= found]
    while pending:
        target = pending.pop()
        if target in found:
            continue
        found.add(target)
        pending.extend(t for t in callees.get(target, ()) if callers[t] <= found)
    return found


def awaited_gathers(resolution: Resolution) -> dict[str, list[Call]]:
    """Caller node -> its awaited `asyncio.gather(...)`/`wait_for(...)` calls: the calls
    written in their arguments are awaited with them."""
    found: dict[str, list[Call]] = {}
    for resolved in resolution.calls:
        # The name first: `awaited` is a property, asked of every call it would cost
        # three times the whole test (gen-10000: 50 ms CPU against 19).
        if resolved.qualname in _AWAITING_ALL and resolved.call.awaited:
            call = resolved.call
            found.setdefault(f"{resolved.path}::{call.scope}", []).append(call)
    return found


def _plugin_wrapper_calls(resolution: Resolution, fastify_files: frozenset[str]) -> set[int]:
    """The fastify-plugin calls (`fp(plugin)`) of Fastify services, by id."""
    if not fastify_files:  # no Fastify service: spares a pass over every call
        return set()
    return {
        id(resolved.call)
        for resolved in resolution.calls
        if resolved.kind == "external"
        and resolved.qualname in PLUGIN_WRAPPERS
        and resolved.path in fastify_files
    }


def autoloaded_plugins(resolution: Resolution, fastify_files: frozenset[str]) -> set[str]:
    """The function each script @fastify/autoload loads (`register(AutoLoad, { dir })`, the
    `dir` read as the route finder reads it) exports by default: a plugin, whose body runs
    while Fastify boots."""
    if not fastify_files:  # no Fastify service: spares a pass over every call
        return set()
    external = {id(r.call): r.qualname for r in resolution.calls if r.kind == "external"}
    found: set[str] = set()
    for path in sorted(fastify_files):
        facts = resolution.facts.get(path)
        if facts is None or facts.language == "python":
            continue
        # The names the file binds to the plugin (the rules' resolution has no name binder).
        plugin_names = {
            name.alias or name.name
            for imported in facts.imports
            if imported.module in _AUTOLOAD_PACKAGES
            for name in imported.names
            if name.name in ("*", "default", "fastifyAutoload", "autoload")
        }
        for call in facts.calls if plugin_names else ():
            first = call.args[0] if call.args else None
            if not call.callee.endswith(".register") or first is None or first.kind != "name":
                continue
            if first.value not in plugin_names:
                continue
            folder = read_dir(
                path,
                call,
                facts.calls,
                lambda c: external.get(id(c), ""),
                lambda _, name: is_module_folder(name),
            )
            for loaded in loaded_files(folder, fastify_files) if folder is not None else ():
                plugin = _default_function(resolution.facts.get(loaded.path))
                if plugin:
                    found.add(f"{loaded.path}::{plugin}")
    return found


def _default_function(facts: FileFacts | None) -> str:
    """The qualname of the function a JS module exports by default, or ""."""
    if facts is None:
        return ""
    local = next((e.local for e in facts.exports if e.name == "default"), "")
    return local if any(d.qualname == local for d in facts.definitions) else ""


def _fastify_boot(ref: ResolvedReference, wrappers: set[int]) -> bool:
    """Whether a function handed to a call of a Fastify service runs while it boots or
    closes: a plugin (`app.register(plugin)`, `fp(plugin)`), an `onReady`/`onClose` hook."""
    call = ref.call
    method = call.callee.rsplit(".", 1)[-1]
    if ref.index == 0 and ((method == "register" and "." in call.callee) or id(call) in wrappers):
        return True
    first = call.args[0] if call.args else None
    return (
        method == "addHook"
        and ref.index == 1
        and first is not None
        and first.kind == "str"
        and first.value in _FASTIFY_BOOT_HOOKS
    )


def _nest_files(resolution: Resolution) -> set[str]:
    """JS/TS files that import NestJS."""
    return {
        path
        for path, facts in resolution.facts.items()
        if facts.language != "python"
        and any(imp.module.startswith("@nestjs/") for imp in facts.imports)
    }


def _is_nest_lifecycle_hook(qualname: str) -> bool:
    """A NestJS lifecycle hook (`ModelService.onModuleInit`): Nest awaits it while the app
    initialises, before it listens, or while it shuts down."""
    owner, _, method = qualname.rpartition(".")
    return bool(owner) and "." not in owner and method in _NEST_LIFECYCLE


def _names_start_or_stop(call: Call) -> bool:
    return bool(call.args) and call.args[0].kind == "str" and call.args[0].value in _LIFECYCLE


def _lifespan_decorated(resolution: Resolution, path: str, decorators: tuple[str, ...]) -> bool:
    """Whether a Python function is made a lifespan by its decorator (`@svcs.fastapi.lifespan`,
    or `@lifespan` after `from svcs.fastapi import lifespan`)."""
    facts = resolution.facts.get(path)
    if facts is None or facts.language != "python":
        return False
    module = resolution.python_names.get(path)
    return any(qualify(d, facts, path, module) in _LIFESPAN_DECORATORS for d in decorators)


def _assigned_lifespans(resolution: Resolution) -> set[str]:
    """The Python functions set as a Starlette router's lifespan (`app.router.lifespan_context
    = wrapper`, how code mounting its app into another wraps that one's): function nodes of
    the names assigned, looked up from the assignment's scope outwards in its file."""
    found: set[str] = set()
    for path, facts in resolution.facts.items():
        if facts.language != "python":
            continue
        assigned = [
            b for b in facts.bindings if b.kind == "name" and b.target.endswith(".lifespan_context")
        ]
        if not assigned:
            continue  # most files: no table of their definitions to build
        kinds = {d.qualname: d.kind for d in facts.definitions}
        for binding in assigned:
            function = _defined_from(binding.scope, binding.value, kinds)
            if function is not None:
                found.add(f"{path}::{function}")
    return found


def _defined_from(scope: str, name: str, kinds: Mapping[str, str]) -> str | None:
    """The qualname of the function `name` reads in `scope`: defined there or in a scope
    around it (a class body encloses no method's names)."""
    parts = [] if scope == MODULE_SCOPE else scope.split(".")
    for end in range(len(parts), -1, -1):
        if 0 < end < len(parts) and kinds.get(".".join(parts[:end])) == "class":
            continue
        qualname = ".".join((*parts[:end], name))
        if qualname in kinds:
            return qualname if kinds[qualname] != "class" else None
    return None


def _is_sanic_listener(decorator: str) -> bool:
    """`app.main_process_stop`, `bp.before_server_start`: a Sanic app's or blueprint's."""
    owner, _, name = decorator.rpartition(".")
    return bool(owner) and name in _SANIC_LISTENERS


def _names_sanic_event(call: Call, index: int) -> bool:
    """Whether argument `index` of `call` names a Sanic event run while nothing is served."""
    arg = call.args[index] if index < len(call.args) else None
    return arg is not None and arg.kind == "str" and arg.value in _SANIC_EVENTS


def worker_files(resolution: Resolution) -> set[str]:
    """JS/TS files that run as worker threads (they take `parentPort`/`workerData`): blocking
    there is what workers are for."""
    return {
        path
        for path, facts in resolution.facts.items()
        if facts.language != "python"
        and any(
            imp.module.removeprefix("node:") == "worker_threads"
            and any(n.name in _WORKER_NAMES for n in imp.names)
            for imp in facts.imports
        )
    }


def _registrations(
    references: Iterable[ResolvedReference], resolution: Resolution, workers: set[str]
) -> dict[str, str]:
    """Function node -> the first (in source order) registration that hands it to the loop."""
    found: dict[str, str] = {}
    tornado: dict[str, bool] = {}  # per Python file: whether it imports Tornado
    loops = LoopHolders(resolution)
    for ref in sorted(references, key=lambda r: (r.path, r.call.line, r.call.column)):
        if ref.path in workers or ref.item >= 0:  # a list's items are kept, not registered
            continue
        facts = resolution.facts[ref.path]
        if facts.language == "python":
            imports = tornado.get(ref.path)
            if imports is None:
                imports = tornado[ref.path] = any(
                    i.module.split(".", 1)[0] == "tornado" for i in facts.imports
                )
            how = _loop_callback(ref.call, ref.index, imports)
            if how is None and imports and _held_loop_callback(ref, loops):
                how = f"{ref.call.callee}()"
        else:
            how = registration(ref.call, ref.index)
        if how is not None:
            found.setdefault(ref.target, how)
    return found


def _loop_callback(call: Call, index: int, tornado: bool) -> str | None:
    """How Python `call` hands its argument `index` to run on the event loop, or None;
    `tornado`: whether the file imports Tornado."""
    owner, _, method = call.callee.rpartition(".")
    if owner and _PY_LOOP_CALLBACKS.get(method) == index:
        return f"{call.callee}()"
    if tornado and "loop" in owner.lower() and _TORNADO_LOOP_CALLBACKS.get(method) == index:
        return f"{call.callee}()"
    if tornado and method == _PERIODIC and index == 0:
        return f"{call.callee}()"
    return None


def _held_loop_callback(ref: ResolvedReference, loops: LoopHolders) -> bool:
    """Whether `ref` hands its function to Tornado's IOLoop's own callback method through a
    name holding the loop that does not say so (`io = IOLoop.current(); io.add_callback(f)`)."""
    owner, _, method = ref.call.callee.rpartition(".")
    if not owner or _TORNADO_LOOP_CALLBACKS.get(method) != ref.index:
        return False
    return loops.holds_loop(ref.path, ref.call.scope, owner, ref.call.line)


def _nest_controllers(resolution: Resolution) -> set[tuple[str, str]]:
    return {
        (path, d.qualname)
        for path, facts in resolution.facts.items()
        if facts.language != "python"
        for d in facts.definitions
        if d.kind == "class" and any(n.rsplit(".", 1)[-1] == "Controller" for n in d.decorators)
    }


def _is_nest_handler(
    path: str, qualname: str, decorators: tuple[str, ...], controllers: set[tuple[str, str]]
) -> bool:
    owner = qualname.rpartition(".")[0]
    return (path, owner) in controllers and any(
        n.rsplit(".", 1)[-1] in _NEST_HANDLER_DECORATORS for n in decorators
    )
