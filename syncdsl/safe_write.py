"""Writing a rewritten file without ever leaving it broken, half-written or lost.

``fmt`` and ``lint --fix`` both end here. The new text must parse (no SD001),
is encoded the way the original was (UTF-8/16/32, BOM or not), goes to a
temporary file in the same folder (so the rename stays on one file system),
gets the original's owner and then its permission bits (setuid, setgid and
sticky included), is flushed to disk, and only then
replaces the original with an atomic rename. On any failure the original is
left as it was, the temporary file is removed, and the caller gets a
:class:`WriteError` whose message is one line.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from pathlib import Path

from syncdsl.document import Limits, Source, parse

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


class WriteError(Exception):
    """A file could not be written (or must not be); the message is one line naming the file."""


def encode(text: str, source: Source | None = None) -> bytes:
    """``text`` (without a BOM) as bytes in the encoding, and with the BOM, of ``source``."""
    encoding = source.encoding if source else "utf-8"
    bom = _BOMS.get(encoding, b"") if source and source.bom else b""
    return bom + text.encode(encoding)


def check_new_text(path: str | os.PathLike[str], text: str, limits: Limits | None = None) -> None:
    """Raise WriteError if ``text`` does not parse: a rewrite must never produce broken YAML."""
    parsed = parse(text, limits or Limits())
    broken = [d for d in parsed.diagnostics if d.code == "SD001"]
    if broken:
        d = broken[0]
        where = f"{d.span.start.line + 1}:{d.span.start.column + 1}"
        raise WriteError(f"{path}: not written: the new text does not parse ({where}: SD001 {d.message})")


def safe_write(
    path: str | os.PathLike[str], text: str, source: Source | None = None, *, limits: Limits | None = None
) -> None:
    """Replace ``path`` with ``text`` atomically, keeping the encoding/BOM of ``source`` and the file's mode.

    ``text`` is the decoded text without a BOM (as in ``Source.text``). A symbolic
    link is followed: the file it points to is replaced and the link kept.
    """
    shown = os.fspath(path)
    try:
        data = encode(text, source)
    except UnicodeEncodeError as exc:
        raise WriteError(f"{shown}: not written: {exc.reason} in the new text") from None
    check_new_text(shown, text, limits)
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write: {_reason(exc)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{shown}: cannot write: not a regular file")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".syncdsl-tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if info is not None:
                # Ownership first: changing it clears the setuid and setgid bits, so the
                # mode (those bits included) is set only once the owner is right.
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fh.fileno(), info.st_uid, info.st_gid)
                os.fchmod(fh.fileno(), stat.S_IMODE(info.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fh.fileno(), 0o666 & ~umask)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        if isinstance(exc, PermissionError) and tmp is None:
            raise WriteError(f"{shown}: cannot write: permission denied in folder {target.parent}") from None
        raise WriteError(f"{shown}: cannot write: {_reason(exc)}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(target.parent)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
