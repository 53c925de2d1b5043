"""Output renderers for lint results: text, json, sarif, github.

Renderers are pure functions from :class:`FileDiagnostics` to a string, so the
CLI, tests and any other caller share them. They only add 1 to the core's
0-based positions; nothing here recomputes a position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from syncdsl.diagnostics import Diagnostic, Severity

# Where each rule's documentation lives; SARIF helpUri and the language server's codeDescription use it.
RULES_DOC_URL = "https://github.com/syncdsl/syncdsl/blob/main/docs/rules.md"


@dataclass(frozen=True)
class FileDiagnostics:
    """One linted file: the path as shown to the user and its sorted diagnostics."""

    path: str
    diagnostics: Sequence[Diagnostic]
    # 0-based line number -> text of that line, for the lines diagnostics start on (source snippets).
    lines: Mapping[int, str] = field(default_factory=dict)


def rule_help_uri(code: str, name: str) -> str:
    return f"{RULES_DOC_URL}#{code.lower()}-{name}"


def rule_summary(rule: ModuleType) -> str:
    """The first line of a rule's docstring: its one-sentence summary."""
    doc = (rule.__doc__ or "").strip()
    return doc.splitlines()[0].strip() if doc else rule.NAME


def rule_doc(rule: ModuleType) -> str:
    import inspect

    return inspect.cleandoc(rule.__doc__ or "")


def count_by_severity(files: Sequence[FileDiagnostics]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in files:
        for d in f.diagnostics:
            counts[d.severity] += 1
    return counts
