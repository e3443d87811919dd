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
    # closes its connection pool and sends nothing.
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
