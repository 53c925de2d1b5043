"""Reading a file that must be a regular file, without ever blocking on a FIFO or a device.

Shared by the commands (``lint``, ``fmt``, ``export``, ``explain``) and
:func:`syncdsl.load`: a named pipe, socket or device named like a syncdsl
file may never end or never answer, so it is refused, not read.
"""

from __future__ import annotations

import os
import stat

NOT_REGULAR = "not a regular file"


class NotRegularFileError(OSError):
    """A FIFO, socket or device where a file was expected: never read."""

    def __init__(self, path: str) -> None:
        super().__init__(NOT_REGULAR)
        self.strerror = NOT_REGULAR
        self.filename = path


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file; :class:`NotRegularFileError` for anything else, without blocking.

    Opened non-blocking, so even a FIFO put in the file's place after it was
    found cannot hang the read; it is refused once ``fstat`` shows what it is.
    With ``limit``, at most ``limit + 1`` bytes are read (enough to say the file is too big).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", os.fspath(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(os.fspath(path))
        return fh.read() if limit is None else fh.read(limit + 1)
