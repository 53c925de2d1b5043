"""``syncdsl schema``: the JSON Schema (2020-12) of the language, from the one definition in syncdsl.schema."""

from __future__ import annotations

import json

import click

from syncdsl.cli import CliError


@click.command(short_help="Print the JSON Schema.", context_settings={"help_option_names": ["-h", "--help"]})
def schema() -> None:
    """Print the JSON Schema of *.sync.yaml files (for editors and check-jsonschema)."""
    try:
        from syncdsl.schema import json_schema
    except ModuleNotFoundError as exc:
        if exc.name != "syncdsl.schema":
            raise
        raise CliError("the schema is not available in this build") from None
    click.echo(json.dumps(json_schema(), indent=2))
