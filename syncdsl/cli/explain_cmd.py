"""``syncdsl explain``: each context's resolved policy, every field with the place that set it.

Explaining is read-only, so a file with lint errors is still explained as far
as it resolves (a note on stderr says so); only a file with no usable YAML
mapping at all is refused (exit 1, findings on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from syncdsl.cli import CliError
from syncdsl.cli.export_cmd import STDIN, print_findings, read_one
from syncdsl.nodes import MappingNode


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", type=click.Path(allow_dash=True, path_type=str))
@click.option("--context", "context_id", metavar="ID", default=None, help="Explain only the context with this id.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Output format; the JSON shape is documented in syncdsl.explain.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.pass_context
def explain(
    ctx: click.Context,
    file: str,
    context_id: str | None,
    output_format: str,
    config_file: Path | None,
    no_config: bool,
) -> None:
    """Show where every resolved policy field of FILE's contexts comes from (a file:line, or the SDK default)."""
    from syncdsl.cli.terminal import write_text, write_utf8
    from syncdsl.explain import explain_models, render_text, select_context, to_json

    loaded = read_one(file, config_file, no_config)
    parsed = loaded.result.parsed
    documents = [d for d in parsed.documents if isinstance(d.root, MappingNode)]
    if not documents:
        print_findings(loaded)
        click.echo(f"error: {loaded.display}: nothing to explain: the file holds no syncdsl mapping", err=True)
        ctx.exit(1)
    models = [loaded.result.model_of(d) for d in documents]
    name = "<stdin>" if file == STDIN else file
    infos = explain_models(models, name)
    if context_id is not None:
        try:
            infos = select_context(infos, context_id)
        except LookupError as exc:
            raise CliError(f"{loaded.display}: {exc}") from None
    if loaded.errors:
        noun = "error" if loaded.errors == 1 else "errors"
        click.echo(
            f"note: {loaded.display} has {loaded.errors} lint {noun}; values may differ once they are fixed"
            f" (run `syncdsl lint {loaded.display}`)",
            err=True,
        )
    if not infos:
        click.echo(f"note: {loaded.display} lists no contexts", err=True)
    if output_format == "json":
        write_utf8(json.dumps(to_json(infos), indent=2, ensure_ascii=False) + "\n")
    else:
        write_text(render_text(infos, name))
