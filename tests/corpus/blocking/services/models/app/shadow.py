"""Names that look like sinks but are not."""

import asyncio


def open(path: str) -> str:
    return path.upper()


class time:
    @staticmethod
    def sleep(seconds: float) -> float:
        return seconds


async def looks_blocking(cache: dict) -> str:
    value = open("x")
    time.sleep(1)
    cache.get("key")
    await asyncio.sleep(0)
    return value
