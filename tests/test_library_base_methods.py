"""A method a class of the project inherits from a library base resolves as the library's."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RepoFactory, analyse_repo, run_cli
from seamcheck.analysis import Analysis


def calls_in(analysis: Analysis, path: str, scope: str) -> dict[str, tuple[str, str]]:
    """callee -> (kind, qualname or first-party node) of each call `scope` of `path` makes."""
    return {
        c.call.callee: (c.kind, c.qualname)
        for c in analysis.resolution.calls
        if c.path == path and c.call.scope == scope
    }


def sc2_sites(root: Path) -> list[tuple[str, str, str]]:
    output = run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    findings = json.loads(output)["findings"]
    return [(f"{f['path']}:{f['line']}", f["code"], f["message"].split("`")[1]) for f in findings]


def test_a_tornado_application_subclass_listens_with_the_librarys_listen(
    repo: RepoFactory,
) -> None:
    root = repo(
        {
            "web/requirements.txt": "tornado\n",
            "web/server.py": """
                import asyncio

                import tornado.web


                class Health(tornado.web.RequestHandler):
                    def get(self):
                        self.application.refresh_cache()
                        self.write("ok")


                class App(tornado.web.Application):
                    def __init__(self):
                        super().__init__([(r"/health", Health)])


                async def main():
                    app = App()
                    app.listen(8888)
                    App.listen(app, 8889)
                    await asyncio.Event().wait()
            """,
        }
    )
    analysis = analyse_repo(root)
    calls = calls_in(analysis, "web/server.py", "main")
    assert calls["app.listen"] == ("external", "tornado.web.Application().listen")
    assert calls["App.listen"] == ("external", "tornado.web.Application.listen")
    handler = calls_in(analysis, "web/server.py", "Health.get")
    assert handler["self.write"] == ("external", "tornado.web.RequestHandler().write")
    # What the library keeps in an attribute may be the project's own object.
    assert handler["self.application.refresh_cache"][0] == "unresolved"
    # The constructor is the object's protocol, not a call the library's methods name.
    init = calls_in(analysis, "web/server.py", "App.__init__")
    assert init["super().__init__"] == ("builtin", "super().__init__")


def test_the_projects_own_definitions_win_over_the_librarys(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "requests\n",
            "svc/app/__init__.py": "",
            "svc/app/base.py": """
                class Retrying:
                    def post(self, url, **kwargs):
                        return self.request("POST", url, **kwargs)
            """,
            "svc/app/client.py": """
                import requests

                from app.base import Retrying


                class Headers(dict):
                    def get(self, key, default=None):
                        return super().get(key.lower(), default)


                class Registry(Retrying, requests.Session):
                    def __init__(self, fetch):
                        super().__init__()
                        self.fetch = fetch

                    def get(self, url, **kwargs):
                        kwargs.setdefault("timeout", 5)
                        return super().get(url, **kwargs)

                    def sync(self):
                        self.get("/models")
                        self.post("/models")
                        self.put("/models")
                        self.fetch("/models")
                        super().post("/models")
            """,
        }
    )
    analysis = analyse_repo(root)
    calls = calls_in(analysis, "svc/app/client.py", "Registry.sync")
    assert calls["self.get"] == ("function", "svc/app/client.py::Registry.get")
    assert calls["self.post"] == ("function", "svc/app/base.py::Retrying.post")
    assert calls["super().post"] == ("function", "svc/app/base.py::Retrying.post")
    assert calls["self.put"] == ("external", "requests.Session().put")
    # An attribute the class sets itself is not the library's, whatever it holds.
    assert calls["self.fetch"][0] == "unresolved"
    override = calls_in(analysis, "svc/app/client.py", "Registry.get")
    assert override["super().get"] == ("external", "requests.Session().get")
    # Each `super()` reads its own class's bases: a builtin base's method is not known.
    headers = calls_in(analysis, "svc/app/client.py", "Headers.get")
    assert headers["super().get"] == ("builtin", "super().get")
    retrying = calls_in(analysis, "svc/app/base.py", "Retrying.post")
    assert retrying["self.request"][0] == "unresolved"  # a mixin: no library base of its own


def test_a_method_more_than_one_base_may_define_stays_unresolved(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/requirements.txt": "requests\nredis\n",
            "svc/app/__init__.py": "",
            "svc/app/cache.py": """
                import abc
                from typing import Generic, TypeVar

                import redis
                import requests

                T = TypeVar("T")


                class Both(requests.Session, redis.Redis):
                    def run(self):
                        self.get("k")


                class Typed(redis.Redis, Generic[T]):
                    def run(self):
                        self.get("k")


                class Mapped(dict, redis.Redis):
                    def run(self):
                        self.get("k")


                class Abstract(abc.ABC, redis.Redis):
                    def run(self):
                        self.get("k")
            """,
        }
    )
    analysis = analyse_repo(root)
    path = "svc/app/cache.py"
    both = analysis.resolution.calls
    reasons = {
        c.call.scope: c.reason for c in both if c.path == path and c.call.callee == "self.get"
    }
    assert reasons["Both.run"] == (
        "'get' may be defined by any of the bases redis.Redis, requests.Session"
    )
    assert "written as no name" in reasons["Typed.run"]
    assert reasons["Mapped.run"] == "base 'dict' of 'Mapped' may define 'get'"
    assert calls_in(analysis, path, "Abstract.run")["self.get"] == (
        "external",
        "redis.Redis().get",
    )


def test_a_session_subclass_blocks_async_routes(repo: RepoFactory) -> None:
    root = repo(
        {
            "ml/pyproject.toml": (
                '[project]\nname = "ml"\ndependencies = ["fastapi", "requests"]\n'
            ),
            "ml/ml/__init__.py": "",
            "ml/ml/registry.py": """\
                import requests


                class RegistryClient(requests.Session):
                    def get(self, url, **kwargs):
                        kwargs.setdefault("timeout", 5)
                        return super().get(f"http://registry:8000{url}", **kwargs)

                    def fetch_model(self, name):
                        return self.get(f"/models/{name}").json()

                    def push(self, name, blob):
                        return self.post(f"http://registry:8000/models/{name}", data=blob)
                """,
            "ml/ml/api.py": """\
                from fastapi import FastAPI

                from .registry import RegistryClient

                app = FastAPI()
                client = RegistryClient()


                @app.get("/models/{name}")
                async def model(name: str):
                    return client.fetch_model(name)


                @app.post("/models/{name}")
                async def upload(name: str):
                    return client.push(name, b"")


                @app.delete("/models/{name}")
                async def delete(name: str):
                    return client.delete(f"http://registry:8000/models/{name}")
                """,
        }
    )
    assert sorted(sc2_sites(root)) == [
        ("ml/ml/api.py:11", "SC202", "model"),
        ("ml/ml/api.py:16", "SC202", "upload"),
        ("ml/ml/api.py:21", "SC201", "client.delete()"),
    ]


def test_a_sqlite_connection_subclass_blocks_an_async_route(repo: RepoFactory) -> None:
    root = repo(
        {
            "svc/pyproject.toml": '[project]\nname = "svc"\ndependencies = ["fastapi"]\n',
            "svc/svc/__init__.py": "",
            "svc/svc/app.py": """\
                import sqlite3

                from fastapi import FastAPI


                class Store(sqlite3.Connection):
                    def names(self):
                        return self.execute("SELECT name FROM models").fetchall()


                app = FastAPI()


                @app.get("/models")
                async def models():
                    store = Store("models.db")
                    return store.names()
                """,
        }
    )
    assert sc2_sites(root) == [("svc/svc/app.py:17", "SC202", "models")]
