"""The cache folder's secret: what keeps a repository from forging its own cache entries.

A repository can commit a `.seamcheck_cache` folder (past its `.gitignore`, with `git add
-f`) holding entries it made itself: a run record with no findings, stored under the key of
its own content, would be replayed by a CI gate that restores its cache into the checkout.
So every seal of an entry is a keyed hash, keyed by random bytes kept in the cache folder in a
file that is trusted only when it is a regular file of mode 0400 (read-only, owner only). No
checkout makes such a file: git writes files their owner can write, whatever the umask. An
archive that CI caching restores (actions/cache, GitLab's cache) keeps the mode it was saved
with, so a CI cache keeps working. A secret that is missing or not trusted is replaced by a
new one, and every entry sealed with another secret is then a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

SECRET_FILE = "secret"
SECRET_BYTES = 32


def keyed_digest(data: bytes, secret: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20, key=secret).hexdigest()


def load_secret(directory: Path) -> bytes:
    """The secret of the cache at `directory`, made now if it has none it can trust. Raises
    OSError when the folder cannot hold a new one."""
    path = directory / SECRET_FILE
    found = _trusted(path)
    if found is not None:
        return found
    secret = os.urandom(SECRET_BYTES)
    temporary = directory / f".secret-{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()  # left by a crashed run with the same process id
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
        os.chmod(temporary, 0o400)  # whatever the umask
        if not place(temporary, path):
            # Another run made one first: share it, so its entries and this run's agree.
            return _trusted(path) or secret
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return secret


def place(temporary: Path, path: Path) -> bool:
    """Put the new file `temporary` at `path`: in place of whatever is there (a symlink is
    replaced, not followed), or, when nothing is, only if no other run puts one there first.
    False when another run did."""
    if os.path.lexists(path):
        os.replace(temporary, path)
        return True
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system
        os.replace(temporary, path)
    return True


def _trusted(path: Path) -> bytes | None:
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or not _read_only(info.st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            secret = handle.read(SECRET_BYTES + 1)
    except OSError:
        return None
    return secret if len(secret) == SECRET_BYTES else None


def _read_only(mode: int) -> bool:
    if os.name == "nt":  # Windows keeps a read-only flag, not permission bits
        return not mode & 0o222
    return stat.S_IMODE(mode) == 0o400
