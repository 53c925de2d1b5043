"""``syncdsl lint``: check files, print findings, exit 0 / 1 / 2 (SPEC §3).

Flow: options -> configuration resolver -> targets (files.collect) -> lint
(runner.lint_all, maybe in a pool) -> render -> exit code. Configuration is
per file (the nearest config file), and command-line options override it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

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
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rule codes or prefixes (comma-separated, repeatable); replaces the configured list.")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Skip these rule codes or prefixes (comma-separated, repeatable); added to the configured list.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Exit 1 when a finding is at or above this severity.  [default: error, or the config's]")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file for every file instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.option("--show-source/--no-show-source", default=True, show_default=True,
              help="Show the source line and a caret under each finding (text format).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary, and nothing when all checks pass.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes; 0 picks one for few files and one per idle CPU for many.")
@click.option("--stdin-filename", metavar="PATH", default=None,
              help="The name to report (and find configuration for) when reading standard input (`-`).")
# --- fixes and baselines --------------------------------------------------------------------------
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, apply suggestions too.")
@click.option("--diff", is_flag=True, help="With --fix, print the changes as a diff instead of writing them.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record the current findings in this baseline file.")
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_file: Path | None,
    no_config: bool,
    show_source: bool,
    statistics: bool,
    quiet: bool,
    jobs: int,
    stdin_filename: str | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    baseline: Path | None,
    write_baseline: Path | None,
) -> None:
    """Lint *.sync.yaml files and directories (default: the current directory); `-` reads stdin."""
    if fix or unsafe_fixes or diff:
        from syncdsl.cli.fmt_cmd import fix_options

        fix = fix_options(fix, unsafe_fixes, diff)
    baseline_run = _baseline_run(baseline, write_baseline)
    # ---------------------------------------------------------------------------------------------
    if config_file is not None and no_config:
        raise CliError("--config and --no-config cannot be used together")
    if statistics and output_format in ("sarif", "github"):
        raise CliError(f"--statistics works with --format text or json, not {output_format}")
    if not paths:
        paths = (STDIN,) if stdin_filename else (".",)
    try:
        resolver = ConfigResolver(
            config_file=config_file,
            no_config=no_config,
            select=_codes(select, "--select") or None,
            ignore=_codes(ignore, "--ignore"),
            fail_on=Severity(fail_on) if fail_on else None,
        )
        collected = collect(paths, resolver, stdin_filename)
    except (ConfigError, TargetError) as exc:
        raise CliError(str(exc)) from None
    for folder in collected.empty_dirs:
        click.echo(f"warning: no *.sync.yaml files found in {folder}", err=True)
    for note in collected.skipped:
        click.echo(f"warning: {note}", err=True)

    targets = collected.targets
    workers = jobs or auto_jobs(len(targets))
    progress = None
    if len(targets) > 50 and sys.stderr.isatty():
        from syncdsl.cli.terminal import Progress

        progress = Progress(len(targets), sys.stderr)
    try:
        if fix:  # rewrite what can be fixed, then report what remains
            from syncdsl.cli.fmt_cmd import lint_with_fixes

            outcomes = lint_with_fixes(targets, unsafe_fixes, diff, output_format)
        else:
            outcomes = lint_all(targets, workers, progress)
    finally:
        if progress is not None:
            progress.close()
    if baseline_run is not None:
        outcomes = _apply_baseline(baseline_run, targets, outcomes)

    errors = [o.error for o in outcomes if o.error]
    _render(outcomes, output_format, show_source, statistics, quiet, errors)
    for message in errors:
        click.echo(f"error: {message}", err=True)
    ctx.exit(2 if errors else 1 if any(o.fails() for o in outcomes) else 0)


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
    show_source: bool,
    statistics: bool,
    quiet: bool,
    errors: list[str],
) -> None:
    files = [FileDiagnostics(o.display, o.diagnostics, o.lines) for o in outcomes if o.error is None]
    from syncdsl.cli.terminal import use_color, write_text, write_utf8

    if output_format == "text":
        from syncdsl.render.text import render_text

        color = use_color(sys.stdout)
        # "All checks passed!" would be untrue when a file could not be read.
        show_summary = not errors or any(f.diagnostics for f in files)
        text = render_text(
            files, show_source=show_source, color=color, statistics=statistics, quiet=quiet, show_summary=show_summary
        )
        write_text(text)
    elif output_format == "json":
        from syncdsl.render.json import render_json, render_json_statistics

        write_utf8(render_json_statistics(files) if statistics else render_json(files))
    elif output_format == "sarif":
        from syncdsl.cli import version
        from syncdsl.render.sarif import render_sarif
        from syncdsl.rules import all_rules

        write_utf8(render_sarif(files, all_rules(), version()))
    else:
        from syncdsl.render.github import render_github

        write_utf8(render_github(files))
