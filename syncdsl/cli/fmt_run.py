"""``syncdsl fmt`` without click: rewrite files in the canonical layout (and the file-rewriting half of ``lint --fix``).

The click command is ``fmt_cmd.fmt``; it and ``parse_fast`` only build a ``FmtOptions`` and call ``run``.

Exit codes: 0 when every file is formatted (or was rewritten); 1 with
``--check`` or ``--diff`` when a file would change; 2 when a file cannot be
read, does not parse (its SD001 is printed; the file is never touched) or
cannot be written. As with ruff and prettier, a file that does not parse is
an error (2), not a formatting difference (1). Other files are still
processed. ``-`` formats standard input to standard output. ``--diff`` is
coloured on a terminal (``NO_COLOR`` respected).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from syncdsl.cli import CliError, echo_err
from syncdsl.cli.fast import OptionTable, parse
from syncdsl.cli.files import STDIN, Target, collect_for_command, read_target
from syncdsl.cli.runner import FileOutcome
from syncdsl.config import ConfigResolver
from syncdsl.diagnostics import Diagnostic
from syncdsl.document import Source
from syncdsl.records import field, record

# As git colours a diff: hunk headers cyan, removed lines red, added lines green (file names: bold).
_DIFF_COLORS = (("@@", "\x1b[36m"), ("+", "\x1b[32m"), ("-", "\x1b[31m"))


def _colored(text: str, header: bool) -> str:
    if header:
        return f"\x1b[1m{text}\x1b[0m"
    for prefix, code in _DIFF_COLORS:
        if text.startswith(prefix):
            return f"{code}{text}\x1b[0m"
    return text


def unified_diff(old: str, new: str, name: str, color: bool = False) -> str:
    """A ``git diff``-style unified diff of two texts (line endings shown as ``\\n``); ``color`` as git does."""
    a = old.replace("\r\n", "\n").splitlines(keepends=True)
    b = new.replace("\r\n", "\n").splitlines(keepends=True)
    out = []
    for n, line in enumerate(difflib.unified_diff(a, b, fromfile=f"a/{name}", tofile=f"b/{name}")):
        text, end = (line[:-1], "\n") if line.endswith("\n") else (line, "\n\\ No newline at end of file\n")
        out.append((_colored(text, n < 2) if color else text) + end)
    return "".join(out)


def syntax_error_line(display: str, d: Diagnostic) -> str:
    start = d.span.start
    return f"{display}:{start.line + 1}:{start.column + 1}: {d.code} [{d.severity.value}] {d.message}"


@record
class _Tally:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: int = 0


def _plural(n: int, word: str = "file") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _echo(line: str) -> None:
    """One line on stdout, flushed (what ``click.echo`` does with plain text)."""
    _write_text(line + "\n")


def _write_text(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _format_one(target: Target, check: bool, diff: bool, tally: _Tally, color: bool = False) -> None:
    from syncdsl.document import parse
    from syncdsl.formatter import FormatError, format_text
    from syncdsl.safe_write import WriteError, encode, safe_write

    try:
        data = read_target(target)
    except OSError as exc:
        echo_err(f"error: {target.display}: cannot read: {(exc.strerror or str(exc)).lower()}")
        tally.errors += 1
        return
    limits = target.config.limits
    parsed = parse(data, limits)
    if parsed.diagnostics:  # SD001 (syntax, encoding), SD004 (limits): never formatted
        echo_err(syntax_error_line(target.display, parsed.diagnostics[0]))
        tally.errors += 1
        return
    source = parsed.source
    try:
        new = format_text(source.text, limits)
    except FormatError as exc:
        where = f"{exc.line + 1}:{(exc.column or 0) + 1}: " if exc.line is not None else ""
        echo_err(f"{target.display}:{where}{exc.code} [error] {exc}")
        tally.errors += 1
        return
    changed = new != source.text
    if target.path is None and not (check or diff):
        _write_stdout(encode(new, source))
    if not changed:
        tally.unchanged += 1
        return
    tally.changed.append(target.display)
    if diff:
        _write_text(unified_diff(source.text, new, target.display, color))
    elif check:
        _echo(f"Would reformat: {target.display}")
    elif target.path is not None:
        try:
            safe_write(target.path, new, source, limits=limits)
        except WriteError as exc:
            echo_err(f"error: {exc}")
            tally.changed.pop()
            tally.errors += 1


@record(frozen=True)
class FmtOptions:
    """Every ``syncdsl fmt`` option, named and defaulted as the click command's parameters."""

    paths: tuple[str, ...] = ()
    check: bool = False
    diff: bool = False
    config_file: Path | None = None
    no_config: bool = False
    stdin_filename: str | None = None
    force_exclude: bool = False
    respect_gitignore: bool = True


# The command line read without click (syncdsl.cli.fast).
OPTIONS = OptionTable(
    flags={
        "--check": ("check", True),
        "--diff": ("diff", True),
        "--no-config": ("no_config", True),
        "--force-exclude": ("force_exclude", True),
        "--respect-gitignore": ("respect_gitignore", True),
        "--no-respect-gitignore": ("respect_gitignore", False),
    }
)


def parse_fast(args: list[str]) -> FmtOptions | None:
    """``FmtOptions`` for a plain ``syncdsl fmt`` command line (``args`` after ``fmt``), else None."""
    values = parse(args, OPTIONS)
    return None if values is None else FmtOptions(**values)


def run(options: FmtOptions) -> int:
    """Run ``syncdsl fmt``; returns the exit code (see the module's docstring)."""
    paths = options.paths
    check = options.check
    diff = options.diff
    config_file = options.config_file
    no_config = options.no_config
    stdin_filename = options.stdin_filename
    force_exclude = options.force_exclude
    respect_gitignore = options.respect_gitignore
    if config_file is not None and no_config:
        raise CliError("--config and --no-config cannot be used together")
    if not paths:
        paths = (STDIN,) if stdin_filename else (".",)
    collected = collect_for_command(
        paths,
        lambda: ConfigResolver(config_file=config_file, no_config=no_config),
        stdin_filename,
        force_exclude,
        respect_gitignore,
    )
    if collected.stdin_excluded and not (check or diff):
        _write_stdout(sys.stdin.buffer.read())  # an excluded file read from stdin comes back unchanged
    from syncdsl.cli.terminal import use_color

    color = diff and use_color(sys.stdout)
    tally = _Tally()
    for target in collected.targets:
        _format_one(target, check, diff, tally, color)
    to_stderr = diff or any(t.path is None for t in collected.targets)
    n, same = len(tally.changed), tally.unchanged
    if check or diff:
        line = f"{_plural(n)} would be reformatted, {_plural(same)} already formatted"
    else:
        line = f"{_plural(n)} reformatted, {_plural(same)} left unchanged"
    if tally.errors:
        line += f", {_plural(tally.errors)} with errors"
    if collected.targets:
        echo_err(line) if to_stderr else _echo(line)
    return 2 if tally.errors else 1 if (check or diff) and tally.changed else 0




# --- lint --fix ----------------------------------------------------------------------------------------


@record
class FixOutcome:
    """One file after ``lint --fix``: what was fixed, what remains, and whether it was (or would be) rewritten."""

    display: str
    fixed: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    source: Source | None = None
    text: str | None = None
    error: str | None = None


def fix_target(target: Target, unsafe: bool, diff: bool, color: bool = False) -> FixOutcome:
    """Fix one target: write it back safely (stdin: print the fixed text), or with ``diff`` print the diff only."""
    from syncdsl.fixes import fix_text
    from syncdsl.safe_write import WriteError, encode, safe_write

    outcome = FixOutcome(target.display)
    try:
        data = read_target(target)
    except OSError as exc:
        outcome.error = f"{target.display}: cannot read: {(exc.strerror or str(exc)).lower()}"
        return outcome
    result = fix_text(data, target.display, target.config, unsafe)
    outcome.fixed, outcome.remaining = result.fixed, result.remaining
    outcome.source, outcome.text = result.source, result.text
    source = result.source
    if source is None:
        return outcome
    if diff:
        if result.changed:
            _write_text(unified_diff(source.text, result.text, target.display, color))
        return outcome
    if target.path is None:
        _write_stdout(encode(result.text, source))
        return outcome
    if result.changed:
        try:
            safe_write(target.path, result.text, source, limits=target.config.limits)
        except WriteError as exc:
            from syncdsl.linter import lint_source

            # Nothing was written: what remains is what the file had.
            outcome.error = str(exc)
            outcome.fixed = []
            outcome.remaining = lint_source(data, target.display, target.config).diagnostics
            outcome.text = source.text
    return outcome


def fixed_summary(outcomes: list[FixOutcome], diff: bool, show_fixes: bool = False) -> list[str]:
    """``Fixed 3 problems.`` / ``Would fix 3 problems.`` (with ``show_fixes``, each file's fixes by rule
    under it); empty when nothing was fixed."""
    count = sum(len(o.fixed) for o in outcomes)
    if not count:
        return []
    line = f"{'Would fix' if diff else 'Fixed'} {_plural(count, 'problem')}"
    if not show_fixes:
        return [line + "."]
    from collections import Counter

    lines = [line + ":"]
    for o in outcomes:
        if not o.fixed:
            continue
        lines.append(f"  {o.display}")
        counts = Counter((d.code, d.name) for d in o.fixed)
        width = len(str(max(counts.values())))
        lines.extend(f"    {n:>{width}}  {code}  {name}" for (code, name), n in sorted(counts.items()))
    return lines


@record
class FixRun:
    """What ``lint --fix`` did: the findings that remain (as lint outcomes), and each file's fixes."""

    outcomes: list[FileOutcome]
    fixes: list[FixOutcome]

    @property
    def changed(self) -> bool:
        return any(o.source is not None and o.text != o.source.text for o in self.fixes)


def lint_with_fixes(targets: list[Target], unsafe: bool, diff: bool, color: bool = False) -> FixRun:
    """``lint --fix``: fix and rewrite each file (standard input: print the fixed text), return what remains.

    With ``diff`` nothing is written: each file's diff goes to stdout. The
    caller reports (``Fixed N problems.``, see :func:`fixed_summary`).
    """
    fixes = [fix_target(t, unsafe, diff, color) for t in targets]
    outcomes = []
    for target, o in zip(targets, fixes, strict=True):
        outcome = FileOutcome(o.display, list(o.remaining), fail_on=target.config.fail_on, error=o.error)
        shown = Source(o.text or "")
        for d in o.remaining:
            outcome.lines.setdefault(d.span.start.line, shown.line_text(d.span.start.line))
        outcomes.append(outcome)
    return FixRun(outcomes, fixes)


def fix_options(fix: bool, unsafe: bool, diff: bool) -> bool:
    """Whether ``lint`` runs the fixer: with ``--fix``, or ``--diff`` (a preview of the fixes).

    ``--unsafe-fixes`` alone fixes nothing: it marks suggestions as fixable too (``[*]``).
    """
    return fix or diff
