"""``syncdsl lint``: the click command; the work is ``lint_run.run`` (SPEC §3).

The options are declared here, for click's parsing and help; ``run``
receives them as a ``LintOptions`` record whose fields carry the same names
and defaults (tests/test_cli_fast_path.py checks both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from syncdsl.cli.lint_run import FORMATS, LEVELS, LintOptions, auto_jobs, run

__all__ = ["FORMATS", "LEVELS", "auto_jobs", "lint"]


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
def lint(ctx: click.Context, **options: Any) -> None:
    """Lint *.sync.yaml files and directories (default: the current directory); `-` reads stdin."""
    ctx.exit(run(LintOptions(**options)))
