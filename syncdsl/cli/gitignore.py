"""Which paths git ignores: ``.gitignore`` files (nested, with negation) and ``.git/info/exclude``.

Used when ``lint`` and ``fmt`` walk a directory (unless ``--no-respect-gitignore``)
and, with ``--force-exclude``, for files named on the command line. Only what
git itself would apply counts: rules are read inside a git work tree (a folder
with ``.git`` at or above the path), from its top folder down; a folder that
holds its own ``.git`` (a nested repository, a submodule) starts afresh. The
user's global excludes file (``core.excludesFile``) is not read.

The matching follows gitignore(5):

- blank lines and lines starting with ``#`` are skipped; ``\\#`` and ``\\!``
  start a pattern with that character; trailing spaces are dropped unless
  escaped with ``\\``;
- ``!`` re-includes what an earlier pattern excluded (but nothing inside an
  excluded folder: git never looks there, and neither does the walk);
- a trailing ``/`` matches folders only;
- a pattern with a ``/`` at its start or in its middle is relative to the
  ``.gitignore``'s folder; otherwise it matches a name at any depth below it;
- ``*`` and ``?`` never match ``/``; ``[...]`` is a character class (``[!...]``
  negated); ``**/`` at the start, ``/**`` at the end and ``/**/`` in the middle
  span folders; any other ``**`` is a plain ``*``;
- the last matching line decides, and a deeper ``.gitignore`` overrides the
  ones above it.
"""

from __future__ import annotations

import os
import re

_GLOB_CHARS = frozenset("*?[\\")


class Rule:
    """One pattern. The common shapes (``name``, ``*.ext`` at any depth) are compared as text; the others
    are compiled to a regular expression the first time they are needed (compiling costs more than a walk
    of a small project)."""

    __slots__ = ("_regex", "dir_only", "kind", "negated", "text")

    def __init__(self, kind: str, text: str, negated: bool, dir_only: bool) -> None:
        self.kind = kind  # "name", "suffix" or "regex"
        self.text = text  # the name, the suffix, or the regex body
        self.negated = negated
        self.dir_only = dir_only
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            if self.kind == "name":
                body = "(?:[^/]*/)*" + re.escape(self.text)
            elif self.kind == "suffix":
                body = "(?:[^/]*/)*[^/]*" + re.escape(self.text)
            else:
                body = self.text
            self._regex = re.compile(body + r"\Z", re.S)
        return self._regex

    def matches(self, rel: str) -> bool:
        """Whether the ``/``-separated path ``rel`` (relative to the rule's folder) matches."""
        kind = self.kind
        if kind == "name":
            return rel == self.text or rel.endswith("/" + self.text)
        if kind == "suffix":
            return rel.rpartition("/")[2].endswith(self.text)
        return self.regex.match(rel) is not None


def _class(pattern: str, start: int) -> tuple[str, int] | None:
    """A ``[...]`` class starting at ``start`` as a regex class and the index after it; None if unclosed."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    body: list[str] = []
    first = True
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and not first:
            if not body:
                return None
            # A negated class never matches the separator either.
            return "[" + ("^/" if negate else "") + "".join(body) + "]", i + 1
        if c == "\\" and i + 1 < len(pattern):
            body.append(re.escape(pattern[i + 1]))
            i += 2
        elif c == "-" and body and i + 1 < len(pattern) and pattern[i + 1] != "]":
            body.append("-")
            i += 1
        else:
            body.append("\\" + c if c in "\\^[]" else c)
            i += 1
        first = False
    return None


def _translate(pattern: str) -> str:
    """The regex body for a gitignore glob (already stripped of ``!``, the anchoring ``/`` and a trailing ``/``)."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            j = i
            while j < n and pattern[j] == "*":
                j += 1
            stars = j - i
            at_start = i == 0 or pattern[i - 1] == "/"
            at_end = j == n or pattern[j] == "/"
            if stars >= 2 and at_start and at_end:
                if j == n:  # `/**` at the end (or a lone `**`): everything below
                    out.append(".*")
                    i = j
                else:  # `**/`: zero or more folders
                    out.append("(?:[^/]*/)*")
                    i = j + 1
                continue
            out.append("[^/]*")
            i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            found = _class(pattern, i)
            if found is None:
                out.append(re.escape(c))
                i += 1
            else:
                out.append(found[0])
                i = found[1]
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def parse_line(line: str) -> Rule | None:
    """One ``.gitignore`` line as a rule; None for a blank line or a comment."""
    line = line.rstrip("\r\n")
    # Trailing spaces go, unless the last one is escaped.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    if dir_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    if not line:
        return None
    if not anchored and not _GLOB_CHARS.intersection(line):
        return Rule("name", line, negated, dir_only)
    if not anchored and line.startswith("*") and not _GLOB_CHARS.intersection(line[1:]):
        return Rule("suffix", line[1:], negated, dir_only)
    prefix = "" if anchored else "(?:[^/]*/)*"
    return Rule("regex", prefix + _translate(line), negated, dir_only)


def parse(text: str) -> list[Rule]:
    return [rule for rule in map(parse_line, text.splitlines()) if rule is not None]


def _read_rules(path: str) -> list[Rule]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return parse(fh.read())
    except OSError:  # missing or unreadable: git skips it too
        return []


class _Level:
    """One ignore file's rules and the folder they are relative to (absolute)."""

    __slots__ = ("folder", "prefix", "rules")

    def __init__(self, folder: str, rules: tuple[Rule, ...]) -> None:
        self.folder, self.rules = folder, rules
        self.prefix = folder if folder.endswith(os.sep) else folder + os.sep  # paths below it start so


class Ignorer:
    """The gitignore rules in force for one folder: those of its own ``.gitignore`` and of every folder above it."""

    def __init__(self, levels: tuple[_Level, ...] = ()) -> None:
        self.levels = levels

    @property
    def active(self) -> bool:
        return bool(self.levels)

    def child(self, folder: str) -> Ignorer:
        """The rules for ``folder``, a direct sub-folder of this one (its ``.gitignore`` added)."""
        folder = os.path.abspath(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            return for_repository_root(folder)
        if not self.levels:
            return self
        rules = _read_rules(os.path.join(folder, ".gitignore"))
        if not rules:
            return self
        return Ignorer((*self.levels, _Level(folder, tuple(rules))))

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` itself (its folders are not looked at: see :func:`ignored_with_parents`)."""
        if not self.levels:
            return False
        path = os.path.abspath(path)
        for level in reversed(self.levels):
            prefix = level.prefix
            if not path.startswith(prefix):
                continue  # not below this level's folder
            rel = path[len(prefix) :]
            if os.sep != "/":
                rel = rel.replace(os.sep, "/")
            for rule in reversed(level.rules):
                if rule.dir_only and not is_dir:
                    continue
                if rule.matches(rel):
                    return not rule.negated
        return False


def find_root(path: str) -> str | None:
    """The top folder of the git work tree holding ``path`` (a folder with ``.git``), or None."""
    folder = os.path.abspath(path)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def for_repository_root(root: str) -> Ignorer:
    """The rules at the top of a work tree: ``.git/info/exclude`` below its ``.gitignore``."""
    root = os.path.abspath(root)
    levels: list[_Level] = []
    info = _read_rules(os.path.join(root, ".git", "info", "exclude"))
    if info:
        levels.append(_Level(root, tuple(info)))
    rules = _read_rules(os.path.join(root, ".gitignore"))
    if rules:
        levels.append(_Level(root, tuple(rules)))
    if not levels:
        # Still inside a work tree: an empty level keeps deeper .gitignore files in force.
        levels.append(_Level(root, ()))
    return Ignorer(tuple(levels))


def for_folder(folder: str) -> Ignorer:
    """The rules in force in ``folder``: from the top of its work tree down to it; none outside a work tree."""
    folder = os.path.abspath(folder)
    root = find_root(folder)
    if root is None:
        return Ignorer()
    ignorer = for_repository_root(root)
    rel = os.path.relpath(folder, root)
    if rel == ".":
        return ignorer
    current = root
    for part in rel.split(os.sep):
        current = os.path.join(current, part)
        ignorer = ignorer.child(current)
    return ignorer


def ignored_with_parents(path: str, is_dir: bool) -> bool:
    """Whether git ignores ``path`` or any folder it is in (up to the top of its work tree)."""
    path = os.path.abspath(path)
    root = find_root(os.path.dirname(path) if not is_dir else path)
    if root is None:
        return False
    rel = os.path.relpath(path, root)
    if rel == ".":
        return False
    ignorer = for_repository_root(root)
    current = root
    parts = rel.split(os.sep)
    for n, part in enumerate(parts):
        current = os.path.join(current, part)
        last = n == len(parts) - 1
        if ignorer.ignored(current, is_dir=is_dir or not last):
            return True
        if not last:
            ignorer = ignorer.child(current)
    return False
