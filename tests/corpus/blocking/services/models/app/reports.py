"""Reports from a service FastAPI hands in, the way FastAPI apps inject their services."""

import json
from pathlib import Path
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends

router = APIRouter()


class ReportStore:
    def __init__(self, root: str) -> None:
        self.root = root

    def read(self, name: str) -> dict:
        return json.loads(Path(self.root, name).read_text())

    async def read_async(self, name: str) -> dict:
        return {"name": name}


class ReportService:
    def __init__(self, store: ReportStore) -> None:
        self.store = store

    def summary(self, name: str) -> dict:
        return {"name": name, **self.store.read(name)}


class Renderer(Protocol):
    def render(self, name: str) -> str: ...


def get_service() -> ReportService:
    return ReportService(ReportStore("/reports"))


ServiceDep = Annotated[ReportService, Depends(get_service)]


@router.get("/reports/{name}")
async def report(name: str, service: ReportService = Depends(get_service)):
    return service.summary(name)  # expect: SC202


@router.get("/reports/{name}/raw")
async def raw(name: str, service: ServiceDep):
    return service.store.read(name)  # expect: SC202


@router.get("/reports/{name}/store")
async def from_store(name: str, store: "ReportStore" = Depends(get_service)):
    return store.read(name)  # expect: SC202


@router.get("/reports/{name}/async")
async def fetched(name: str, store: Annotated[ReportStore, Depends()]):
    return await store.read_async(name)


@router.get("/reports/{name}/html")
async def html(name: str, renderer: Renderer = Depends()):
    # A Protocol names no implementation to follow.
    return renderer.render(name)


@router.get("/reports/{name}/thread")
def in_the_thread_pool(name: str, service: ServiceDep):
    return service.summary(name)
