"""Terminal habits: when to colour, a progress bar on stderr, writing output safely."""

from __future__ import annotations

import os
import sys
import time
from typing import IO


def use_color(stream: IO[str]) -> bool:
    """Colour only on a terminal; NO_COLOR (non-empty) always wins, FORCE_COLOR forces it elsewhere."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """``linting 120/1000 [#####.....]`` on stderr, redrawn at most ten times a second, erased at the end."""

    WIDTH = 30

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total = total
        self.stream = stream
        self._last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.WIDTH * done // max(1, self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\rlinting {done}/{self.total} [{bar}]")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def write_text(text: str, stream: IO[str] | None = None) -> None:
    """Write to stdout (or ``stream``) in its own encoding, replacing what it cannot show rather than failing."""
    stream = stream or sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.flush()
        binary = getattr(stream, "buffer", None)
        if binary is None:
            raise
        binary.write(text.encode(getattr(stream, "encoding", None) or "utf-8", "replace"))
    stream.flush()


def write_utf8(text: str, stream: IO[str] | None = None) -> None:
    """Machine formats (JSON, SARIF) are UTF-8 whatever the locale says."""
    stream = stream or sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None:
        stream.write(text)
    else:
        stream.flush()
        binary.write(text.encode("utf-8"))
        binary.flush()
    stream.flush()
