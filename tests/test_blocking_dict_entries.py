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


def test_a_dict_another_class_is_stored_in_or_a_name_it_does_not_bind_says_nothing(
    repo: RepoFactory,
) -> None:
    # A dict written out of `Database`s that a method later stores a `Memory` in
    # (`self.caches[name] = Memory()`, `scratch.update(...)`) holds either: its entries are
    # of no one class. A parameter named like the module's entry (`compact(db)`) is not
    # that entry, nor is a name assigned None, then an entry or a `Memory`. Before: five
    # false SC202 through `Database.vacuum` and `Database.size`. Stored `Database`s
    # (`setdefault(name, Database(path))`, `self.databases[name] = db` of a `db:
    # Database`) keep the dict's class: the two findings on them are kept.
    root = repo(
        {
            "explorer/pyproject.toml": (
                '[project]\nname = "explorer"\ndependencies = ["fastapi"]\n'
            ),
            "explorer/explorer/__init__.py": "",
            "explorer/explorer/database.py": """\
                import sqlite3
                from pathlib import Path


                class Database:
                    def __init__(self, path: str):
                        self.path = path

                    @property
                    def size(self):
                        return Path(self.path).stat().st_size

                    def vacuum(self):
                        sqlite3.connect(self.path).execute("VACUUM")


                class Memory:
                    size = 0

                    def vacuum(self):
                        pass
                """,
            "explorer/explorer/app.py": """\
                from fastapi import FastAPI

                from .database import Database, Memory

                app = FastAPI()
                DATABASES = {"main": Database("/srv/main.db")}
                db = DATABASES["main"]


                class Explorer:
                    def __init__(self):
                        self.databases = {"main": Database("/srv/main.db")}
                        self.caches = {"main": Database("/srv/cache.db")}
                        self.attached = {"main": Database("/srv/main.db")}

                    def add_database(self, name: str, db: Database):
                        self.databases[name] = db

                    def add_memory(self, name: str):
                        self.caches[name] = Memory()

                    def attach(self, name: str, path: str):
                        return self.attached.setdefault(name, Database(path))


                explorer = Explorer()
                scratch = {"main": Database("/srv/scratch.db")}
                scratch.update(memory=Memory())


                def compact(db):
                    db.vacuum()


                @app.post("/-/memory/compact")
                async def compact_memory():
                    compact(Memory())


                @app.get("/-/size/{name}")
                async def size(name: str):
                    found = None
                    if name in explorer.databases:
                        found = explorer.databases[name]
                    else:
                        found = Memory()
                    found.vacuum()
                    return {"size": found.size}


                @app.get("/-/caches/{name}")
                async def cache(name: str):
                    return {"size": explorer.caches[name].size}


                @app.get("/-/scratch/{name}")
                async def scratch_size(name: str):
                    return {"size": scratch[name].size}


                @app.get("/-/attached/{name}")
                async def attached(name: str):
                    return {"size": explorer.attached[name].size}


                @app.post("/-/vacuum/{name}")
                async def vacuum(name: str):
                    database = explorer.databases[name]
                    database.vacuum()
                """,
        }
    )
    findings = json.loads(
        run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    )["findings"]
    assert [(f["line"], f["message"].split(",")[0]) for f in findings] == [
        (63, "async function `attached` reads the property `explorer.attached[name].size`"),
        (69, "async function `vacuum` calls sync `database.vacuum()`"),
    ]
