"""``--format sarif``: a SARIF 2.1.0 log for code-scanning services.

One ``reportingDescriptor`` per registered rule (so ``ruleIndex`` is stable
whatever fires), results with the configured level, regions in 1-based
code-point columns (``columnKind: unicodeCodePoints``, ``endColumn``
exclusive, as SARIF defines it) and fixes as artifact changes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from types import ModuleType
from typing import Any
from urllib.parse import quote

from syncdsl.diagnostics import Diagnostic, Severity, Span
from syncdsl.render import FileDiagnostics, rule_doc, rule_help_uri, rule_summary

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/syncdsl/syncdsl"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path stays a relative URI reference (GitHub resolves it against the repository root)."""
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        from pathlib import Path

        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"), safe="/")


def _region(span: Span) -> dict[str, int]:
    start, end = span
    return {
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    }


def rule_descriptor(rule: ModuleType) -> dict[str, Any]:
    doc = rule_doc(rule)
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": rule_summary(rule)},
        "fullDescription": {"text": doc, "markdown": doc},
        "helpUri": rule_help_uri(rule.CODE, rule.NAME),
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVEL[rule.SEVERITY]},
        "properties": {"fixable": bool(getattr(rule, "FIXABLE", False))},
    }


def _result(path: str, d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    location = {"artifactLocation": {"uri": artifact_uri(path)}, "region": _region(d.span)}
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": location}],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {
                "id": n,
                "physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": _region(r.span)},
                "message": {"text": r.message},
            }
            for n, r in enumerate(d.related)
        ]
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": d.fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": artifact_uri(path)},
                        "replacements": [
                            {"deletedRegion": _region(e.span), "insertedContent": {"text": e.text}}
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def render_sarif(files: Sequence[FileDiagnostics], rules: Sequence[ModuleType], version: str) -> str:
    index = {rule.CODE: n for n, rule in enumerate(rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "syncdsl",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f.path, d, index) for f in files for d in f.diagnostics],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
