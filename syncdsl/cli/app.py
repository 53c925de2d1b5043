"""The ``syncdsl`` click group, whose subcommands are imported only when used.

Each subcommand lives in ``syncdsl/cli/<name>_cmd.py`` and is imported by name
when invoked, so ``syncdsl lint`` never loads the language server, jsonschema
or the formatter. Commands that other modules provide and that are not
installed (yet) are simply hidden. ``syncdsl.cli.main`` imports this module
only when the command line needs click (see there).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from syncdsl.cli import COMMANDS, OPTIONAL_COMMANDS, guarded, one_line, version


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"syncdsl {version()}")
    ctx.exit(0)


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
    def invoke() -> Any:
        try:
            return click.Group.main(group, args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            if exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
                # `syncdsl` without a command is a usage error (exit 2), as for other CLIs: the help goes to stderr.
                click.echo(exc.ctx.get_help(), err=True)
                click.echo("error: no command given", err=True)
                return 2
            click.echo(exc.ctx.get_help() if exc.ctx else "")
            return 0
        except click.ClickException as exc:
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            return exc.exit_code
        except click.Abort:
            raise KeyboardInterrupt from None

    return guarded(invoke)


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


