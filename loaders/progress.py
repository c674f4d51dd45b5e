"""A plain progress line on stderr (no dependency): ``label  1,200``."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """A running count on one stderr line, redrawn at most ten times a second."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._last = 0.0

    def count(self, label: str, done: int, *, final: bool = False) -> None:
        """A running count for a stream whose length is not known in advance."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(f"\r  {label:<28} {done:>8,}" + ("\n" if final else ""))
        self.stream.flush()

    def note(self, text: str) -> None:
        if self.enabled:
            self.stream.write(f"  {text}\n")
            self.stream.flush()
