"""A progress bar for long runs: files parsed / total, on stderr, only on a terminal.

Silent in CI and when stderr is piped, and silent on short runs: nothing is drawn until the
run has gone on for `DELAY_S`, and the bar is erased when done so the findings stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY_S = 0.5
REDRAW_S = 0.1
WIDTH = 30


class Progress:
    def __init__(
        self,
        total: int,
        label: str = "parsing",
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        delay: float | None = None,
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.total = total
        self.label = label
        self.done = 0
        if enabled is None:
            enabled = _is_terminal(self.stream)
        self.enabled = enabled and total > 0
        self._start = time.monotonic()
        self._delay = DELAY_S if delay is None else delay
        self._drawn_at = 0.0
        self._shown = False
        self.drew = False  # ever: the bar is erased when done, but was on the terminal

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._start < self._delay or now - self._drawn_at < REDRAW_S:
            return
        self._drawn_at = now
        filled = WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} files")
        self.stream.flush()
        self._shown = self.drew = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
