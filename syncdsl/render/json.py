"""``--format json``: the SPEC §3 list, one object per diagnostic.

Lines and columns are 1-based code points and ``end_*`` is exclusive: the core's
0-based spans plus one, nothing else.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from syncdsl.diagnostics import Diagnostic, Fix, Span
from syncdsl.render import FileDiagnostics


def _range(span: Span) -> dict[str, int]:
    start, end = span
    return {"line": start.line + 1, "column": start.column + 1, "end_line": end.line + 1, "end_column": end.column + 1}


def fix_object(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [{**_range(e.span), "text": e.text} for e in fix.edits],
    }


def diagnostic_object(path: str, d: Diagnostic) -> dict[str, Any]:
    return {
        "path": path,
        **_range(d.span),
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "fix": fix_object(d.fix),
    }


def render_json(files: Sequence[FileDiagnostics]) -> str:
    items = [diagnostic_object(f.path, d) for f in files for d in f.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def render_json_statistics(files: Sequence[FileDiagnostics]) -> str:
    """``--statistics --format json``: ``[{code, name, severity, count}]``, most frequent first."""
    counts: Counter[tuple[str, str, str]] = Counter(
        (d.code, d.name, d.severity.value) for f in files for d in f.diagnostics
    )
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    items = [{"code": c, "name": n, "severity": s, "count": k} for (c, n, s), k in rows]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
