"""Which files a command works on: explicit files, directories walked for ``*.sync.yaml``, or stdin.

Shared by ``lint`` and ``fmt``. Directories yield ``**/*.sync.yaml`` and
``**/*.sync.yml`` plus the configured ``include`` globs, minus ``exclude``
(files and whole directories), and never descend into VCS, virtualenv or
cache folders. A file named explicitly is always used, whatever the patterns
say: naming it is the strongest selection there is.

Only regular files (or symbolic links to them) are read: a named pipe, a
socket or a device called ``x.sync.yaml`` may never end or never answer, so
it is never opened. Named on the command line it is an error (exit 2, one
line: ``x.sync.yaml: not a regular file``); found while walking a folder it
is skipped with a warning on stderr and the other files are still checked.
Standard input (``-``) may be anything.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from syncdsl.config import Config, ConfigResolver, matches_any
from syncdsl.reading import NOT_REGULAR, NotRegularFileError, read_regular

__all__ = ["NOT_REGULAR", "NotRegularFileError", "read_regular"]  # re-exported for the commands

SUFFIXES = (".sync.yaml", ".sync.yml")
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)
STDIN = "-"


@dataclass(frozen=True)
class Target:
    display: str  # the path as shown to the user
    path: str | None  # None: read standard input
    config: Config


class TargetError(Exception):
    """A path that cannot be used (missing, not a regular file); the message is one line."""


@dataclass
class Collected:
    targets: list[Target]
    empty_dirs: list[str]  # directories given that held no matching file
    skipped: list[str] = field(default_factory=list)  # warnings: files found but not read (a FIFO, ...)


def collect(paths: Sequence[str], resolver: ConfigResolver, stdin_filename: str | None = None) -> Collected:
    """Resolve command-line paths to targets, in the order given, each file once."""
    out = Collected([], [])
    seen: set[str] = set()
    for arg in paths:
        if arg == STDIN:
            if STDIN in seen:
                continue
            seen.add(STDIN)
            name = stdin_filename or STDIN
            config = resolver.for_file(Path(stdin_filename)) if stdin_filename else resolver.for_directory(Path("."))
            out.targets.append(Target(name, None, config))
            continue
        try:
            mode = os.stat(arg).st_mode
        except FileNotFoundError:
            raise TargetError(f"{arg}: no such file or directory") from None
        except OSError as exc:
            raise TargetError(f"{arg}: {(exc.strerror or str(exc)).lower()}") from None
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            raise TargetError(f"{arg}: {NOT_REGULAR}")
        if not stat.S_ISDIR(mode):
            key = os.path.abspath(arg)
            if key not in seen:
                seen.add(key)
                out.targets.append(Target(arg, arg, resolver.for_file(Path(arg))))
            continue
        before = len(out.targets)
        for display, path, config in _walk(arg, resolver):
            if not _is_regular(path):
                out.skipped.append(f"skipping {display}: {NOT_REGULAR}")
                continue
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                out.targets.append(Target(display, path, config))
        if len(out.targets) == before:
            out.empty_dirs.append(arg)
    return out


def _is_regular(path: str) -> bool:
    """Whether ``path`` is (or links to) a regular file; a broken link counts, so reading it reports why."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def _relative(path: str, config: Config) -> str:
    return os.path.relpath(os.path.abspath(path), config.base_dir).replace(os.sep, "/")


def _walk(root: str, resolver: ConfigResolver) -> Iterator[tuple[str, str, Config]]:
    def on_error(exc: OSError) -> None:
        # An unreadable sub-directory is an I/O error like an unreadable file.
        raise TargetError(f"{exc.filename}: {(exc.strerror or str(exc)).lower()}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        config = resolver.for_directory(Path(dirpath))
        kept = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS:
                continue
            if config.exclude:
                rel = _relative(os.path.join(dirpath, d), config)
                if matches_any(rel, config.exclude) or matches_any(rel + "/", config.exclude):
                    continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.endswith(SUFFIXES):
                wanted = True
            else:
                wanted = bool(config.include) and matches_any(_relative(path, config), config.include)
            if not wanted:
                continue
            if config.exclude and matches_any(_relative(path, config), config.exclude):
                continue
            yield os.path.normpath(path), path, config


def read_target(target: Target) -> bytes:
    """The bytes of a target; OSError on failure (a FIFO or device included: it is never read)."""
    if target.path is None:
        import sys

        return sys.stdin.buffer.read()
    return read_regular(target.path)
