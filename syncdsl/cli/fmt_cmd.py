"""``syncdsl fmt``: the click command; the work is ``fmt_run.run`` (exit codes and layout: see there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from syncdsl.cli.fmt_run import FmtOptions, run


@click.command(
    short_help="Format files in the canonical layout, keeping comments.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of the changes and exit 1 if any.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file (file patterns, size limits) instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.option("--stdin-filename", metavar="PATH", default=None,
              help="The name to report (and find configuration for) when reading standard input (`-`).")
@click.option("--force-exclude", is_flag=True,
              help="Leave out excluded and git-ignored files even when they are named (as the pre-commit hook does).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Leave out files that git ignores (.gitignore files, .git/info/exclude) when walking folders.")
@click.pass_context
def fmt(ctx: click.Context, **options: Any) -> None:
    """Format *.sync.yaml files and directories in place (default: the current directory); `-` reads stdin.

    The layout: 2-space indentation, lists indented under their key, keys in the
    SDK's order, comments kept with their keys, quotes only where needed, line
    endings, BOM and final newline kept. Files that do not parse are reported
    and left untouched (exit 2).
    """
    ctx.exit(run(FmtOptions(**options)))
