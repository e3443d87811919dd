"""Endpoints: direct blocking calls, aliases, object tracking, and the safe forms."""

import asyncio
import sqlite3
import subprocess
import time
from pathlib import Path
from time import sleep as nap

import anyio
import httpx
import requests
import requests as rq
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from . import storage
from .clients import RegistryClient, fetch_json
from .storage import load_blob, save_blob

app = FastAPI()

# Start-up code: runs once at import, before the loop serves anything.
SETTINGS = open("settings.toml").read()
BOOT_MODEL = Path("model.bin").read_bytes()


@app.get("/sleep")
async def sleepy():
    time.sleep(0.5)  # expect: SC201
    nap(0.5)  # expect: SC201
    await asyncio.sleep(0.5)
    return {}


@app.get("/http")
async def http_calls(url: str):
    a = requests.get(url, timeout=5)  # expect: SC201
    b = rq.post(url, json={})  # expect: SC201
    s = requests.Session()
    c = s.get(url)  # expect: SC201
    with httpx.Client() as client:
        d = client.get(url)  # expect: SC201
    async with httpx.AsyncClient() as aclient:
        e = await aclient.get(url)
    return [a.status_code, b.status_code, c.status_code, d.status_code, e.status_code]


@app.get("/files")
async def files(name: str):
    f = open(name)  # expect: SC201
    body = f.read()  # expect: SC201
    text = Path(name).read_text()  # expect: SC201
    conn = sqlite3.connect("app.db")  # expect: SC201
    conn.execute("select 1")  # expect: SC201
    out = subprocess.run(["ls"], check=True)  # expect: SC201
    return body, text, out


@app.get("/offloaded")
async def offloaded(name: str):
    await asyncio.to_thread(time.sleep, 1)
    await asyncio.to_thread(load_blob, name)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, save_blob, name, b"")
    await run_in_threadpool(load_blob, name)
    await anyio.to_thread.run_sync(load_blob, name)
    await asyncio.to_thread(lambda: open(name).read())
    return {}


@app.get("/sync-endpoint")
def sync_endpoint(name: str):
    # FastAPI runs sync endpoints in a thread pool: blocking is fine here.
    time.sleep(1)
    return load_blob(name)


@app.get("/chains")
async def chains(name: str):
    # One finding per call, naming all it reaches: open() and read(); open(), write(), move().
    blob = load_blob(name)  # expect: SC202 reaching 2
    storage.save_blob(name, blob)  # expect: SC202 reaching 3
    data = fetch_json("http://registry/models")  # expect: SC202 reaching 2
    return data


@app.get("/registry")
async def registry():
    client = RegistryClient("http://registry")
    return client.latest()  # expect: SC202


@app.get("/nested")
async def nested(name: str):
    def read_it():
        with open(name) as handle:
            return handle.read()

    def never_called():
        time.sleep(10)

    reader = lambda: Path(name).read_bytes()  # noqa: E731
    first = read_it()  # expect: SC202 reaching 2
    second = reader()  # expect: SC202
    return first, second, never_called


@app.get("/sorted")
async def by_size(paths: list[str]):
    return sorted(paths, key=lambda p: Path(p).stat().st_size)  # expect: SC202


@app.get("/hard")
async def hard(url: str, method: str = "get"):
    # hard: a call through getattr is invisible to name resolution.
    getter = getattr(requests, method)
    return getter(url)  # expect: SC201
