"""SC201/SC202 on what an object holds when the code says so only indirectly: a boto3 client
a parameter's boto3-stubs type names, the value a property's getter returns, an instance a
module makes through a factory function of its own, and `glob`'s folder scans. Shapes from
Chainlit 2.12's data layers, sessions and server."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RepoFactory, run_cli


def sc2_sites(root: Path) -> list[tuple[str, str, str]]:
    """(path:line, code, what it names first: the blocking call of an SC201, the async
    function of an SC202) of each SC2xx finding, in output order."""
    output = run_cli("check", str(root), "--select", "SC2", "--format", "json").output
    findings = json.loads(output)["findings"]
    return [(f"{f['path']}:{f['line']}", f["code"], f["message"].split("`")[1]) for f in findings]


SERVER = {
    "pyproject.toml": (
        '[project]\nname = "server"\n'
        'dependencies = ["fastapi", "boto3", "aiobotocore", "asyncer"]\n'
    ),
    "server/__init__.py": "",
}


def test_a_client_typed_with_its_boto3_stub_is_a_boto3_client(repo: RepoFactory) -> None:
    # Chainlit's DynamoDB data layer takes `client: Optional["DynamoDBClient"]` (the
    # boto3-stubs type, imported under TYPE_CHECKING) or makes `boto3.client("dynamodb")`,
    # then calls it from every async method. The annotation made the attribute a
    # `mypy_boto3_dynamodb.DynamoDBClient()`, which no sink named: no finding. An
    # aiobotocore client's stub (`types_aiobotocore_*`) is awaited and blocks nothing, and
    # the S3 store hands its sync methods to a worker thread (`asyncify`). Closing a client
    # closes its connection pool and sends nothing, and signing a URL sends nothing either.
    root = repo(
        {
            **SERVER,
            "server/dynamodb.py": """\
                import os
                from typing import TYPE_CHECKING, Optional

                import boto3

                if TYPE_CHECKING:
                    from mypy_boto3_dynamodb import DynamoDBClient


                class DynamoDBDataLayer:
                    def __init__(self, table: str, client: Optional["DynamoDBClient"] = None):
                        if client:
                            self.client = client
                        else:
                            region = os.environ.get("AWS_REGION", "us-east-1")
                            self.client = boto3.client("dynamodb", region_name=region)
                        self.table = table

                    def _update_item(self, key: dict, updates: dict):
                        self.client.update_item(TableName=self.table, Key=key, **updates)

                    async def get_user(self, identifier: str):
                        return self.client.get_item(
                            TableName=self.table, Key={"PK": {"S": identifier}}
                        )

                    async def update_step(self, step: dict):
                        self._update_item({"PK": {"S": step["id"]}}, step)

                    async def close(self) -> None:
                        self.client.close()

                    async def export_url(self, key: str) -> str:
                        return self.client.generate_presigned_url(
                            "get_object", Params={"Bucket": self.table, "Key": key}
                        )
                """,
            "server/s3.py": """\
                from asyncer import asyncify
                from types_aiobotocore_s3.client import S3Client as AsyncS3Client
                from types_boto3_s3.client import S3Client


                class S3Storage:
                    def __init__(self, client: S3Client, async_client: AsyncS3Client):
                        self.client = client
                        self.async_client = async_client

                    def sync_upload(self, key: str, data: bytes):
                        self.client.put_object(Bucket="files", Key=key, Body=data)

                    async def upload(self, key: str, data: bytes):
                        return await asyncify(self.sync_upload)(key, data)

                    async def upload_async(self, key: str, data: bytes):
                        await self.async_client.put_object(Bucket="files", Key=key, Body=data)

                    async def delete(self, key: str):
                        self.client.delete_object(Bucket="files", Key=key)
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/dynamodb.py:23", "SC201", "self.client.get_item()"),
        ("server/dynamodb.py:28", "SC202", "DynamoDBDataLayer.update_step"),
        ("server/s3.py:21", "SC201", "self.client.delete_object()"),
    ]


def test_an_instance_a_factory_function_makes_is_of_its_class(repo: RepoFactory) -> None:
    # Chainlit's `config = load_config()`, whose one `return` is `ChainlitConfig(**settings)`;
    # the server's async `/project/translations` route calls `config.load_translation()`,
    # which reads the translation files. Before, a factory's result was followed only to a
    # library's object: `config` was unknown, and the route no finding. `ui` is made by a
    # factory too, and `describe()` blocks nothing.
    root = repo(
        {
            **SERVER,
            "server/config.py": """\
                import json
                from pathlib import Path

                from pydantic_settings import BaseSettings

                translation_dir = Path("translations")


                class UISettings:
                    def describe(self) -> str:
                        return "ui"


                class ChainlitConfig(BaseSettings):
                    root: str = "."

                    def load_translation(self, language: str) -> dict:
                        path = translation_dir / f"{language}.json"
                        if path.is_file():
                            return json.loads(path.read_text(encoding="utf-8"))
                        return {}


                def load_settings() -> dict:
                    return {"root": "."}


                def load_config():
                    settings = load_settings()
                    return ChainlitConfig(**settings)


                def make_ui():
                    return UISettings()


                config = load_config()
                ui = make_ui()
                """,
            "server/app.py": """\
                from fastapi import FastAPI

                from server.config import config, ui

                app = FastAPI()


                @app.get("/project/translations")
                async def project_translations(language: str = "en-US"):
                    return {"translation": config.load_translation(language), "ui": ui.describe()}
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/app.py:10", "SC202", "project_translations"),
    ]


def test_what_a_class_method_makes_of_cls_is_not_taken_for_its_own_class(
    repo: RepoFactory,
) -> None:
    # `return cls(**options)` in a class method makes an instance of the class it is called
    # on: `MemoryStore.from_options()` makes a MemoryStore, whose `save` keeps the data in
    # memory. The resolver knows only the class that defines `from_options`, so since
    # factories' instances are followed, `store.save()` was taken for `Store.save`, which
    # writes a file: a false SC202 (also through a property returning such a call). A plain
    # factory returning a subclass's instance is that subclass's, and still reported where it
    # blocks.
    root = repo(
        {
            **SERVER,
            "server/stores.py": """\
                import json
                from pathlib import Path


                class Store:
                    def __init__(self, root: str = "data"):
                        self.root = Path(root)

                    @classmethod
                    def from_options(cls, options: dict):
                        return cls(**options)

                    def save(self, key: str, data: dict) -> None:
                        (self.root / f"{key}.json").write_text(json.dumps(data))


                class MemoryStore(Store):
                    def save(self, key: str, data: dict) -> None:
                        self.data = {key: data}


                class CachedStore(Store):
                    pass


                def make_store():
                    return CachedStore()


                class Sessions:
                    @property
                    def store(self):
                        return MemoryStore.from_options({})
                """,
            "server/app.py": """\
                from fastapi import FastAPI

                from server.stores import MemoryStore, Sessions, make_store

                app = FastAPI()
                store = MemoryStore.from_options({"root": "cache"})
                cached = make_store()
                sessions = Sessions()


                @app.post("/items/{key}")
                async def save_item(key: str, data: dict):
                    store.save(key, data)
                    sessions.store.save(key, data)


                @app.post("/cached/{key}")
                async def save_cached(key: str, data: dict):
                    cached.save(key, data)
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/app.py:19", "SC202", "save_cached"),
    ]


def test_a_call_on_what_a_property_returns_is_a_call_on_that_object(repo: RepoFactory) -> None:
    # Chainlit's sessions keep their uploads under `files_dir`, a property returning
    # `FILES_DIRECTORY / self.id` (a Path the config module makes), and their async
    # `persist_file` and `delete` call `self.files_dir.mkdir()` / `.is_dir()`. Before, a
    # call on a property's value was a call on the getter function, unresolved: only the
    # `shutil.rmtree` beside them was reported. A property keeping a boto3 client made on
    # first read is that client; `name` is a string, and `upper()` blocks nothing.
    root = repo(
        {
            **SERVER,
            "server/config.py": """\
                import os
                from pathlib import Path

                APP_ROOT = os.getcwd()
                FILES_DIRECTORY = Path(APP_ROOT) / ".files"
                """,
            "server/session.py": """\
                import shutil
                from functools import cached_property

                import boto3


                class BaseSession:
                    def __init__(self, id: str):
                        self.id = id
                        self._client = None

                    @property
                    def files_dir(self):
                        from server.config import FILES_DIRECTORY

                        return FILES_DIRECTORY / self.id

                    @property
                    def client(self):
                        if self._client is None:
                            self._client = boto3.client("s3")
                        return self._client

                    @cached_property
                    def name(self) -> str:
                        return f"session-{self.id}"

                    async def persist_file(self, name: str) -> str:
                        self.files_dir.mkdir(exist_ok=True)
                        return str(self.files_dir / name)

                    async def archive(self) -> str:
                        self.client.upload_file(str(self.files_dir), "archive", self.id)
                        return self.name.upper()


                class HTTPSession(BaseSession):
                    async def delete(self):
                        if self.files_dir.is_dir():
                            shutil.rmtree(self.files_dir)
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/session.py:29", "SC201", "self.files_dir.mkdir()"),
        ("server/session.py:33", "SC201", "self.client.upload_file()"),
        ("server/session.py:39", "SC201", "self.files_dir.is_dir()"),
        ("server/session.py:40", "SC201", "shutil.rmtree()"),
    ]


def test_glob_scans_folders(repo: RepoFactory) -> None:
    # Chainlit's `/favicon` and `/logo` routes look for a custom file with `glob.glob(...)`
    # on each request. Before, the `glob` module was not in the catalog: no finding.
    # `glob.iglob` only makes an iterator, which reads the folder as it is iterated: `next()`
    # on the one a helper returns reads it on the loop.
    root = repo(
        {
            **SERVER,
            "server/app.py": """\
                import glob
                import os

                from fastapi import FastAPI

                app = FastAPI()
                APP_ROOT = os.getcwd()


                def custom_logos(theme: str):
                    return glob.iglob(os.path.join(APP_ROOT, "public", f"logo_{theme}.*"))


                @app.get("/favicon")
                async def get_favicon():
                    files = glob.glob(os.path.join(APP_ROOT, "public", "favicon.*"))
                    return files[0] if files else None


                @app.get("/logo")
                async def get_logo(theme: str = "light"):
                    return next(custom_logos(theme), None)
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/app.py:16", "SC201", "glob.glob()"),
        ("server/app.py:22", "SC202", "get_logo"),
    ]


def test_a_shelf_is_a_file_on_disk(repo: RepoFactory) -> None:
    # flower 2.2's `Events.save_state`, run by a Tornado `PeriodicCallback` on the loop,
    # writes its state with `shelve.open(tmp, flag="n")`. Before, `shelve` and `dbm` were not
    # in the catalog: only the `glob.glob` after it was a finding. Items are subscripts: the
    # shelf's file is read and written where it is opened, synced and closed.
    root = repo(
        {
            **SERVER,
            "server/app.py": """\
                import dbm
                import shelve

                from fastapi import FastAPI

                app = FastAPI()


                @app.post("/state")
                async def save_state(path: str):
                    with shelve.open(path, flag="n") as state:
                        state["events"] = []


                @app.get("/cache")
                async def read_cache(path: str, key: str):
                    db = dbm.open(path, "c")
                    value = db.get(key)
                    db.close()
                    return value
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/app.py:11", "SC201", "shelve.open()"),
        ("server/app.py:17", "SC201", "dbm.open()"),
        ("server/app.py:18", "SC201", "db.get()"),
        ("server/app.py:19", "SC201", "db.close()"),
    ]


def test_a_sync_azure_storage_client_sends_requests(repo: RepoFactory) -> None:
    # Chainlit's Azure Data Lake storage: `self.container_client: FileSystemClient =
    # DataLakeServiceClient(...).get_file_system_client(...)`, and its async `upload_file`
    # calls `file_client.upload_data(...)` on the sync client. Before, no Azure client was in
    # the catalog: no finding. Its Blob storage uses the `.aio` clients, awaited; a helper
    # returning `list_blobs()` gives a pager that requests as it is iterated; `peek_messages()`
    # gives a list, requested when it is called: handing the list to a thread to sort leaves
    # the request on the loop.
    root = repo(
        {
            **SERVER,
            "server/azure.py": """\
                import asyncio

                from azure.storage.blob import BlobServiceClient
                from azure.storage.blob.aio import BlobServiceClient as AsyncBlobServiceClient
                from azure.storage.filedatalake import (
                    DataLakeFileClient,
                    DataLakeServiceClient,
                    FileSystemClient,
                )
                from azure.storage.queue import QueueClient


                class AzureStorageClient:
                    def __init__(self, account_url: str, container: str, credential: str):
                        self.data_lake_client = DataLakeServiceClient(
                            account_url=account_url, credential=credential
                        )
                        self.container_client: FileSystemClient = (
                            self.data_lake_client.get_file_system_client(file_system=container)
                        )

                    async def upload_file(self, object_key: str, data: bytes) -> str:
                        file_client: DataLakeFileClient = self.container_client.get_file_client(
                            object_key
                        )
                        file_client.upload_data(data, overwrite=True)
                        return file_client.url


                class BlobStorage:
                    def __init__(self, connection: str, container: str):
                        self.blobs = BlobServiceClient.from_connection_string(connection)
                        self.service = AsyncBlobServiceClient.from_connection_string(connection)
                        self.container = container

                    def names(self):
                        return self.blobs.get_container_client(self.container).list_blobs()

                    async def delete(self, key: str) -> None:
                        client = self.service.get_container_client(self.container)
                        await client.get_blob_client(key).delete_blob()

                    async def exists(self, key: str) -> bool:
                        container = self.blobs.get_container_client(self.container)
                        return container.get_blob_client(key).exists()


                class Jobs:
                    def __init__(self, connection: str):
                        self.queue = QueueClient.from_connection_string(connection, "jobs")

                    def waiting(self):
                        return self.queue.peek_messages(max_messages=32)

                    async def oldest_first(self) -> list:
                        by_age = lambda m: m.inserted_on
                        return await asyncio.to_thread(sorted, self.waiting(), key=by_age)
                """,
        }
    )
    assert sc2_sites(root) == [
        ("server/azure.py:26", "SC201", "file_client.upload_data()"),
        ("server/azure.py:45", "SC201", "container.get_blob_client().exists()"),
        ("server/azure.py:57", "SC202", "Jobs.oldest_first"),
    ]
