"""``syncdsl export``: the resolved contexts as SDK wire JSON or as Python that builds the SDK objects.

A file with error-level findings (after configuration) is refused with exit 1
and the findings on stderr, so nothing half-valid reaches the SDK. Warnings do
not block an export: ``lint`` is the place for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from syncdsl.cli import CliError
from syncdsl.diagnostics import Severity
from syncdsl.linter import LintResult
from syncdsl.records import record

STDIN = "-"


@record
class Loaded:
    display: str
    result: LintResult

    @property
    def errors(self) -> int:
        return sum(1 for d in self.result.diagnostics if d.severity is Severity.ERROR)


def read_one(file: str, config_file: Path | None = None, no_config: bool = False) -> Loaded:
    """Read, configure and lint one file (``-`` is stdin); CliError (exit 2) on I/O or configuration problems."""
    from syncdsl.config import ConfigError, ConfigResolver
    from syncdsl.linter import lint_source

    if config_file is not None and no_config:
        raise CliError("--config and --no-config cannot be used together")
    display = "<stdin>" if file == STDIN else file
    try:
        resolver = ConfigResolver(config_file=config_file, no_config=no_config)
        config = resolver.for_file(Path(os.path.abspath(file if file != STDIN else "stdin")))
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    try:
        if file == STDIN:
            data = sys.stdin.buffer.read()
        else:
            from syncdsl.cli.files import read_regular

            data = read_regular(file, config.limits.max_file_size)
    except OSError as exc:
        raise CliError(f"{display}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    return Loaded(display, lint_source(data, display, config))


def print_findings(loaded: Loaded) -> None:
    """The findings in lint's text format, on stderr (stdout is reserved for the export)."""
    from syncdsl.cli.terminal import use_color
    from syncdsl.render import FileDiagnostics
    from syncdsl.render.text import render_text

    source = loaded.result.source
    lines = {d.span.start.line: source.line_text(d.span.start.line) for d in loaded.result.diagnostics}
    text = render_text([FileDiagnostics(loaded.display, loaded.result.diagnostics, lines)],
                       color=use_color(sys.stderr))
    click.echo(text, nl=False, err=True)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", type=click.Path(allow_dash=True, path_type=str))
@click.option("--format", "output_format", type=click.Choice(("json", "python")), default="json",
              show_default=True, help="SDK wire JSON, or Python code that builds the SDK objects.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--all-documents", is_flag=True, help="Export every YAML document of a multi-document file.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.pass_context
def export(
    ctx: click.Context,
    file: str,
    output_format: str,
    output: Path | None,
    all_documents: bool,
    config_file: Path | None,
    no_config: bool,
) -> None:
    """Print FILE's contexts as the AgentBay SDK would send them (JSON), or as Python building the SDK objects."""
    from syncdsl.api import Document
    from syncdsl.export import export_json, export_python, write_atomic

    loaded = read_one(file, config_file, no_config)
    if loaded.errors:
        print_findings(loaded)
        click.echo(f"error: {loaded.display}: not exported: fix the errors above first", err=True)
        ctx.exit(1)
    parsed = loaded.result.parsed
    if len(parsed.documents) > 1 and not all_documents:
        raise CliError(
            f"{loaded.display}: holds {len(parsed.documents)} YAML documents; pass --all-documents to export them all"
        )
    models = [loaded.result.model_of(d) for d in parsed.documents]
    document = Document(parsed, models, loaded.result.diagnostics, None if file == STDIN else file)
    from syncdsl.sdk import sdk_violations

    rejected = sdk_violations(document.contexts)
    if rejected:
        for message in rejected:
            click.echo(f"error: {loaded.display}: {message}", err=True)
        click.echo(f"error: {loaded.display}: not exported: the SDK would refuse to build these objects", err=True)
        ctx.exit(1)
    if output_format == "json":
        from syncdsl.export import UnresolvedNamesError

        try:
            text = export_json(document)
        except UnresolvedNamesError as exc:
            raise CliError(f"{loaded.display}: not exported as JSON: {exc}") from None
    else:
        text = export_python(document, None if file == STDIN else os.path.basename(file))
    if output is None or str(output) == STDIN:
        from syncdsl.cli.terminal import write_utf8

        write_utf8(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise CliError(f"{output}: cannot write: {(exc.strerror or str(exc)).lower()}") from None
