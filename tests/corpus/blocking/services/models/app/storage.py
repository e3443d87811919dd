"""Blob storage on local disk: sync helpers, fine in a worker thread."""

import io
import json
import os
import shutil
from pathlib import Path

BLOB_DIR = "/var/blobs"


def _path(name: str) -> str:
    return os.path.join(BLOB_DIR, name)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def load_blob(name: str) -> bytes:
    return _read(_path(name))


def save_blob(name: str, data: bytes) -> None:
    tmp = _path(name) + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    shutil.move(tmp, _path(name))


def describe(name: str) -> str:
    # Pure: no I/O, never reported.
    return json.dumps({"name": name, "dir": BLOB_DIR})


class BlobStore:
    def read_all(self, name: str) -> bytes:
        return _read(_path(name))


class CachedBlobStore(BlobStore):
    async def fetch(self, name: str) -> bytes:
        # An inherited method: found on the base class.
        return self.read_all(name)  # expect: SC202 reaching 2


# The blocking calls of flake8-async's and ruff's fixtures the catalog lacked.
async def verify_blob(name: str, manifest: io.TextIOWrapper) -> bool:
    expected = manifest.readline()  # expect: SC201
    real = Path(BLOB_DIR, name).resolve()  # expect: SC201
    return os.path.ismount(BLOB_DIR) or str(real) == expected  # expect: SC201


# An async variant and a sync fallback of one name: each body is judged by its own `async`.
if os.environ.get("BLOBS_ASYNC"):

    async def warm_cache() -> None:
        shutil.copytree(BLOB_DIR, "/tmp/blobs")  # expect: SC201

else:

    def warm_cache() -> None:
        shutil.copytree(BLOB_DIR, "/tmp/blobs")
