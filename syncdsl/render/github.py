"""``--format github``: GitHub Actions workflow commands, one annotation per diagnostic.

``::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=SD101 recycle-path-wildcard::message``
with the runner's escaping (``%``, CR, LF everywhere; ``:`` and ``,`` in properties too),
so a message or a path cannot end the command early. info maps to ``notice``.
"""

from __future__ import annotations

from collections.abc import Sequence

from syncdsl.diagnostics import Severity
from syncdsl.render import FileDiagnostics

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(files: Sequence[FileDiagnostics]) -> str:
    out: list[str] = []
    for f in files:
        path = _property(f.path)
        for d in f.diagnostics:
            start, end = d.span
            out.append(
                f"::{_COMMAND[d.severity]} file={path},line={start.line + 1},col={start.column + 1},"
                f"endLine={end.line + 1},endColumn={end.column + 1},"
                f"title={_property(f'{d.code} {d.name}')}::{_data(d.message)}\n"
            )
    return "".join(out)
