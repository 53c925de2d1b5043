"""``syncdsl init [PATH]``: write the commented starter file (which lints clean)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import click

from syncdsl.cli import CliError

DEFAULT_NAME = "contexts.sync.yaml"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "starter.sync.yaml"


def starter_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@click.command(short_help="Write a commented starter file.", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("path", required=False, type=click.Path(allow_dash=True, path_type=str))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: str | None, force: bool) -> None:
    """Write a commented starter configuration to PATH (default: ./contexts.sync.yaml; `-` prints it)."""
    text = starter_text()
    if path == "-":
        click.echo(text, nl=False)
        return
    target = Path(path or DEFAULT_NAME)
    if target.is_dir():
        target = target / DEFAULT_NAME
    if target.exists() and not force:
        raise CliError(f"{target}: already exists (use --force to overwrite)")
    if not target.parent.is_dir():
        raise CliError(f"{target.parent}: no such directory")
    # Write beside the target and rename, so an interrupted write never leaves half a file.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise CliError(f"{target}: cannot write: {(exc.strerror or str(exc)).lower()}") from None
    click.echo(f"Wrote {target}")
