"""Writing the user's files safely: a temporary file beside the target, then one rename, so a
crash or Ctrl-C never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The target's mode when it exists, else what a plain `open()` would create: mkstemp's
    0600 would make a new report or config unreadable to anyone else."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace (or create) `path` in one step: a reader sees the old file or the new one,
    never a part; the mode of an existing file is kept."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))
