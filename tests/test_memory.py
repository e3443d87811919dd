"""Runs keep the cyclic garbage collector off (`analysis._CollectorPause`), so whatever a
stage lets go must be freed by reference counting alone. A reference cycle among the seam
finders once kept the name resolver (every file's symbol tables) alive into the graph and
rule stages, where runs peak: +16% peak RSS from 1k to 20k files (`backrefs.py`).

The repository exercises the finders that hold helpers calling back into them: a NestJS
API placed by `RouterModule.register`, a gateway whose client class is given its base URL
by the code constructing it, and a FastAPI model service, named in docker-compose.yml."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import RepoFactory, package_json
from seamcheck.analysis import RunOptions, _Model
from seamcheck.config import load_config
from seamcheck.project import discover

COMPOSE = """\
services:
  api:
    build: ./api
  model:
    build: ./model
  gateway:
    build: ./gateway
    ports: ["8080:8080"]
"""

FILES = {
    "docker-compose.yml": COMPOSE,
    "api/package.json": package_json("api", dependencies={"@nestjs/core": "^10"}),
    "api/src/main.ts": """\
        import { NestFactory } from '@nestjs/core';
        import { AppModule } from './app.module';

        async function bootstrap() {
          const app = await NestFactory.create(AppModule);
          await app.listen(3000);
        }
        bootstrap();
        """,
    "api/src/app.module.ts": """\
        import { Module } from '@nestjs/common';
        import { RouterModule } from '@nestjs/core';
        import { UsersModule } from './users/users.module';

        @Module({
          imports: [UsersModule, RouterModule.register([{ path: 'admin', module: UsersModule }])],
        })
        export class AppModule {}
        """,
    "api/src/users/users.module.ts": """\
        import { Module } from '@nestjs/common';
        import { UsersController } from './users.controller';

        @Module({ controllers: [UsersController] })
        export class UsersModule {}
        """,
    "api/src/users/users.controller.ts": """\
        import { Controller, Get, Param } from '@nestjs/common';

        @Controller('users')
        export class UsersController {
          @Get(':id')
          one(@Param('id') id: string) {
            return { id };
          }
        }
        """,
    "gateway/package.json": package_json("gateway", dependencies={"axios": "^1"}),
    "gateway/src/clients.ts": """\
        import axios from 'axios';

        export class UsersClient {
          constructor(private readonly baseUrl: string) {}

          one(id: string) {
            return axios.get(`${this.baseUrl}/admin/users/${id}`);
          }
        }

        export const users = new UsersClient('http://api:3000');
        """,
    "gateway/src/server.ts": """\
        import express from 'express';
        import { users } from './clients';

        const MODEL_URL = 'http://model:8000';
        const app = express();
        app.get('/users/:id', async (req, res) => {
          res.json((await users.one(req.params.id)).data);
        });
        app.get('/score', async (req, res) => {
          res.json(await (await fetch(`${MODEL_URL}/predict`)).json());
        });
        app.listen(8080);
        """,
    "model/requirements.txt": "fastapi\nuvicorn\n",
    "model/app/main.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/predict")
        async def predict() -> dict:
            return {"score": 0.5}
        """,
}


@contextmanager
def cyclic_garbage() -> Iterator[list[object]]:
    """The objects made unreachable inside the block that only a cycle collection frees,
    with the collector off in the block, as in a run."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    found: list[object] = []
    try:
        yield found
    finally:
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            found.extend(gc.garbage)
        finally:
            gc.garbage.clear()
            gc.set_debug(0)
            if was_enabled:
                gc.enable()


def seamcheck_objects(objects: list[object]) -> Counter[str]:
    return Counter(
        f"{type(o).__module__}.{type(o).__qualname__}"
        for o in objects
        if type(o).__module__.startswith("seamcheck")
    )


def test_the_seams_stage_leaves_nothing_only_a_cycle_collection_frees(repo: RepoFactory) -> None:
    root = repo(FILES)
    project = discover(root, load_config(root))
    model = _Model(project, {}, None, RunOptions(jobs=1, progress=False))
    resolution = model.resolution()
    with cyclic_garbage() as garbage:
        seams = model.seams()
    # The stage did its work: the finders that hold call-back helpers all ran.
    linked = sorted((c.where.path, link.path) for c in seams.calls for link in c.links)
    assert linked == [
        ("gateway/src/clients.ts", "/admin/users/{id}"),
        ("gateway/src/server.ts", "/predict"),
    ]
    assert resolution.names is None  # let go once the seams are found...
    # ...and freed then: before, the resolver, its symbol tables and the finders were left
    # in cycles (NameResolver, FileSymbols, ClientFinder, Values, RouteFinder, ...).
    assert seamcheck_objects(garbage) == Counter()


def test_a_whole_run_frees_its_stages_by_reference_counting(repo: RepoFactory) -> None:
    root = repo(FILES)
    with cyclic_garbage() as garbage:
        project = discover(root, load_config(root))
        model = _Model(project, {}, None, RunOptions(jobs=1, progress=False))
        model.seams()
        model.rule_graph()
        del model, project
    # networkx graphs hold views of themselves (cycles of networkx's own objects); nothing
    # of seamcheck's is left in a cycle.
    assert seamcheck_objects(garbage) == Counter()


def test_what_a_run_keeps_is_not_garbage(tmp_path: Path) -> None:
    # The check above would pass if the collector found nothing at all: it does find a
    # cycle made here.
    class Node:
        other: object

    with cyclic_garbage() as garbage:
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
    assert sum(isinstance(o, Node) for o in garbage) == 2
