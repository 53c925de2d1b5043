"""The text forms of diagnostics and fixes that rule fixtures are compared with.

One line per diagnostic: ``LINE:COL-END_LINE:END_COL CODE [severity] message``
(1-based, end exclusive, columns in code points). Fixes, one line per edit:
``CODE applicability "fix message" LINE:COL-END_LINE:END_COL -> 'replacement'``.
"""

from __future__ import annotations

from syncdsl.diagnostics import Diagnostic, Span


def span_text(span: Span) -> str:
    s, e = span
    return f"{s.line + 1}:{s.column + 1}-{e.line + 1}:{e.column + 1}"


def render_diagnostics(diagnostics: list[Diagnostic]) -> str:
    lines = [f"{span_text(d.span)} {d.code} [{d.severity.value}] {d.message}" for d in diagnostics]
    return "".join(line + "\n" for line in lines)


def render_fixes(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        if d.fix is None:
            continue
        for edit in d.fix.edits:
            lines.append(
                f'{d.code} {d.fix.applicability.value} "{d.fix.message}" {span_text(edit.span)} -> {edit.text!r}'
            )
    return "".join(line + "\n" for line in lines)
