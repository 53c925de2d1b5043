"""``syncdsl lint``: check files, print findings, exit 0 / 1 / 2 (SPEC §3).

Flow: options -> configuration resolver -> targets (files.collect) -> lint
(runner.lint_all, maybe in a pool) -> render -> exit code. Configuration is
per file (the nearest config file), and command-line options override it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from syncdsl.cli import CliError
from syncdsl.cli.files import STDIN, TargetError, collect
from syncdsl.cli.runner import POOL_THRESHOLD, FileOutcome, lint_all
from syncdsl.config import ConfigError, ConfigResolver, parse_code_list
from syncdsl.diagnostics import Severity
from syncdsl.render import FileDiagnostics

if TYPE_CHECKING:
    from syncdsl.baseline import BaselineRun
    from syncdsl.cli.files import Target

FORMATS = ("text", "json", "sarif", "github")
LEVELS = ("error", "warning", "info")


def auto_jobs(file_count: int) -> int:
    """Worker processes for ``--jobs 0`` (the default).

    Measured on bench/corpus/small (1,000 files of ~4 KB, 2 cores): a serial run
    costs ~90 ms of start-up plus ~1 ms of CPU per file; a pool adds ~50 ms plus
    ~0.15 ms per file (fork, pickled results). On idle cores a 2-worker pool
    breaks even near 100 files and is ~35% faster at 1,000; on cores that are
    already busy it is slower than one process. Hence: one process below
    POOL_THRESHOLD files, else one worker per idle CPU (CPUs minus the load average).
    """
    if file_count < POOL_THRESHOLD:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on Windows
        busy = 0.0
    return max(1, min(cpus, int(cpus - busy + 0.5), 8))


def _codes(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    try:
        return parse_code_list(values)
    except ValueError as exc:
        raise CliError(f"{option}: {exc}") from None


@click.command(short_help="Lint files and directories.", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--output-format", "--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format (`--format` is another name for this option).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rule codes or prefixes (comma-separated, repeatable); replaces the configured list.")
@click.option("--extend-select", multiple=True, metavar="CODES",
              help="Add these rule codes or prefixes to the selection (the configured one, or --select's).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Skip these rule codes or prefixes (comma-separated, repeatable); added to the configured list.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Exit 1 when a finding is at or above this severity.  [default: error, or the config's]")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings are at or above --fail-on (errors still exit 2).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file for every file instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.option("--force-exclude", is_flag=True,
              help="Leave out excluded and git-ignored files even when they are named (as the pre-commit hook does).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Leave out files that git ignores (.gitignore files, .git/info/exclude) when walking folders.")
@click.option("--show-source/--no-show-source", default=True, show_default=True,
              help="Show the source line and a caret under each finding (text format).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only the summary, and nothing when all checks pass; no progress bar.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes; 0 picks one for few files and one per idle CPU for many.")
@click.option("--stdin-filename", metavar="PATH", default=None,
              help="The name to report (and find configuration for) when reading standard input (`-`).")
# --- fixes and baselines --------------------------------------------------------------------------
@click.option("--fix", is_flag=True,
              help="Apply safe fixes in place; with `-` (standard input), print the fixed text instead.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Count suggestions as fixes too: marked [*], and applied by --fix.")
@click.option("--show-fixes", is_flag=True,
              help="With --fix, list what was fixed in each file; otherwise show each finding's fix under it.")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff instead of writing them (implies --fix).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record the current findings in this baseline file.")
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    config_file: Path | None,
    no_config: bool,
    force_exclude: bool,
    respect_gitignore: bool,
    show_source: bool,
    statistics: bool,
    quiet: bool,
    jobs: int,
    stdin_filename: str | None,
    fix: bool,
    unsafe_fixes: bool,
    show_fixes: bool,
    diff: bool,
    baseline: Path | None,
    write_baseline: Path | None,
) -> None:
    """Lint *.sync.yaml files and directories (default: the current directory); `-` reads stdin."""
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
    try:
        resolver = ConfigResolver(
            config_file=config_file,
            no_config=no_config,
            select=_codes(select, "--select") or None,
            ignore=_codes(ignore, "--ignore"),
            fail_on=Severity(fail_on) if fail_on else None,
            extend_select=_codes(extend_select, "--extend-select"),
        )
        collected = collect(
            paths, resolver, stdin_filename, force_exclude=force_exclude, respect_gitignore=respect_gitignore
        )
    except (ConfigError, TargetError) as exc:
        raise CliError(str(exc)) from None
    for folder in collected.empty_dirs:
        click.echo(f"warning: no *.sync.yaml files found in {folder}", err=True)
    for note in collected.skipped:
        click.echo(f"warning: {note}", err=True)

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
            from syncdsl.cli.fmt_cmd import fixed_summary, lint_with_fixes
            from syncdsl.cli.terminal import use_color

            run = lint_with_fixes(targets, unsafe_fixes, diff, color=diff and use_color(sys.stdout))
            fixed_lines = fixed_summary(run.fixes, diff, show_fixes)
            if diff:
                for o in run.fixes:
                    if o.error:
                        click.echo(f"error: {o.error}", err=True)
                for line in fixed_lines or ["No fixes available."]:
                    click.echo(line, err=True)
                code = 2 if any(o.error for o in run.fixes) else 1 if run.changed else 0
                ctx.exit(0 if exit_zero and code == 1 else code)
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
            click.echo(line, err=True)
        fixed_lines = []
    hidden = baseline_run.hidden if baseline_run is not None else 0
    recorded = baseline_run.recorded if baseline_run is not None else 0
    if hidden and output_format != "text":
        click.echo(f"{hidden} finding{'' if hidden == 1 else 's'} hidden by the baseline", err=True)
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
        click.echo(f"error: {message}", err=True)
    code = 2 if errors else 1 if any(o.fails() for o in outcomes) else 0
    ctx.exit(0 if exit_zero and code == 1 else code)


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
        click.echo(note, err=True)
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
