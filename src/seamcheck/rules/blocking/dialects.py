"""The catalog's advice, written for asyncio, in the API of the library or framework the
async path runs under: trio's and anyio's own calls (under trio, `asyncio.sleep` and
`asyncio.to_thread` fail for want of an asyncio loop, and anyio code means to run under
either), Django's `sync_to_async`, and Tornado's IOLoop for its sync entries
(`tornado.tornado_advice`)."""

from __future__ import annotations

import re

# A sync Tornado handler method, once made `async def`, and a `@gen.coroutine`: both run on
# Tornado's IOLoop, whose own hand-off to a thread is `run_in_executor`; a coroutine sleeps
# with `gen.sleep` (what it waits on is yielded: `tornado.tornado_advice`).
TORNADO_HANDLER = "tornado handler"
TORNADO_COROUTINE = "tornado coroutine"
_TORNADO_TO_THREAD = "IOLoop.current().run_in_executor(None, "

# asyncio calls the catalog's advice names -> {library: its own}. Advice naming other asyncio
# APIs (redis.asyncio), or one a library has no call of its own for, is left as written.
_LIBRARY_APIS = {
    "asyncio.to_thread(": {
        "trio": "trio.to_thread.run_sync(",
        "anyio": "anyio.to_thread.run_sync(",
        TORNADO_HANDLER: _TORNADO_TO_THREAD,
        TORNADO_COROUTINE: _TORNADO_TO_THREAD,
    },
    "asyncio.sleep(": {
        "trio": "trio.sleep(",
        "anyio": "anyio.sleep(",
        TORNADO_COROUTINE: "gen.sleep(",
    },
    "asyncio.create_subprocess_exec(": {"trio": "trio.run_process(", "anyio": "anyio.run_process("},
    "asyncio.open_connection(": {"trio": "trio.open_tcp_stream(", "anyio": "anyio.connect_tcp("},
}

# Django runs sync code from async code through asgiref's `sync_to_async`: its ORM keeps a
# database connection per thread, which a bare `asyncio.to_thread` would open and never close.
_TO_THREAD = re.compile(r"asyncio\.to_thread\(([^,()]+), \.\.\.\)")


def in_library(advice: str, library: str) -> str:
    """The advice in `library`'s own API ("" for asyncio's: as written)."""
    if library == "django":
        return _TO_THREAD.sub(r"sync_to_async(\1)(...)", advice)
    if not library:
        return advice
    for asyncio_call, own in _LIBRARY_APIS.items():
        replacement = own.get(library)
        if replacement is not None:
            advice = advice.replace(asyncio_call, replacement)
    return advice
