"""``syncdsl lint`` without click: the options as a record, the run, and the click-free command line.

``run`` is the whole command (SPEC §3): options -> configuration resolver
-> targets (files.collect) -> lint (runner.lint_all, maybe in a pool) ->
render -> exit code. Configuration is per file (the nearest config file), and
command-line options override it. The click command in ``lint_cmd`` and
``parse_fast`` both only build a ``LintOptions`` and call it, so the two
ways in cannot drift apart (tests/test_cli_fast_path.py runs both on the
same command lines and compares every byte and exit code).

``parse_fast`` reads the command lines pre-commit and editors send (paths
and the common options, each spelled as click spells it) and returns None
for anything else: help, ``-``, ``--``, an option it does not know or a value
click would have to check. Then ``syncdsl.cli.main`` hands the command line
to click, so every usage error keeps click's wording.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syncdsl.cli import CliError, echo_err
from syncdsl.cli.fast import OptionTable, parse
from syncdsl.cli.files import STDIN, collect_for_command
from syncdsl.cli.runner import POOL_THRESHOLD, FileOutcome, lint_all
from syncdsl.config import ConfigResolver, parse_code_list
from syncdsl.diagnostics import Severity
from syncdsl.records import record
from syncdsl.render import FileDiagnostics

if TYPE_CHECKING:
    from syncdsl.baseline import BaselineRun
    from syncdsl.cli.files import Target

FORMATS = ("text", "json", "sarif", "github")
LEVELS = ("error", "warning", "info")


@record(frozen=True)
class LintOptions:
    """Every ``syncdsl lint`` option, named and defaulted as the click command's parameters."""

    paths: tuple[str, ...] = ()
    output_format: str = "text"
    output_file: Path | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    exit_zero: bool = False
    config_file: Path | None = None
    no_config: bool = False
    force_exclude: bool = False
    respect_gitignore: bool = True
    show_source: bool = True
    statistics: bool = False
    quiet: bool = False
    jobs: int = 0
    stdin_filename: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    show_fixes: bool = False
    diff: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None


# The command line read without click (syncdsl.cli.fast).
OPTIONS = OptionTable(
    flags={
        "--exit-zero": ("exit_zero", True),
        "--no-config": ("no_config", True),
        "--force-exclude": ("force_exclude", True),
        "--respect-gitignore": ("respect_gitignore", True),
        "--no-respect-gitignore": ("respect_gitignore", False),
        "--show-source": ("show_source", True),
        "--no-show-source": ("show_source", False),
        "--statistics": ("statistics", True),
        "-q": ("quiet", True),
        "--quiet": ("quiet", True),
    },
    choices={"--output-format": ("output_format", FORMATS), "--format": ("output_format", FORMATS),
             "--fail-on": ("fail_on", LEVELS)},
    repeated={"--select": "select", "--extend-select": "extend_select", "--ignore": "ignore"},
    counts={"-j": "jobs", "--jobs": "jobs"},
)


def parse_fast(args: list[str]) -> LintOptions | None:
    """``LintOptions`` for a plain ``syncdsl lint`` command line (``args`` after ``lint``), else None."""
    values = parse(args, OPTIONS)
    return None if values is None else LintOptions(**values)


def auto_jobs(file_count: int) -> int:
    """Worker processes for ``--jobs 0`` (the default).

    Measured on bench/corpus/small (1,000 files of ~4 KB, 2 cores): a serial run
    costs ~60 ms of start-up plus ~1 ms of CPU per file; a pool adds ~50 ms plus
    ~0.15 ms per file (fork, pickled results). On idle cores a 2-worker pool
    breaks even near 100 files and is ~35% faster at 1,000; on cores that are
    already busy it is slower than one process. Hence: one process below
    POOL_THRESHOLD files, else one worker per idle CPU.

    A CPU counts as busy by the smaller of the 1-minute load average and the
    processes runnable right now besides this one (Linux: /proc/loadavg). The
    average alone still counts work that just ended (the previous command of a
    script, the other half of a pre-commit run) for a minute afterwards; the
    instant count alone would let one passing process halve the pool.
    """
    if file_count < POOL_THRESHOLD:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, int(cpus - _busy_cpus() + 0.5), 8))


def _busy_cpus() -> float:
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on Windows
        return 0.0
    runnable = _runnable_now()
    return busy if runnable is None else min(busy, max(0, runnable - 1))


def _runnable_now() -> int | None:
    """Processes running or waiting for a CPU at this moment, this one included (None where unknown)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def _codes(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    try:
        return parse_code_list(values)
    except ValueError as exc:
        raise CliError(f"{option}: {exc}") from None


def run(options: LintOptions) -> int:
    """Run ``syncdsl lint``; returns the exit code (0 clean, 1 findings at or above fail-on, 2 errors)."""
    paths = options.paths
    output_format = options.output_format
    output_file = options.output_file
    select = options.select
    extend_select = options.extend_select
    ignore = options.ignore
    fail_on = options.fail_on
    exit_zero = options.exit_zero
    config_file = options.config_file
    no_config = options.no_config
    force_exclude = options.force_exclude
    respect_gitignore = options.respect_gitignore
    show_source = options.show_source
    statistics = options.statistics
    quiet = options.quiet
    jobs = options.jobs
    stdin_filename = options.stdin_filename
    fix = options.fix
    unsafe_fixes = options.unsafe_fixes
    show_fixes = options.show_fixes
    diff = options.diff
    baseline = options.baseline
    write_baseline = options.write_baseline
    fixing = fix or diff
    baseline_run = _baseline_run(baseline, write_baseline)
    # ---------------------------------------------------------------------------------------------
    if config_file is not None and no_config:
        raise CliError("--config and --no-config cannot be used together")
    if statistics and output_format in ("sarif", "github"):
        raise CliError(f"--statistics works with --format text or json, not {output_format}")
    if diff and output_file is not None:
        raise CliError("--diff prints to standard output; it cannot be combined with --output-file")
    if not paths:
        paths = (STDIN,) if stdin_filename else (".",)
    collected = collect_for_command(
        paths,
        lambda: ConfigResolver(
            config_file=config_file,
            no_config=no_config,
            select=_codes(select, "--select") or None,
            ignore=_codes(ignore, "--ignore"),
            fail_on=Severity(fail_on) if fail_on else None,
            extend_select=_codes(extend_select, "--extend-select"),
        ),
        stdin_filename,
        force_exclude,
        respect_gitignore,
    )

    targets = collected.targets
    reads_stdin = any(t.path is None for t in targets)
    if fixing and not diff and collected.stdin_excluded:
        # An excluded file given on stdin comes back unchanged, as a fixer in an editor expects.
        sys.stdout.flush()
        sys.stdout.buffer.write(sys.stdin.buffer.read())
        sys.stdout.buffer.flush()
    # Where the report goes: a file (-o); stderr when --fix prints the fixed standard input on stdout.
    to_stderr = output_file is None and fixing and not diff and (reads_stdin or collected.stdin_excluded)
    workers = jobs or auto_jobs(len(targets))
    progress = None
    if len(targets) > 50 and not quiet and sys.stderr.isatty():
        from syncdsl.cli.terminal import Progress

        progress = Progress(len(targets), sys.stderr)
    fixed_lines: list[str] = []
    try:
        if fixing:  # rewrite what can be fixed, then report what remains
            from syncdsl.cli.fmt_run import fixed_summary, lint_with_fixes
            from syncdsl.cli.terminal import use_color

            run = lint_with_fixes(targets, unsafe_fixes, diff, color=diff and use_color(sys.stdout))
            fixed_lines = fixed_summary(run.fixes, diff, show_fixes)
            if diff:
                for o in run.fixes:
                    if o.error:
                        echo_err(f"error: {o.error}")
                for line in fixed_lines or ["No fixes available."]:
                    echo_err(line)
                code = 2 if any(o.error for o in run.fixes) else 1 if run.changed else 0
                return 0 if exit_zero and code == 1 else code
            outcomes = run.outcomes
        else:
            outcomes = lint_all(targets, workers, progress)
    finally:
        if progress is not None:
            progress.close()
    if baseline_run is not None:
        outcomes = _apply_baseline(baseline_run, targets, outcomes)

    errors = [o.error for o in outcomes if o.error]
    if fixed_lines and (output_format != "text" or to_stderr):
        for line in fixed_lines:
            echo_err(line)
        fixed_lines = []
    hidden = baseline_run.hidden if baseline_run is not None else 0
    recorded = baseline_run.recorded if baseline_run is not None else 0
    if hidden and output_format != "text":
        echo_err(f"{hidden} finding{'' if hidden == 1 else 's'} hidden by the baseline")
    text_options = {  # for syncdsl.render.text.render_text
        "show_source": show_source,
        "statistics": statistics,
        "quiet": quiet,
        "unsafe_fixes": unsafe_fixes,
        "show_fixes": show_fixes and not fixing,
        "hidden": hidden,
        # "All checks passed!" would be untrue after recording findings, or when nothing was checked.
        "show_summary": (not errors or any(o.diagnostics for o in outcomes)) and not recorded,
        "no_files": not targets and not errors,
        "head": fixed_lines,
    }
    _render(outcomes, output_format, text_options, output_file, to_stderr)
    for message in errors:
        echo_err(f"error: {message}")
    code = 2 if errors else 1 if any(o.fails() for o in outcomes) else 0
    return 0 if exit_zero and code == 1 else code


def _baseline_run(baseline: Path | None, write_baseline: Path | None) -> BaselineRun | None:
    """Read --baseline up front (a bad file is exit 2 before any work); None when neither option is given."""
    if baseline is None and write_baseline is None:
        return None
    from syncdsl.baseline import BaselineError, BaselineRun

    try:
        return BaselineRun(baseline, write_baseline)
    except BaselineError as exc:
        raise CliError(str(exc)) from None


def _apply_baseline(run: BaselineRun, targets: list[Target], outcomes: list[FileOutcome]) -> list[FileOutcome]:
    from syncdsl.baseline import BaselineError

    try:
        kept, note = run.apply(targets, outcomes)
    except BaselineError as exc:
        raise CliError(str(exc)) from None
    if note:
        echo_err(note)
    return kept


def _render(
    outcomes: list[FileOutcome],
    output_format: str,
    text_options: dict[str, Any],
    output_file: Path | None,
    to_stderr: bool,
) -> None:
    files = [FileDiagnostics(o.display, o.diagnostics, o.lines) for o in outcomes if o.error is None]
    from syncdsl.cli.terminal import use_color, write_text, write_utf8

    stream = sys.stderr if to_stderr else sys.stdout
    if output_format == "text":
        from syncdsl.render.text import render_text

        color = output_file is None and use_color(stream)
        text = render_text(files, color=color, fix_marks=True, **text_options)
    elif output_format == "json":
        from syncdsl.render.json import render_json, render_json_statistics

        text = render_json_statistics(files) if text_options["statistics"] else render_json(files)
    elif output_format == "sarif":
        from syncdsl.cli import version
        from syncdsl.render.sarif import render_sarif
        from syncdsl.rules import all_rules

        text = render_sarif(files, all_rules(), version())
    else:
        from syncdsl.render.github import render_github

        text = render_github(files)
    if output_file is not None:
        _write_file(output_file, text)
    elif output_format == "text":
        write_text(text, stream)
    else:
        write_utf8(text, stream)


def _write_file(path: Path, text: str) -> None:
    """``-o FILE``: the report in UTF-8, the folder created if needed; a failure is exit 2."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {(exc.strerror or str(exc)).lower()}") from None
