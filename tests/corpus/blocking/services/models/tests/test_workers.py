import time

from app.workers import refresh


async def test_refresh_polls():
    time.sleep(0.01)
    assert await refresh() == '{"name": "x", "dir": "/var/blobs"}'
