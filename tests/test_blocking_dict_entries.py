"""SC202 through a property read on an entry taken out of a dict: Datasette's shape, where
the app keeps its databases by name and a view reads `db.size`, a property that stats the
database file. A dict whose values are all one class of the project (written out of them,
or annotated `dict[str, Database]`) gives that class by key or `.get()`; one that mixes
classes gives nothing."""

from __future__ import annotations

import json

from conftest import RepoFactory, run_cli

EXPLORER = {
    "explorer/pyproject.toml": '[project]\nname = "explorer"\ndependencies = ["fastapi"]\n',
    "explorer/explorer/__init__.py": "",
    "explorer/explorer/database.py": """\
        from pathlib import Path


        class Database:
            def __init__(self, path: str):
                self.path = path
                self.cached_size = None

            @property
            def size(self):
                if self.cached_size is None:
                    self.cached_size = Path(self.path).stat().st_size
                return self.cached_size

            @property
            def name(self):
                return self.path.rsplit("/", 1)[-1].removesuffix(".db")


        class Cache:
            def __init__(self, limit: int):
                self.limit = limit

            @property
            def size(self):
                return self.limit
        """,
    "explorer/explorer/app.py": """\
        from fastapi import FastAPI

        from .database import Cache, Database


        class Explorer:
            def __init__(self):
                self.databases: dict[str, Database] = {}
                self.builtin = {"fixtures": Database("/srv/fixtures.db")}
                self.stores = {"main": Database("/srv/main.db"), "memo": Cache(128)}
                self.replicas = [Database("/srv/replica.db")]

            def add_database(self, db: Database):
                self.databases[db.name] = db


        explorer = Explorer()
        app = FastAPI()


        @app.get("/{name}.json")
        async def database(name: str):
            db = explorer.databases[name]
            return {"name": db.name, "size": db.size}


        @app.get("/-/fixtures.json")
        async def fixtures():
            return {"size": explorer.builtin.get("fixtures").size}


        @app.get("/-/fixtures/size")
        async def fixtures_size():
            return explorer.builtin["fixtures"].size


        @app.get("/-/stores/{name}")
        async def store(name: str):
            return {"size": explorer.stores[name].size}


        @app.get("/-/replica")
        async def replica():
            return {"size": explorer.replicas[0].size}
        """,
}


def test_a_property_read_on_an_entry_of_a_dict_of_one_class_runs_its_getter(
    repo: RepoFactory,
) -> None:
    # Before: an entry taken out of a dict was of no known class, and `db.size` no read of
    # anything: no finding. Reading `db.name` does no I/O; a dict mixing `Database` and
    # `Cache` says nothing of its entries, nor a list read by index.
    root = repo(EXPLORER)
    findings = json.loads(
        run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    )["findings"]
    assert [(f["line"], f["message"].split(",")[0]) for f in findings] == [
        (24, "async function `database` reads the property `db.size`"),
        (29, "async function `fixtures` reads the property `explorer.builtin.get().size`"),
        (
            34,
            'async function `fixtures_size` reads the property `explorer.builtin["fixtures"].size`',
        ),
    ]
    assert findings[0]["related"][1:] == [
        {
            "path": "explorer/explorer/database.py",
            "line": 10,
            "column": 5,
            "message": "`Database.size` (sync) makes the blocking call at line 12",
        },
        {
            "path": "explorer/explorer/database.py",
            "line": 12,
            "column": 32,
            "message": "`Path().stat()` (pathlib.Path().stat) blocks: file I/O",
        },
    ]
