"""Lint configuration: rule selection, severities, file patterns and input limits.

The dataclass is what the linter consumes; loading (pyproject.toml
``[tool.syncdsl]`` or ``.syncdsl.toml``, found by walking up from each linted
file, nearest wins) lives beside it. A bad configuration is never guessed at:
it raises :class:`ConfigError` naming the file and the key, and the CLI turns
that into exit code 2.

Patterns in ``include``/``exclude``/``extend-exclude`` and the keys of
``per-file-ignores`` are relative to the configuration file's directory, use
``/`` separators and follow .gitignore habits: a pattern without ``/``
matches a name at any depth, ``**`` spans directories, ``*`` and ``?`` stay
within one path segment.

``exclude`` starts as :data:`DEFAULT_EXCLUDE` (build output, virtual
environments, caches); setting it replaces that list, ``extend-exclude``
adds to it. ``select`` replaces the rule selection, ``extend-select`` adds
to it (which matters only when ``select`` narrows it: no rule is off by
default).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from syncdsl.diagnostics import Severity
from syncdsl.document import MAX_DEPTH_CEILING, Limits
from syncdsl.records import field, record, replace
from syncdsl.session_paths import DEFAULT_WRITABLE_ROOTS, is_posix_absolute

# Folders (and files) that walking a directory skips unless `exclude` is set: version-control and
# tool metadata, virtual environments, dependency and build output, caches. Never project configuration.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


@record(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # code prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    # (pattern, codes): files matching the pattern (or, for `!pattern`, not matching it) ignore those codes.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = Severity.ERROR
    limits: Limits = Limits()
    # Mount paths the session user can create (SD112); the `linux_latest` image's by default.
    writable_roots: tuple[str, ...] = DEFAULT_WRITABLE_ROOTS
    # Per image (`image_id`) writable roots that replace `writable_roots` for files naming that image.
    image_writable_roots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = None  # the file this configuration was read from

    def is_enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    @property
    def excluded(self) -> tuple[str, ...]:
        """Every exclusion pattern: ``exclude`` (or its defaults) and then ``extend-exclude``."""
        return self.exclude + self.extend_exclude

    def for_path(self, path: str | Path) -> Config:
        """This configuration for one file: ``per-file-ignores`` entries matching it are added to ``ignore``."""
        if not self.per_file_ignores:
            return self
        rel = relative_to_base(path, self)
        extra: list[str] = []
        for pattern, codes in self.per_file_ignores:
            negated = pattern.startswith("!")
            hit = matches_any(rel, (pattern[1:] if negated else pattern,))
            if hit != negated:
                extra.extend(c for c in codes if c not in self.ignore and c not in extra)
        return replace(self, ignore=self.ignore + tuple(extra)) if extra else self

    @property
    def base_dir(self) -> Path:
        """The directory ``include``/``exclude`` patterns are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def with_overrides(
        self,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        fail_on: Severity | None = None,
        extend_select: tuple[str, ...] = (),
    ) -> Config:
        """Apply command-line options: ``--select`` replaces, ``--extend-select`` and ``--ignore`` add,
        ``--fail-on`` replaces."""
        if select is None and not ignore and fail_on is None and not extend_select:
            return self
        chosen = self.select if select is None else select
        if chosen and extend_select:  # an empty selection is every rule already
            chosen = chosen + tuple(c for c in extend_select if c not in chosen)
        return replace(
            self,
            select=chosen,
            ignore=self.ignore + tuple(c for c in ignore if c not in self.ignore),
            fail_on=self.fail_on if fail_on is None else fail_on,
        )


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is one line naming file and key."""


# --- rule codes (from the registry's module names, so loading imports no rule) ---------


def known_codes() -> tuple[str, ...]:
    from syncdsl.rules import RULE_MODULES

    return tuple(name.split("_", 1)[0].upper() for name in RULE_MODULES)


def _code_for_name(name: str) -> str | None:
    """The code of a rule given by its kebab-case name (people write names where codes belong)."""
    from syncdsl.rules import RULE_MODULES

    by_name = {m.split("_", 1)[1].replace("_", "-"): m.split("_", 1)[0].upper() for m in RULE_MODULES}
    wanted = name.lower().replace("_", "-")
    if wanted in by_name:
        return by_name[wanted]
    close = did_you_mean(wanted, by_name)
    return by_name[close] if close else None


def parse_code_list(values: Iterable[str]) -> tuple[str, ...]:
    """Split comma-separated codes/prefixes, upper-case them and check each selects some rule.

    Raises ValueError with a one-line problem ("unknown rule code `SD999` ...").
    """
    codes = known_codes()
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            item = part.strip().upper()
            if not item:
                continue
            if not any(code.startswith(item) for code in codes):
                raise ValueError(_unknown_code(item))
            if item not in out:
                out.append(item)
    return tuple(out)


def _unknown_code(item: str) -> str:
    from syncdsl.rules import retired_note

    note = retired_note(item)
    if note is not None:
        return f"{note}; remove it from the configuration"
    # Similar-looking codes are not a useful hint (SD777 is not a typo of SD107); rule names are.
    hint = _code_for_name(item) if any(c.isalpha() for c in item[2:]) else None
    return f"unknown rule code `{item}`" + (f" (did you mean `{hint}`?)" if hint else "")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    from syncdsl.suggest import closest

    return closest(word, choices)


# --- loading -----------------------------------------------------------------------------

CONFIG_FILES = (".syncdsl.toml", "pyproject.toml")  # in this order within one directory
_LEVELS = ("error", "warning", "info")
_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "include",
    "exclude",
    "extend-exclude",
    "fail-on",
    "max-file-size",
    "max-depth",
    "max-aliases",
    "writable-roots",
    "image-writable-roots",
)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    from syncdsl.reading import read_regular

    try:
        return tomllib.loads(read_regular(path).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{_display(path)}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{_display(path)}: invalid TOML: not UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_display(path)}: invalid TOML: {exc}") from None


def load_config(path: Path) -> Config:
    """Read one configuration file (pyproject.toml or .syncdsl.toml); raise ConfigError if it is bad."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("syncdsl", {}) if isinstance(data.get("tool"), dict) else {}
        where = f"{_display(path)}: [tool.syncdsl]"
        if not isinstance(table, dict):
            raise ConfigError(f"{where} must be a table")
    else:
        table, where = data, f"{_display(path)}:"
    return _from_table(table, where, path)


def _from_table(table: dict[str, Any], where: str, path: Path) -> Config:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where} key `{key}`: {problem}")

    for key in table:
        if key not in _KEYS:
            dashed = key.replace("_", "-")
            hint = dashed if dashed in _KEYS else did_you_mean(dashed, _KEYS)
            raise fail(key, "unknown key" + (f" (did you mean `{hint}`?)" if hint else ""))

    def string_list(key: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"expected a list of strings, got {_shown(value)}")
        return value

    def codes(key: str) -> tuple[str, ...]:
        try:
            return parse_code_list(string_list(key))
        except ValueError as exc:
            raise fail(key, str(exc)) from None

    def integer(key: str, low: int, high: int | None, default: int) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise fail(key, f"expected an integer {bound}, got {_shown(value)}")
        return value

    select = codes("select")
    if select:  # with no `select` every rule is on, so there is nothing to extend
        select += tuple(c for c in codes("extend-select") if c not in select)
    else:
        codes("extend-select")  # still checked
    ignore = list(codes("ignore"))
    per_file: list[tuple[str, tuple[str, ...]]] = []
    raw_per_file = table.get("per-file-ignores", {})
    if not isinstance(raw_per_file, dict):
        problem = f"expected a table of file pattern = list of rule codes, got {_shown(raw_per_file)}"
        raise fail("per-file-ignores", problem)
    for pattern, listed in raw_per_file.items():
        key = f"per-file-ignores.{pattern}"
        if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
            raise fail(key, f"expected a list of rule codes, got {_shown(listed)}")
        if not pattern.lstrip("!").strip("/"):
            raise fail(key, "expected a file pattern, got an empty one")
        try:
            per_file.append((pattern, parse_code_list(listed)))
        except ValueError as exc:
            raise fail(key, str(exc)) from None
    severity: dict[str, Severity] = {}
    raw_severity = table.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise fail("severity", f"expected a table of rule code = level, got {_shown(raw_severity)}")
    all_codes = known_codes()
    for code, level in raw_severity.items():
        upper = code.upper()
        if upper not in all_codes:
            raise fail(f"severity.{code}", _unknown_code(upper))
        if level == "off":
            if upper not in ignore:
                ignore.append(upper)
            continue
        if level not in _LEVELS:
            raise fail(f"severity.{code}", f"expected one of `error`, `warning`, `info`, `off`, got {_shown(level)}")
        severity[upper] = Severity(level)
    fail_on = table.get("fail-on", "error")
    if fail_on not in _LEVELS:
        raise fail("fail-on", f"expected one of `error`, `warning`, `info`, got {_shown(fail_on)}")
    defaults = Limits()
    limits = Limits(
        max_file_size=integer("max-file-size", 1, None, defaults.max_file_size),
        max_depth=integer("max-depth", 1, MAX_DEPTH_CEILING, defaults.max_depth),
        max_aliases=integer("max-aliases", 0, None, defaults.max_aliases),
    )
    include = tuple(string_list("include"))
    exclude = tuple(string_list("exclude")) if "exclude" in table else DEFAULT_EXCLUDE
    extend_exclude = tuple(string_list("extend-exclude"))
    writable_roots = DEFAULT_WRITABLE_ROOTS
    if "writable-roots" in table:
        writable_roots = tuple(string_list("writable-roots"))
        bad = next((root for root in writable_roots if not is_posix_absolute(root)), None)
        if bad is not None:
            raise fail("writable-roots", f"expected absolute POSIX directories, got {_shown(bad)}")
    image_roots: dict[str, tuple[str, ...]] = {}
    raw_images = table.get("image-writable-roots", {})
    if not isinstance(raw_images, dict):
        problem = f"expected a table of image id = list of directories, got {_shown(raw_images)}"
        raise fail("image-writable-roots", problem)
    for image, roots in raw_images.items():
        key = f"image-writable-roots.{image}"
        if not isinstance(roots, list) or not all(isinstance(r, str) and is_posix_absolute(r) for r in roots):
            raise fail(key, f"expected a list of absolute POSIX directories, got {_shown(roots)}")
        image_roots[image] = tuple(roots)
    return Config(
        select=select,
        ignore=tuple(ignore),
        severity=severity,
        include=include,
        exclude=exclude,
        extend_exclude=extend_exclude,
        per_file_ignores=tuple(per_file),
        fail_on=Severity(fail_on),
        limits=limits,
        writable_roots=writable_roots,
        image_writable_roots=image_roots,
        path=path,
    )


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        return f"`{value}`" if "`" not in value else repr(value)
    if isinstance(value, (int, float)):
        return f"`{value}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


# Could this pyproject.toml hold a [tool.syncdsl] table (`[tool.syncdsl]`, `tool.syncdsl.x =`, or a
# `syncdsl` key under `[tool]`)? Only then is the TOML parsed: most mention syncdsl only as a dependency.
_MAY_CONFIGURE = re.compile(rb"""tool\s*\.\s*["']?syncdsl\b|(?:^|[{,])\s*["']?syncdsl["']?\s*[.=]""", re.M)


_TABLE_HEADER = re.compile(rb"^[ \t]*\[\[?[ \t]*([^\]]*?)[ \t]*\]", re.M)


def _in_tool_table(text: bytes, match: re.Match[bytes]) -> bool:
    """A bare `syncdsl = ...` counts only under `[tool]` (not, say, `[project.scripts]`)."""
    if match.group(0).lstrip().startswith(b"tool"):
        return True
    headers = list(_TABLE_HEADER.finditer(text, 0, match.start()))
    return bool(headers) and headers[-1].group(1).replace(b" ", b"") == b"tool"


def _has_syncdsl_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml configures syncdsl (a cheap text test first, TOML only if needed)."""
    try:
        from syncdsl.reading import read_regular

        text = read_regular(pyproject)
    except OSError:
        return False
    if not any(_in_tool_table(text, m) for m in _MAY_CONFIGURE.finditer(text)):
        return False
    data = _read_toml(pyproject)
    tool = data.get("tool")
    return isinstance(tool, dict) and "syncdsl" in tool


def config_file_in(folder: Path) -> Path | None:
    """The configuration file directly in ``folder``, if any (.syncdsl.toml wins over pyproject.toml)."""
    for name in CONFIG_FILES:
        candidate = folder / name
        if not candidate.is_file():
            continue
        if name == "pyproject.toml" and not _has_syncdsl_table(candidate):
            continue
        return candidate
    return None


class ConfigResolver:
    """Which configuration applies to each linted file, cached per directory.

    ``config_file`` (``--config``) pins one file for everything; ``no_config``
    (``--no-config``) uses the defaults. Command-line overrides are applied to
    whatever is found.
    """

    def __init__(
        self,
        config_file: Path | None = None,
        no_config: bool = False,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        fail_on: Severity | None = None,
        extend_select: tuple[str, ...] = (),
    ) -> None:
        self._overrides = (select, ignore, fail_on, extend_select)
        self._pinned: Config | None = None
        if no_config:
            self._pinned = self._apply(Config())
        elif config_file is not None:
            self._pinned = self._apply(load_config(config_file))
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def _apply(self, config: Config) -> Config:
        select, ignore, fail_on, extend_select = self._overrides
        return config.with_overrides(select, ignore, fail_on, extend_select)

    def for_directory(self, directory: Path) -> Config:
        if self._pinned is not None:
            return self._pinned
        directory = Path(os.path.abspath(directory))
        found = self._by_dir.get(directory)
        if found is not None:
            return found
        walked: list[Path] = []
        config: Config | None = None
        for folder in (directory, *directory.parents):
            cached = self._by_dir.get(folder)
            if cached is not None:
                config = cached
                break
            walked.append(folder)
            candidate = config_file_in(folder)
            if candidate is not None:
                config = self._by_file.get(candidate)
                if config is None:
                    config = self._by_file[candidate] = self._apply(load_config(candidate))
                break
        if config is None:
            config = self._apply(Config())
        for folder in walked:
            self._by_dir[folder] = config
        return config

    def for_file(self, path: Path) -> Config:
        """The configuration of one file, ``per-file-ignores`` included."""
        return self.for_directory(path.parent).for_path(path)


# --- patterns --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile an include/exclude glob (see the module docstring) to a regex over ``/`` paths."""
    pat = pattern.replace("\\", "/")
    while pat.startswith("./"):
        pat = pat[2:]
    anchored = "/" in pat.rstrip("/")
    pat = pat.strip("/")
    out: list[str] = []
    i = 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pat.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pat[i]
        if c == "[":
            close = _class_end(pat, i)
            if close != -1:
                body = pat[i + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                elif body.startswith("^"):
                    body = "\\" + body
                out.append(f"[{body}]")
                i = close + 1
                continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(c) or re.escape(c))
        i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + "".join(out) + r"\Z")


def _class_end(pat: str, start: int) -> int:
    """Index of the ``]`` closing the character class opened at ``start``, or -1 (then ``[`` is literal)."""
    j = start + 1
    if j < len(pat) and pat[j] == "!":
        j += 1
    if j < len(pat) and pat[j] == "]":
        j += 1
    return pat.find("]", j)


def relative_to_base(path: str | Path, config: Config) -> str:
    """``path`` relative to the configuration's directory, with ``/`` separators (``..`` when outside it)."""
    try:
        rel = os.path.relpath(os.path.abspath(path), config.base_dir)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


@lru_cache(maxsize=64)
def split_patterns(patterns: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Plain names (``build``, ``.venv/``: a name at any depth, no wildcard) and the other patterns."""
    names: set[str] = set()
    others: list[str] = []
    for pattern in patterns:
        bare = pattern.replace("\\", "/")
        while bare.startswith("./"):
            bare = bare[2:]
        bare = bare.rstrip("/")
        if bare and "/" not in bare and not any(c in bare for c in "*?["):
            names.add(bare)
        else:
            others.append(pattern)
    return frozenset(names), tuple(others)


def matches_any(relative: str, patterns: Iterable[str]) -> bool:
    """Whether a ``/``-separated path relative to the config directory matches one of ``patterns``."""
    if isinstance(patterns, tuple):
        # Plain names are compared as text: compiling the default excludes would cost more than the walk.
        names, others = split_patterns(patterns)
        if names and relative.rpartition("/")[2] in names:
            return True
        patterns = others
    return any(glob_regex(p).match(relative) for p in patterns)
