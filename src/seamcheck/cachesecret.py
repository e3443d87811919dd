"""The cache folder's secret: what keeps a repository from forging its own cache entries.

A repository can commit a `.seamcheck_cache` folder (past its `.gitignore`, with `git add
-f`) holding entries it made itself: a run record with no findings, stored under the key of
its own content, would be replayed by a CI gate that restores its cache into the checkout.
So every seal of an entry is a keyed hash, keyed by random bytes kept in the cache folder in a
file that is trusted only when it is a regular file of mode 0400 (read-only, owner only). A
checkout does not make such a file: git writes files as 0666 less the umask, and only a
umask that takes the owner's own write permission away (0277, 0377), under which nobody
could edit what they checked out, gives 0400. An archive that CI caching restores
(actions/cache, GitLab's cache) keeps the mode it was saved with, so a CI cache keeps
working. A secret that is missing or not trusted is replaced by a new one, and every entry
sealed with another secret is then a miss.
"""

from __future__ import annotations

import errno
import os
import stat

try:
    # CPython's built-in module: importing hashlib loads OpenSSL (7 ms), and this module is
    # imported by every start of seamcheck (`unchanged.py`).
    from _blake2 import blake2b
except ImportError:  # another interpreter
    from hashlib import blake2b

TYPE_CHECKING = False  # typing itself is not imported at start-up either
if TYPE_CHECKING:
    from pathlib import Path

SECRET_FILE = "secret"
SECRET_BYTES = 32


def keyed_digest(data: bytes, secret: bytes) -> str:
    return blake2b(data, digest_size=20, key=secret).hexdigest()


def digest_bytes(data: bytes) -> str:
    """An unkeyed digest, naming content (it vouches for nothing)."""
    return blake2b(data, digest_size=20).hexdigest()


def load_secret(directory: Path) -> bytes:
    """The secret of the cache at `directory`, made now if it has none it can trust. Raises
    OSError when the folder cannot hold a new one."""
    path = directory / SECRET_FILE
    found = trusted_secret(str(path))
    if found is not None:
        return found
    untrusted = os.path.lexists(path)
    if untrusted and os.path.isdir(path) and not os.path.islink(path):
        # Replacing it would mean deleting what it holds, which may be the user's.
        raise IsADirectoryError(
            errno.EISDIR, "a folder is in its place (remove it to use the cache)", str(path)
        )
    secret = os.urandom(SECRET_BYTES)
    temporary = directory / f".secret-{os.getpid()}.tmp"
    remove_quietly(temporary)  # left by a crashed run with the same process id
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
        os.chmod(temporary, 0o400)  # whatever the umask
        place(temporary, path, replace=untrusted)
    finally:
        remove_quietly(temporary)
    # What is there now, which may be another run's that started at the same time: runs that
    # share the secret on disk share their entries.
    return trusted_secret(str(path)) or secret


def remove_quietly(path: str | Path) -> None:
    """Remove the file at `path` if it can be; a temporary file's leftovers are pruned."""
    try:  # noqa: SIM105 - contextlib.suppress would cost every start of seamcheck 4 ms
        os.unlink(path)
    except OSError:
        pass


def place(temporary: Path, path: Path, *, replace: bool) -> None:
    """Put the new file `temporary` at `path`. With `replace`, in place of whatever is there
    (a symlink is replaced, not followed); else only if no other run puts one there first
    (two runs making the first one at once then share one)."""
    if replace:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    except OSError:  # no hard links on this file system
        os.replace(temporary, path)


def trusted_secret(path: str) -> bytes | None:
    """The secret in the file at `path`, if it is one this module would have made."""
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
