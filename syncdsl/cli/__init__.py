"""The ``syncdsl`` command: a click group whose subcommands are imported only when used.

Importing this package costs little more than click itself: each subcommand
lives in ``syncdsl/cli/<name>_cmd.py`` and is imported by name when invoked,
so ``syncdsl lint`` never loads the language server, jsonschema or the
formatter. Commands that other modules provide and that are not installed
(yet) are simply hidden.

Errors leave as one line on stderr with exit code 2 (usage, configuration and
I/O problems); a traceback is shown only with ``SYNCDSL_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

# name -> "module:attribute"; these are always present.
COMMANDS: dict[str, str] = {
    "lint": "syncdsl.cli.lint_cmd:lint",
    "rule": "syncdsl.cli.rule_cmd:rule",
    "schema": "syncdsl.cli.schema_cmd:schema",
    "init": "syncdsl.cli.init_cmd:init",
}
# Provided by other parts of syncdsl; hidden while their module does not exist.
OPTIONAL_COMMANDS: dict[str, str] = {
    "fmt": "syncdsl.cli.fmt_cmd:fmt",
    "export": "syncdsl.cli.export_cmd:export",
    "explain": "syncdsl.cli.explain_cmd:explain",
    "lsp": "syncdsl.cli.lsp_cmd:lsp",
    "playground": "syncdsl.cli.playground_cmd:playground",
    "diff": "syncdsl.cli.diff_cmd:diff",
    "plan": "syncdsl.cli.plan_cmd:plan",
}


class CliError(click.ClickException):
    """A usage, configuration or I/O problem: one line on stderr, exit code 2."""

    exit_code = 2


def version() -> str:
    from syncdsl import __version__

    return __version__


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"syncdsl {version()}")
    ctx.exit(0)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class LazyGroup(click.Group):
    """A group that imports ``module:attribute`` for a subcommand only when it is asked for."""

    def __init__(
        self,
        *args: Any,
        lazy_commands: dict[str, str] | None = None,
        optional_commands: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})
        self.optional_commands = dict(optional_commands or {})

    def _target(self, name: str) -> str | None:
        return self.lazy_commands.get(name) or self.optional_commands.get(name)

    def _available(self, name: str) -> bool:
        if name in self.lazy_commands:
            return True
        from importlib.util import find_spec

        module = self.optional_commands[name].partition(":")[0]
        return find_spec(module) is not None

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(self.commands)
        names.update(n for n in (*self.lazy_commands, *self.optional_commands) if self._available(n))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = self._target(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        import importlib

        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # Hide an optional command whose module is absent; any other missing import is a real error.
            if cmd_name in self.optional_commands and exc.name == module_name:
                return None
            raise
        command = getattr(module, attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        self.commands[cmd_name] = command
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from syncdsl.config import did_you_mean

            hint = did_you_mean(name, self.list_commands(ctx))
            raise click.UsageError(f"no such command `{name}`" + (f" (did you mean `{hint}`?)" if hint else ""))
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run with one-line errors; exit (standalone) or return the exit code."""
        code = _run(self, args, prog_name or "syncdsl", complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code


def _run(group: click.Group, args: Sequence[str] | None, prog_name: str, complete_var: str | None, **extra: Any) -> int:
    debug = bool(os.environ.get("SYNCDSL_DEBUG"))
    try:
        rv = click.Group.main(group, args, prog_name, complete_var, standalone_mode=False, **extra)
    except click.exceptions.NoArgsIsHelpError as exc:
        if exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
            # `syncdsl` without a command is a usage error (exit 2), as for other CLIs: the help goes to stderr.
            click.echo(exc.ctx.get_help(), err=True)
            click.echo("error: no command given", err=True)
            return 2
        click.echo(exc.ctx.get_help() if exc.ctx else "")
        return 0
    except click.ClickException as exc:
        click.echo(f"error: {_one_line(exc.format_message())}", err=True)
        return exc.exit_code
    except click.Abort:
        click.echo("error: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader went away (`syncdsl lint | head`): stop quietly, as other Unix tools do.
        _silence_stdout()
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if debug:
            raise
        click.echo(
            f"error: internal error: {type(exc).__name__}: {_one_line(str(exc))} (set SYNCDSL_DEBUG=1 for details)",
            err=True,
        )
        return 2
    return rv if isinstance(rv, int) else 0


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    optional_commands=OPTIONAL_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """syncdsl: lint, format and explain AgentBay context-sync configuration (*.sync.yaml)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point (``syncdsl``)."""
    return int(cli.main(args=argv, prog_name="syncdsl", standalone_mode=True) or 0)
