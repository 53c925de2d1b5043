"""``syncdsl plan``: what one context's policy does to each file of a local copy of its mount folder.

Like ``explain``, planning is read-only: a file with lint errors is planned as
far as it resolves (a note on stderr says so). Exit 0 when the plan is
printed; 2 for a file, context or folder that cannot be used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from syncdsl.cli import CliError
from syncdsl.cli.export_cmd import STDIN, print_findings, read_one
from syncdsl.nodes import MappingNode
from syncdsl.session_paths import RECYCLE_READINGS


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", type=click.Path(allow_dash=True, path_type=str))
@click.option("--context", "selector", metavar="ID|NAME", default=None,
              help="The context to plan (needed when FILE lists more than one).")
@click.option("--mount", metavar="PATH", default=None,
              help="Choose among contexts with the same id by their mount path.")
@click.option("--root", "root", required=True, type=click.Path(file_okay=False, path_type=str),
              help="A local folder standing for the context's mount path (a copy or a sample of it).")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Output format; the JSON shape is documented in syncdsl.plan.")
@click.option("--recycle-paths", "recycle_reading", type=click.Choice(RECYCLE_READINGS), default="auto",
              show_default=True,
              help="How to read recycle_policy.paths (undocumented): `absolute` in-session paths, relative to the "
                   "`mount`, or `auto`: absolute when inside the mount path, else relative.")
@click.option("--expand", is_flag=True, help="List every file, even in folders whose files all agree.")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="Show folders deeper than N levels as one line with a count per outcome.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.pass_context
def plan(
    ctx: click.Context,
    file: str,
    selector: str | None,
    mount: str | None,
    root: str,
    output_format: str,
    recycle_reading: str,
    expand: bool,
    depth: int | None,
    config_file: Path | None,
    no_config: bool,
) -> None:
    """Show what the policy of a context in FILE does to every file under --root: synced or not, uploaded as a file
    or inside the archive, which recycle lifecycle applies, downloaded or not, and the rule behind each decision."""
    from syncdsl.cli.terminal import write_text, write_utf8
    from syncdsl.plan import PlanError, ScanProgress, find_context, render_text, to_json
    from syncdsl.plan import plan as make_plan

    loaded = read_one(file, config_file, no_config)
    documents = [d for d in loaded.result.parsed.documents if isinstance(d.root, MappingNode)]
    if not documents:
        print_findings(loaded)
        click.echo(f"error: {loaded.display}: nothing to plan: the file holds no syncdsl mapping", err=True)
        ctx.exit(2)
    models = [loaded.result.model_of(d) for d in documents]
    name = "<stdin>" if file == STDIN else file
    progress = ScanProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        model, context = find_context(models, selector, mount)
        result = make_plan(model, context, root, name, recycle_reading, progress)
    except PlanError as exc:
        raise CliError(f"{loaded.display}: {exc}" if not str(exc).startswith(root) else str(exc)) from None
    finally:
        if progress is not None:
            progress.close()
    if loaded.errors:
        noun = "error" if loaded.errors == 1 else "errors"
        click.echo(
            f"note: {loaded.display} has {loaded.errors} lint {noun}; the plan may change once they are fixed"
            f" (run `syncdsl lint {loaded.display}`)",
            err=True,
        )
    if output_format == "json":
        import gc

        gc.disable()  # a dict per file, all alive until written: collector passes would only cost time
        write_utf8(json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n")
    else:
        write_text(render_text(result, expand=expand, depth=depth))
