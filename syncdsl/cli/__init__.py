"""The ``syncdsl`` command line.

``main`` is the console-script entry point. A plain ``syncdsl lint`` or
``syncdsl fmt`` (paths and the options pre-commit and editors pass, see
``syncdsl.cli.fast``) runs without importing click: click, and the
``inspect`` module it imports, were the largest single cost of a cold lint. Everything else (help, other
commands, option errors) goes through the click group in ``syncdsl.cli.app``,
which is also what ``syncdsl.cli.cli`` names.

Errors leave as one line on stderr with exit code 2 (usage, configuration and
I/O problems); a traceback is shown only with ``SYNCDSL_DEBUG=1``. This module
imports nothing from click, so neither may anything the fast path imports.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

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


class CliError(Exception):
    """A usage, configuration or I/O problem: one line on stderr, exit code 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


def version() -> str:
    from syncdsl import __version__

    return __version__


def one_line(text: str) -> str:
    return " ".join(text.split())


def echo_err(text: str) -> None:
    """One message line on stderr, flushed (what ``click.echo(..., err=True)`` does for plain text)."""
    stream = sys.stderr
    if stream is None:
        return
    stream.write(text + "\n")
    stream.flush()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _exit_now(code: int) -> None:
    """Flush and leave without tearing the interpreter down.

    Freeing ~190 modules and every object of the run costs ~5 ms of a ~60 ms
    cold lint, for memory the process returns anyway. Only ``main()`` without
    arguments (the console script, ``python -m syncdsl``) does this, after the
    command has finished: the pool is joined and every file it wrote closed.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = code or 1
    except (OSError, ValueError, AttributeError):
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(code)


def guarded(work: Callable[[], Any]) -> int:
    """Run a command: its exit code, or a one-line error for anything it raises (no traceback)."""
    try:
        rv = work()
    except CliError as exc:
        echo_err(f"error: {one_line(exc.format_message())}")
        return exc.exit_code
    except KeyboardInterrupt:
        echo_err("error: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`syncdsl lint | head`): stop quietly, as other Unix tools do.
        _silence_stdout()
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("SYNCDSL_DEBUG"):
            raise
        echo_err(f"error: internal error: {type(exc).__name__}: {one_line(str(exc))} (set SYNCDSL_DEBUG=1 for details)")
        return 2
    return rv if isinstance(rv, int) else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point (``syncdsl``); exits with the command's code."""
    args = list(sys.argv[1:] if argv is None else argv)
    from syncdsl.cli.fast import FAST_COMMANDS

    if args and args[0] in FAST_COMMANDS:
        import importlib

        command = importlib.import_module(FAST_COMMANDS[args[0]])
        options = command.parse_fast(args[1:])
        if options is not None:
            code = guarded(lambda: command.run(options))
            if argv is None:  # the process's own command line: nothing runs after us
                _exit_now(code)
            sys.exit(code)
    from syncdsl.cli.app import cli

    return int(cli.main(args=args, prog_name="syncdsl", standalone_mode=True) or 0)


def __getattr__(name: str) -> Any:
    # `from syncdsl.cli import cli` (tests, click's CliRunner) and LazyGroup load the click group on demand.
    if name in ("cli", "LazyGroup"):
        from syncdsl.cli import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
