"""FastAPI dependencies and start-up hooks."""
import asyncio
import json
from pathlib import Path

from fastapi import Depends, FastAPI

app = FastAPI()


def load_settings() -> dict:
    # A sync dependency: FastAPI runs it in the thread pool.
    return json.loads(Path("settings.json").read_text())


def make_reader(path: str):
    def read() -> str:
        return Path(path).read_text()

    return read


@app.get("/settings")
async def settings(values: dict = Depends(load_settings)) -> dict:
    reader = make_reader("notes.txt")
    text = await asyncio.to_thread(reader)
    return {**values, "notes": text}


@app.on_event("startup")
async def warm() -> None:
    # Start-up: no request is served until it returns, so blocking here delays none.
    Path("cache").mkdir(exist_ok=True)
