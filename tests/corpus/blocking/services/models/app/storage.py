"""Blob storage on local disk: sync helpers, fine in a worker thread."""

import json
import os
import shutil

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
        return self.read_all(name)  # expect: SC202, SC202
