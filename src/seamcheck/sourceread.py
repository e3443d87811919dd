"""Reading one source file: its bytes and their state (their digest, or why they are not
analysed). The extract stage (`extraction.py`) and the start-up's replay (`recheck.py`) read
sources through it, so both decide alike which bytes are analysed.

Light to import: the replay loads this before deciding whether the CLI is needed at all.
"""

from __future__ import annotations

import re

from seamcheck.cachesecret import digest_bytes
from seamcheck.records import dataclass

# A file this much longer per line than real code is a bundle, not source.
MINIFIED_MIN_SIZE = 20_000
MINIFIED_AVG_LINE = 400
# Scripts too, however small: a Vite build splits an app into chunks of a few kB on a line
# or two (`config-BlNM0caL.js`, hashed, not named `.min.js`), whose calls were SC107s at
# line 1, column 5186 (8 in marimo's `_static/assets`). On 20 real trees no script but a
# build's is so long per line. A small script must be long for its code, not for what its
# strings hold (a server inlining its favicon in base64, an icon's SVG path), and that code
# must define functions: a bundle's does, where its calls are; a settings object written as
# one JSON line, or a list of re-exports, holds none and is source.
MINIFIED_MIN_SCRIPT_SIZE = 512
_SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
# A string literal: '...' or "..." on one line, or a template (`...`, over lines maybe).
_STRING_LITERAL = re.compile(rb"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\[\s\S])*`""")
_FUNCTION = re.compile(rb"\bfunction\b|=>")


@dataclass(frozen=True, slots=True)
class SourceState:
    """One file's content digest, or why it is not analysed (then digest is empty)."""

    digest: str
    skip: str = ""


def unanalysable(data: bytes, script: bool = False) -> str:
    """Why these bytes are not analysed as source, or "". `script`: a JS/TS file's."""
    if b"\0" in data[:8192]:
        return "binary content"
    least = MINIFIED_MIN_SCRIPT_SIZE if script else MINIFIED_MIN_SIZE
    lines = data.count(b"\n") + 1
    if len(data) <= least or len(data) / lines <= MINIFIED_AVG_LINE:
        return ""
    if len(data) <= MINIFIED_MIN_SIZE and not _minified_code(data, lines):
        return ""
    return "minified or generated (very long lines)"


def _minified_code(data: bytes, lines: int) -> bool:
    """Whether a script's code, what its string literals hold not counted, averages over
    `MINIFIED_AVG_LINE` bytes a line and defines a function."""
    code = _STRING_LITERAL.sub(b'""', data)
    return len(code) / lines > MINIFIED_AVG_LINE and _FUNCTION.search(code) is not None


def read_state(full: str) -> tuple[SourceState, bytes | None]:
    """The state of one source file and its bytes (None when unreadable)."""
    try:
        with open(full, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return SourceState("", f"unreadable: {exc.strerror or exc}"), None
    return SourceState(
        digest_bytes(data), unanalysable(data, full.endswith(_SCRIPT_SUFFIXES))
    ), data
