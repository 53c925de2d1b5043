"""Positions, spans, fixes and diagnostics: the vocabulary every layer shares.

Positions are 0-based lines and 0-based columns counted in Unicode code points.
Renderers add 1 for humans; the language server converts to the negotiated
LSP encoding. Nothing downstream recomputes a position.

``Position`` and ``Span`` are NamedTuples rather than dataclasses because the
parser creates hundreds of thousands of them on large files and tuple creation
is several times cheaper; they are immutable all the same.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from syncdsl.records import field, record


class Position(NamedTuple):
    line: int
    column: int


class Span(NamedTuple):
    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, column: int, end_line: int, end_column: int) -> Span:
        return cls(Position(line, column), Position(end_line, end_column))

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Applicability(str, enum.Enum):
    SAFE = "safe"
    SUGGESTION = "suggestion"


@record(frozen=True)
class Edit:
    """Replace the text in ``span`` with ``text`` (an empty span inserts)."""

    span: Span
    text: str


@record(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@record(frozen=True)
class Related:
    """Another place that explains a diagnostic (the first of two duplicate keys)."""

    span: Span
    message: str


@record(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default_factory=tuple)

    @property
    def sort_key(self) -> tuple[int, int, str, int, int, str]:
        s = self.span
        return (s.start.line, s.start.column, self.code, s.end.line, s.end.column, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(self.code, self.name, severity, self.message, self.span, self.fix, self.related)
