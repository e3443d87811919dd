"""SC201 — blocking call directly in async code.

## What it does
Reports a blocking call (network, file, process, sleep, sync database or crypto API; see the
catalog `policies/sinks/blocking.toml`) made directly on an async path: in the body of a
Python `async def` or of a callback the loop runs (`loop.call_soon(f)`), of a sync method
Tornado calls on a request or websocket handler (`def get(self)` of a `RequestHandler`
subclass, also through the Jupyter servers' and JupyterHub's handler bases), of a
`@gen.coroutine` or of a callback handed to Tornado's IOLoop (`add_callback`,
`PeriodicCallback`), or in JS/TS in an async function or in a function Node runs on the
event loop (request handlers and middleware, event handlers, promise callbacks, timers).
Names are resolved through aliases, imports and simple object tracking (`s =
requests.Session()`, a path derived from a path in any number of steps such as
`Path(__file__).parent.joinpath("x")` or `Path.home()`, the client a Python getter returns
from where it keeps it: `return self._client`, the value a property's getter returns when it
is read, `self.files_dir.mkdir()` with `return FILES_DIRECTORY / self.id`, an instance a
factory function of the project makes, `config = load_config()` returning `Config(...)`,
a boto3 client annotated with its boto3-stubs type, `client: DynamoDBClient`, a parameter
annotated with a library class, also inside `Annotated[Optional[Path], ...]`, a module's
lazy singleton, `_client = None` set to `boto3.client("s3")` by a getter that declares it
`global`, or a class attribute so set, `cls._instance = ...`: what every assignment in the
module that is not None agrees on), and a method a Python class inherits from a library
class as the library's (`self.get(url)` in `class Api(requests.Session)`). Awaited
calls, functions handed to `asyncio.to_thread` / `run_in_executor` / `run_in_threadpool`, Tornado's
`@run_on_executor` methods, module top level and Python start-up and shutdown code (a
FastAPI or Starlette lifespan, also one svcs's `@svcs.fastapi.lifespan` makes or one set as
`app.router.lifespan_context`, `@app.on_event("startup")`, `on_startup=[...]` lists, aiohttp
`on_startup`, Sanic's `before_server_start` and main-process listeners, and the async
functions only they await: the app serves no request yet), and start-up run by an entry
point are not flagged: an async function that only module top level calls (`bootstrap()`) or
that a loop runner runs from sync code (`asyncio.run(main())`,
`loop.run_until_complete(...)`, Tornado's `IOLoop().run_sync(f)`, trio's/anyio's `run`, or
the project's own runner: a sync function running what its first parameter gives on a fresh
loop, as Datasette's `run_sync(lambda: inspect_(files))`; or a CLI library running an async
command so: cyclopts's `@app.command`, `@app.default`, `app.command(f)`, `cyclopts.run(f)`,
asyncclick's `@click.command()`, `@click.group()` and a group's `@grp.command()`, under
which only bare-name wrappers such as `@handle_errors` and asyncclick's own `@click.option`,
`@click.argument` and `@click.pass_context` may stand), up
to where it starts serving (Tornado's `HTTPServer().listen`, aiohttp's `TCPSite().start()`,
`uvicorn.Server().serve()`, `asyncio.start_server`, ...), with the async functions only it
awaits before that (JupyterHub's `initialize` and its `init_*`, awaited before `start`
listens; a task it starts, or a method a handler may await on an object of a type not known,
stays an async path), or, when it never serves, until its first `await` (or the loop holding
one; the expression an `async with` or `async for` evaluates first, `get_client()` in `async
with get_client() as client:`, runs before it), with what that first await runs up to where
it suspends itself (`queue = await queue_id(name)` first thing in a command, not what it
gathers: each of those runs its start while the others wait): a batch
script's gathered requests share the loop after that; nor is a call on a
socket the same function made non-blocking before (`sock.setblocking(False)`) and has not
bound to another socket since, which cannot wait. A blocking call made on the result of
another (`open(p).read()`) is one finding, about the whole expression. A folder scan
that only makes an iterator (`Path.glob`, `rglob`, `os.walk`, `glob.iglob`: the catalog's
`[lazy]`) blocks where it is iterated, taken to be where it is made, but for one handed to
a function a worker thread runs: `await asyncio.to_thread(list, root.glob(p))` blocks
nothing (nor does a helper returning the scan as it is, `def _glob(): return
root.glob(p)`, called as `asyncio.to_thread(list, _glob())`: see SC202).

## Why is this bad?
An event loop runs one thing at a time. While a blocking call waits, every other request,
timer and socket that loop serves waits too: one slow disk or HTTP call stalls the service.

## Example
```python
@router.post("/models/reload")
async def reload_model():
    time.sleep(1)
    return requests.get(REGISTRY_URL).json()
```

## Use instead
```python
@router.post("/models/reload")
async def reload_model():
    await asyncio.sleep(1)
    response = await asyncio.to_thread(requests.get, REGISTRY_URL)
    return response.json()
```
`seamcheck fix` makes these two rewrites in Python where they are mechanically safe. A
folder scan that only makes an iterator is iterated in the thread instead
(`await asyncio.to_thread(list, os.walk(top))`: `to_thread(os.walk, top)` would hand back
the iterator, to be read on the loop), which `fix` leaves to you. A sync
Tornado handler method cannot await: the advice is to make it an `async def` and await
`IOLoop.current().run_in_executor(None, f, ...)` (in a `@gen.coroutine`, to `yield` it), and
`fix` leaves those calls alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamcheck.findings import Finding, span_finding
from seamcheck.rules import Rule
from seamcheck.rules.blocking.common import called, entry_related
from seamcheck.rules.context import RuleContext


def check(context: RuleContext) -> Iterator[Finding]:
    from seamcheck.rules.blocking.analysis import blocking_report  # loaded when it runs
    from seamcheck.rules.blocking.tornado import tornado_advice

    report = blocking_report(context)
    for hit in report.direct:
        sink = hit.sink
        entry = report.definitions.get(hit.entry.node)
        if hit.entry.tornado:
            method = hit.entry.node.rsplit(".", 1)[-1]
            advice = tornado_advice(sink.suggestion, hit.entry.tornado, method)
        elif sink.path.endswith((".py", ".pyi")) and entry is not None and not entry.is_async:
            # `loop.call_soon(f)`: `f` runs on the loop but cannot await anything.
            shown = sink.call.shown.replace("()", "(...)")
            advice = (
                f"loop.run_in_executor(None, {shown}, ...): a callback the loop runs cannot await"
            )
        else:
            advice = sink.suggestion
        yield span_finding(
            "SC201",
            "error",
            f"blocking call {called(sink)} in {hit.entry.label} stalls the event loop; "
            f"use {advice}",
            sink.path,
            sink.call.span,
            context.service_of(sink.path),
            (hit.entry.key, sink.key),
            related=(entry_related(hit.entry, report),),
        )


RULE = Rule(
    code="SC201",
    name="blocking-call-in-async",
    severity="error",
    summary="Blocking call directly in async code",
    doc=__doc__ or "",
    check=check,
)
