"""Reading a plain command line without click, for the commands pre-commit runs on every commit.

``syncdsl.cli.main`` asks the command's run module (``FAST_COMMANDS``) to read
the arguments; a module reads them with ``parse`` and an ``OptionTable`` of the
options it accepts, each spelled as its click command spells it. ``parse``
gives up (None) on anything it does not know for certain: help, ``-``, ``--``,
an unknown option, a value click would check (a path, a choice it does not
list, a number it cannot read), a short option with its value attached. Then
click reads the command line, so every usage error keeps click's wording.
"""

from __future__ import annotations

from typing import Any

from syncdsl.records import field, record

# command -> the module with `parse_fast(args) -> options | None` and `run(options) -> exit code`.
FAST_COMMANDS: dict[str, str] = {"lint": "syncdsl.cli.lint_run", "fmt": "syncdsl.cli.fmt_run"}


@record(frozen=True)
class OptionTable:
    """The options one command reads without click, by the name its options record gives each."""

    flags: dict[str, tuple[str, bool]] = field(default_factory=dict)  # flag -> (field, value)
    choices: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # option -> (field, accepted)
    repeated: dict[str, str] = field(default_factory=dict)  # option -> field (a tuple of every value)
    counts: dict[str, str] = field(default_factory=dict)  # option -> field (a non-negative int)


def parse(args: list[str], table: OptionTable) -> dict[str, Any] | None:
    """The options record's keyword arguments (``paths`` included) for ``args``, or None to leave them to click."""
    values: dict[str, Any] = {}
    paths: list[str] = []
    repeated: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in table.flags and not eq:
            key, flag = table.flags[name]
            values[key] = flag
            continue
        if name not in table.choices and name not in table.repeated and name not in table.counts:
            return None  # `-`, `--`, help, an option click must read
        if eq and not name.startswith("--"):
            return None
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if name in table.choices:
            key, accepted = table.choices[name]
            if value not in accepted:
                return None
            values[key] = value
        elif name in table.repeated:
            repeated.setdefault(table.repeated[name], []).append(value)
        else:
            if not (value.isascii() and value.isdigit()):
                return None
            values[table.counts[name]] = int(value)
    values.update((key, tuple(items)) for key, items in repeated.items())
    values["paths"] = tuple(paths)
    return values
