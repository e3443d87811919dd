"""Background work: recursion, cycles, threads, and calls into async code."""

import threading
import time

from .clients import RegistryClient
from .storage import describe


def poll(n: int) -> None:
    if n <= 0:
        return
    time.sleep(1)
    poll(n - 1)


def ping() -> None:
    pong()


def pong() -> None:
    time.sleep(0.1)
    ping()


async def refresh() -> str:
    poll(3)  # expect: SC202
    ping()  # expect: SC202
    threading.Thread(target=poll, args=(3,)).start()
    return describe("x")


async def latest_via_async() -> str:
    client = RegistryClient("http://registry")
    # Awaiting an async method: its own body is checked where it is defined.
    return await client.alatest()


def start_polling() -> None:
    # Sync code run by a thread: not an async path.
    poll(100)
