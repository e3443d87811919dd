"""Reading one source file: its bytes and their state (their digest, or why they are not
analysed). The extract stage (`extraction.py`) and the start-up's replay (`recheck.py`) read
sources through it, so both decide alike which bytes are analysed.

Light to import: the replay loads this before deciding whether the CLI is needed at all.
"""

from __future__ import annotations

from seamcheck.cachesecret import digest_bytes
from seamcheck.records import dataclass

# A file this much longer per line than real code is a bundle, not source.
MINIFIED_MIN_SIZE = 20_000
MINIFIED_AVG_LINE = 400


@dataclass(frozen=True, slots=True)
class SourceState:
    """One file's content digest, or why it is not analysed (then digest is empty)."""

    digest: str
    skip: str = ""


def unanalysable(data: bytes) -> str:
    """Why these bytes are not analysed as source, or ""."""
    if b"\0" in data[:8192]:
        return "binary content"
    if len(data) > MINIFIED_MIN_SIZE and len(data) / (data.count(b"\n") + 1) > MINIFIED_AVG_LINE:
        return "minified or generated (very long lines)"
    return ""


def read_state(full: str) -> tuple[SourceState, bytes | None]:
    """The state of one source file and its bytes (None when unreadable)."""
    try:
        with open(full, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return SourceState("", f"unreadable: {exc.strerror or exc}"), None
    return SourceState(digest_bytes(data), unanalysable(data)), data
