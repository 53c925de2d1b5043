"""``syncdsl rule [CODE]``: one rule's documentation (its module docstring), or the table of all rules.

The FIX column (and ``Fixable:`` on a rule's page, ``fix_safety`` in JSON)
says whether ``lint --fix`` applies the rule's fix: ``always`` (it is safe),
``sometimes`` (safe in some cases, a suggestion in others) or ``never`` (a
suggestion only, applied with ``--unsafe-fixes``); empty for a rule that
offers no fix.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import click

from syncdsl.cli import CliError


def _find(query: str, rules: tuple[ModuleType, ...]) -> ModuleType:
    wanted = query.strip()
    for rule in rules:
        if wanted.upper() == rule.CODE or wanted.lower() == rule.NAME:
            return rule
    from syncdsl.config import did_you_mean

    hint = did_you_mean(wanted.upper(), [r.CODE for r in rules]) or did_you_mean(
        wanted.lower(), [r.NAME for r in rules]
    )
    raise CliError(f"unknown rule `{query}`" + (f" (did you mean `{hint}`?)" if hint else ""))


def _fixable(rule: ModuleType) -> bool:
    return bool(getattr(rule, "FIXABLE", False))


_SAFETY_TEXT = {
    "always": "yes, always safe (`--fix` applies it)",
    "sometimes": "yes, sometimes safe (`--fix` applies the safe ones, `--fix --unsafe-fixes` the others)",
    "never": "yes, never safe (a suggestion: only `--fix --unsafe-fixes` applies it)",
}
TABLE_LEGEND = (
    "FIX: whether `syncdsl lint --fix` applies the rule's fix: always, sometimes (otherwise it is a\n"
    "suggestion, applied with --unsafe-fixes) or never (a suggestion only); empty: the rule has no fix.\n"
)


def rule_info(rule: ModuleType) -> dict[str, Any]:
    from syncdsl.render import fix_safety, rule_doc, rule_help_uri, rule_summary

    return {
        "code": rule.CODE,
        "name": rule.NAME,
        "severity": rule.SEVERITY.value,
        "fixable": _fixable(rule),
        "fix_safety": fix_safety(rule),
        "summary": rule_summary(rule),
        "url": rule_help_uri(rule.CODE, rule.NAME),
        "doc": rule_doc(rule),
    }


def rule_page(rule: ModuleType) -> str:
    """The Markdown page: a header with the metadata, then the docstring."""
    from syncdsl.render import fix_safety, rule_doc

    safety = fix_safety(rule)
    fix = _SAFETY_TEXT.get(safety, "yes") if safety else "no"
    header = f"# {rule.CODE} {rule.NAME}\n\nSeverity: {rule.SEVERITY.value}\nFixable: {fix}\n\n"
    return header + rule_doc(rule) + "\n"


def rule_table(rules: tuple[ModuleType, ...]) -> str:
    from syncdsl.render import fix_safety, rule_summary

    rows = [("CODE", "NAME", "SEVERITY", "FIX", "SUMMARY")]
    rows += [(r.CODE, r.NAME, r.SEVERITY.value, fix_safety(r) or "", rule_summary(r)) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n\n" + TABLE_LEGEND


@click.command(short_help="Show rule documentation.", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("code", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule(code: str | None, output_format: str) -> None:
    """Show the documentation of rule CODE (or NAME), or list every rule."""
    from syncdsl.rules import all_rules

    rules = all_rules()
    if code is None:
        if output_format == "json":
            click.echo(json.dumps([rule_info(r) for r in rules], indent=2, ensure_ascii=False))
        else:
            click.echo(rule_table(rules), nl=False)
        return
    found = _find(code, rules)
    if output_format == "json":
        click.echo(json.dumps(rule_info(found), indent=2, ensure_ascii=False))
    else:
        click.echo(rule_page(found), nl=False)
