"""Which files a command works on: explicit files, directories walked for ``*.sync.yaml``, or stdin.

Shared by ``lint`` and ``fmt``. Directories yield ``**/*.sync.yaml`` and
``**/*.sync.yml`` plus the configured ``include`` globs, minus ``exclude``
(by default :data:`syncdsl.config.DEFAULT_EXCLUDE`: build output, virtual
environments, caches) and ``extend-exclude`` (files and whole directories),
minus what git ignores (``.gitignore`` files and ``.git/info/exclude``, see
:mod:`syncdsl.cli.gitignore`; off with ``respect_gitignore=False``). The
metadata folders of version control (``.git``, ``.hg``, ``.svn``, ``.bzr``)
are never walked, whatever ``exclude`` says.

A file or directory named explicitly is used whatever the patterns say:
naming it is the strongest selection there is. With ``force_exclude``
(``--force-exclude``, which the pre-commit hooks pass, since pre-commit names
every file) a named path goes through the same filters as a walked one,
itself and every folder it is in; an excluded one is dropped silently.

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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from syncdsl.config import Config, ConfigResolver, matches_any, relative_to_base, split_patterns
from syncdsl.reading import NOT_REGULAR, NotRegularFileError, read_regular
from syncdsl.records import field, record

if TYPE_CHECKING:
    from syncdsl.cli.gitignore import Ignorer

__all__ = ["NOT_REGULAR", "NotRegularFileError", "read_regular"]  # re-exported for the commands

SUFFIXES = (".sync.yaml", ".sync.yml")
# Version-control metadata: never walked, even when `exclude` replaces the defaults.
NEVER_WALKED = frozenset({".git", ".hg", ".svn", ".bzr"})
STDIN = "-"


@record(frozen=True)
class Target:
    display: str  # the path as shown to the user
    path: str | None  # None: read standard input
    config: Config


class TargetError(Exception):
    """A path that cannot be used (missing, not a regular file); the message is one line."""


@record
class Collected:
    targets: list[Target]
    empty_dirs: list[str]  # directories given that held no matching file
    skipped: list[str] = field(default_factory=list)  # warnings: files found but not read (a FIFO, ...)
    excluded: list[str] = field(default_factory=list)  # named paths dropped by force_exclude
    stdin_excluded: bool = False  # `-` was named, but --stdin-filename is excluded (force_exclude)


def collect_for_command(
    paths: Sequence[str],
    make_resolver: Callable[[], ConfigResolver],
    stdin_filename: str | None,
    force_exclude: bool,
    respect_gitignore: bool,
) -> Collected:
    """``collect`` for a command: a bad configuration or target is a CliError (exit 2), and the walk's
    warnings (folders without files, files left out) go to stderr."""
    from syncdsl.cli import CliError, echo_err
    from syncdsl.config import ConfigError

    try:
        collected = collect(
            paths, make_resolver(), stdin_filename, force_exclude=force_exclude, respect_gitignore=respect_gitignore
        )
    except (ConfigError, TargetError) as exc:
        raise CliError(str(exc)) from None
    for folder in collected.empty_dirs:
        echo_err(f"warning: no *.sync.yaml files found in {folder}")
    for note in collected.skipped:
        echo_err(f"warning: {note}")
    return collected


def collect(
    paths: Sequence[str],
    resolver: ConfigResolver,
    stdin_filename: str | None = None,
    *,
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Collected:
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
            if force_exclude and stdin_filename and excluded(stdin_filename, config, False, respect_gitignore):
                out.stdin_excluded = True
                out.excluded.append(stdin_filename)
                continue
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
        is_dir = stat.S_ISDIR(mode)
        if force_exclude:
            where = resolver.for_directory(Path(arg)) if is_dir else resolver.for_file(Path(arg))
            if excluded(arg, where, is_dir, respect_gitignore):
                out.excluded.append(arg)
                continue
        if not is_dir:
            key = os.path.abspath(arg)
            if key not in seen:
                seen.add(key)
                out.targets.append(Target(arg, arg, resolver.for_file(Path(arg))))
            continue
        before = len(out.targets)
        for display, path, config in _walk(arg, resolver, respect_gitignore):
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


def _matches_exclude(rel: str, config: Config, is_dir: bool) -> bool:
    patterns = config.excluded
    return matches_any(rel, patterns) or (is_dir and matches_any(rel + "/", patterns))


def _entry_excluded(full: str, name: str, config: Config, is_dir: bool) -> bool:
    """``_matches_exclude`` for an entry met while walking; plain names (the defaults) need no relative path."""
    names, others = split_patterns(config.excluded)
    if name in names:
        return True
    if not others:
        return False
    rel = relative_to_base(full, config)
    return matches_any(rel, others) or (is_dir and matches_any(rel + "/", others))


def excluded(path: str, config: Config, is_dir: bool, respect_gitignore: bool = True) -> bool:
    """Whether a named path would be left out of a walk: it, or a folder it is in, is excluded or git-ignored.

    Folders are those below the configuration's directory (and, for a path
    outside it, those written in the path).
    """
    parts = relative_to_base(path, config).split("/")
    first = next((n for n, part in enumerate(parts) if part != ".."), len(parts))
    for n in range(first + 1, len(parts) + 1):
        last = n == len(parts)
        if parts[n - 1] in NEVER_WALKED and not last:
            return True
        if _matches_exclude("/".join(parts[:n]), config, is_dir or not last):
            return True
    if respect_gitignore:
        from syncdsl.cli.gitignore import ignored_with_parents

        return ignored_with_parents(path, is_dir)
    return False


def _walk(root: str, resolver: ConfigResolver, respect_gitignore: bool = True) -> Iterator[tuple[str, str, Config]]:
    def on_error(exc: OSError) -> None:
        # An unreadable sub-directory is an I/O error like an unreadable file.
        raise TargetError(f"{exc.filename}: {(exc.strerror or str(exc)).lower()}")

    ignorers: dict[str, Ignorer] = {}
    if respect_gitignore:
        from syncdsl.cli.gitignore import for_folder

        ignorers[root] = for_folder(root)
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        config = resolver.for_directory(Path(dirpath))
        ignorer = ignorers.pop(dirpath, None)
        kept = []
        for d in sorted(dirnames):
            if d in NEVER_WALKED:
                continue
            full = os.path.join(dirpath, d)
            if _entry_excluded(full, d, config, True):
                continue
            if ignorer is not None:
                if ignorer.ignored(full, True):
                    continue
                ignorers[full] = ignorer.child(full)
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.endswith(SUFFIXES):
                wanted = True
            else:
                wanted = bool(config.include) and matches_any(relative_to_base(path, config), config.include)
            if not wanted:
                continue
            if _entry_excluded(path, name, config, False):
                continue
            if ignorer is not None and ignorer.ignored(path, False):
                continue
            yield os.path.normpath(path), path, config.for_path(path)


def read_target(target: Target) -> bytes:
    """The bytes of a target; OSError on failure (a FIFO or device included: it is never read)."""
    if target.path is None:
        import sys

        return sys.stdin.buffer.read()
    return read_regular(target.path)
