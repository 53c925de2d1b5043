"""``syncdsl diff OLD NEW``: what changes in the resolved contexts between two versions of a file.

OLD and NEW are files, ``-`` (standard input, for one of them), ``/dev/null``
(no contexts: a file being added or deleted), or ``REV:path``, read from git
(``HEAD:team.sync.yaml``, ``main~3:ops/team.sync.yaml``, ``:team.sync.yaml``
for the staged version; the path is relative to the top of the repository,
or to the current folder when written ``REV:./path``, as git reads it). A
name that exists as a file is always that file.

Exit codes follow ``git diff --exit-code``: 0 when the resolved contexts are
the same, 1 when they differ (``--fail-on loses-data`` or ``risk``: only when
a change carries that marker), 2 on an error (a file that cannot be read,
not a git repository, an unknown revision, a file with no syncdsl mapping).

Run by git as an external diff driver (``git config diff.syncdsl.command
'syncdsl diff'``), it receives git's seven (or nine, for a rename)
arguments instead: ``path old-file old-hex old-mode new-file new-hex
new-mode``. It then always exits 0, as git requires of a driver, and falls
back to a plain line diff for a version that is not a syncdsl file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from syncdsl.cli import CliError
from syncdsl.nodes import MappingNode
from syncdsl.records import record

STDIN = "-"
DEV_NULL = "/dev/null"


@record
class Side:
    display: str
    data: bytes
    models: list  # list[syncdsl.model.Model]
    errors: int = 0
    problem: str | None = None  # set when the text is not a syncdsl file at all


def _is_rev_spec(spec: str) -> bool:
    head, sep, _ = spec.partition(":")
    if not sep:
        return False
    if len(head) == 1 and head.isalpha() and spec[2:3] in ("\\", "/"):
        return False  # a Windows path, C:\...
    return True


def _git(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise CliError("git is not installed (it is needed to read REV:path)") from None


def _git_message(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    text = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else "git failed")
    text = text.removeprefix("fatal: ").removeprefix("error: ")
    if "not a git repository" in text.lower():
        return "not a git repository (REV:path reads a file from git)"
    return text


def read_git(spec: str) -> bytes:
    """The bytes of ``REV:path`` (``git show``), or CliError with git's reason on one line."""
    kind = _git(["cat-file", "-t", spec])
    if kind.returncode != 0:
        raise CliError(f"{spec}: {_git_message(kind.stderr)}")
    what = kind.stdout.decode().strip()
    if what != "blob":
        raise CliError(f"{spec}: not a file in git (a {what})")
    shown = _git(["show", "--no-textconv", spec])
    if shown.returncode != 0:
        raise CliError(f"{spec}: {_git_message(shown.stderr)}")
    return shown.stdout


def _config_for(path: str, config_file: Path | None, no_config: bool):  # type: ignore[no-untyped-def]
    from syncdsl.config import ConfigError, ConfigResolver

    if config_file is not None and no_config:
        raise CliError("--config and --no-config cannot be used together")
    try:
        return ConfigResolver(config_file=config_file, no_config=no_config).for_file(Path(os.path.abspath(path)))
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def load_side(spec: str, config_file: Path | None, no_config: bool, display: str | None = None,
              config_path: str | None = None) -> Side:
    """Read and lint one side; ``/dev/null`` and blank text have no contexts.

    ``display`` names the side in the output and in every ``file:line`` (git's ``a/PATH`` for a
    driver); ``config_path`` is the file whose configuration applies (the repository path).
    """
    from syncdsl.diagnostics import Severity
    from syncdsl.linter import lint_source
    from syncdsl.reading import read_regular

    if spec in (DEV_NULL, os.devnull):
        return Side(DEV_NULL, b"", [])
    if spec == STDIN:
        shown = display or "<stdin>"
        config = _config_for(config_path or "stdin", config_file, no_config)
        data = sys.stdin.buffer.read()
    elif os.path.lexists(spec) or not _is_rev_spec(spec):
        shown = display or spec
        config = _config_for(config_path or spec, config_file, no_config)
        try:
            data = read_regular(spec, config.limits.max_file_size)
        except FileNotFoundError:
            hint = "" if _is_rev_spec(spec) else " (write REV:path to read it from git)"
            raise CliError(f"{spec}: no such file{hint}") from None
        except OSError as exc:
            raise CliError(f"{spec}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    else:
        shown = display or spec
        config = _config_for(config_path or spec.partition(":")[2], config_file, no_config)
        data = read_git(spec)
    result = lint_source(data, shown, config)
    documents = [d for d in result.parsed.documents if isinstance(d.root, MappingNode)]
    errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    side = Side(shown, data, [result.model_of(d) for d in documents], errors)
    if not documents and result.source.text.strip():
        side.problem = f"{shown}: not a syncdsl file: it holds no YAML mapping"
        first = next(iter(result.diagnostics), None)
        if first is not None:
            side.problem += f" ({first.code} at line {first.span.start.line + 1}: {first.message})"
    return side


def _plain_diff(old: Side, new: Side) -> str:
    import difflib

    a = old.data.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.data.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, old.display, new.display))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True, metavar="OLD NEW")
@click.option("--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True, help="Text (coloured on a terminal), JSON (shape in syncdsl.diff), or Markdown for a "
              "pull-request comment.")
@click.option("--fail-on", type=click.Choice(("changes", "risk", "loses-data")), default="changes",
              show_default=True, help="Exit 1 on any change, only on a change marked as a data risk (either marker), "
                                      "or only on one that loses data.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file instead of discovering one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files; use the defaults.")
@click.pass_context
def diff(
    ctx: click.Context,
    files: tuple[str, ...],
    output_format: str,
    fail_on: str,
    config_file: Path | None,
    no_config: bool,
) -> None:
    """Compare the resolved contexts of OLD and NEW (files, or REV:path from git) field by field, with where each
    value comes from, and mark the changes that lose data or keep it longer. Exit 0: same, 1: changed, 2: error."""
    from syncdsl.cli.terminal import use_color, write_text, write_utf8
    from syncdsl.diff import KEEPS, LOSES, compare, render_markdown, render_text, to_json

    driver = len(files) in (7, 9)
    if driver:
        path = files[0]
        new_path = files[7] if len(files) == 9 else path
        old = load_side(files[1], config_file, no_config, f"a/{path}", path)
        new = load_side(files[4], config_file, no_config, f"b/{new_path}", new_path)
    elif len(files) == 2:
        if files == (STDIN, STDIN):
            raise CliError("only one of OLD and NEW can be standard input")
        old = load_side(files[0], config_file, no_config)
        new = load_side(files[1], config_file, no_config)
    else:
        raise click.UsageError(f"expected OLD and NEW, got {len(files)} argument{'s' if len(files) != 1 else ''}")
    problems = [s.problem for s in (old, new) if s.problem]
    if problems:
        if not driver:
            raise CliError(problems[0])
        write_text(f"diff --syncdsl {old.display} {new.display}\n")
        write_text("".join(f"note: {p}; showing a line diff\n" for p in problems) + _plain_diff(old, new))
        return
    for side in (old, new):
        if side.errors:
            noun = "error" if side.errors == 1 else "errors"
            click.echo(f"note: {side.display} has {side.errors} lint {noun}; it is compared as far as it resolves",
                       err=True)
    report = compare(old.models, old.display, new.models, new.display)
    if output_format == "json":
        write_utf8(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n")
    elif output_format == "markdown":
        write_utf8(render_markdown(report))
    else:
        if driver:
            write_text(f"diff --syncdsl {old.display} {new.display}\n")
        write_text(render_text(report, color=use_color(sys.stdout)))
    if driver:
        return  # git treats any non-zero exit of a diff driver as a failure
    if fail_on == "changes":
        failed = report.changed
    elif fail_on == "risk":
        failed = bool(report.risk_count(LOSES) or report.risk_count(KEEPS))
    else:
        failed = bool(report.risk_count(LOSES))
    ctx.exit(1 if failed else 0)
