"""Files of a repository looked up by path, as the Node resolver sees them, and a record of
every one looked at.

The resolver looks for files the walk may not have listed: a tsconfig `extends` into an
excluded folder or `node_modules`, a package.json in a folder the config skips, a file it
probes for and does not find. What it saw of each is an input of the run like any file the
walk lists, so it is kept (`seen`) for the run key and the unchanged-run replay
(`inputs.outside_walk`), and the next run looks at the same paths the same way
(`inputs.snapshot`) to tell whether anything it saw has changed.

An observation is "" (no regular file inside the root there), "+" (a file, not read), the
digest of the bytes read, or "!" (a file that could not be read).
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Mapping

from seamcheck.cachesecret import digest_bytes

ABSENT, PRESENT, UNREADABLE = "", "+", "!"
# What the resolver did with a path, as the stat index keeps it: whether the next run must
# read the file again, or only look for it.
READ, PROBED = "read", "probed"


class RepoFiles:
    """Regular files inside one root, symlinks resolved (nothing outside is ever read)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.root_real = os.path.realpath(root)
        self.seen: dict[str, str] = {}  # repo-relative path -> observation
        self._files: dict[str, bool] = {}
        self._folders_inside: dict[str, bool] = {}

    def is_file(self, path: str) -> bool:
        """Whether repo-relative `path` is a regular file inside the root."""
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = self._stat_is_file(path)
            self.seen.setdefault(path, PRESENT if found else ABSENT)
        return found

    def read(self, path: str) -> bytes:
        """The bytes of `path`, which `is_file` found; OSError when it cannot be read."""
        try:
            with open(os.path.join(self.root, path), "rb") as handle:
                data = handle.read()
        except OSError:
            self.seen[path] = UNREADABLE
            raise
        self.seen[path] = digest_bytes(data)
        return data

    def _stat_is_file(self, path: str) -> bool:
        if "\0" in path:
            return False  # no file is so named (`require('./\\0')`), and the OS refuses to look
        full = os.path.join(self.root, path)
        try:
            mode = os.lstat(full).st_mode
        except OSError:
            return False
        if not self._folder_inside(posixpath.dirname(path)):
            return False
        if stat.S_ISLNK(mode):
            real = os.path.realpath(full)
            return is_inside_real(real, self.root_real) and os.path.isfile(real)
        return stat.S_ISREG(mode)

    def _folder_inside(self, folder: str) -> bool:
        """Whether `folder`, with symlinks resolved, is still inside the root."""
        inside = self._folders_inside.get(folder)
        if inside is None:
            if "\0" in folder:
                return False  # as in `_stat_is_file`
            real = os.path.realpath(os.path.join(self.root, folder))
            inside = self._folders_inside[folder] = is_inside_real(real, self.root_real)
        return inside


def is_inside_real(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def how_seen(observation: str) -> str:
    """READ for an observation of a file's content, else PROBED."""
    return PROBED if observation in (ABSENT, PRESENT) else READ


def how_looked(seen: Mapping[str, str]) -> dict[str, str]:
    """path -> READ or PROBED, of path -> observation: what the next run does to look."""
    return {path: how_seen(observation) for path, observation in seen.items()}
