"""Positions, ranges, diagnostics and edits between syncdsl's core and the LSP.

The core counts 0-based lines split at ``\\r\\n``, ``\\r`` and ``\\n`` (the LSP's
own line breaks) and 0-based code-point columns in the text *without* a
leading BOM. The client counts columns in the negotiated position encoding
(UTF-16 unless it offered UTF-8 or UTF-32) in the text it sent, BOM included
if it sent one. :class:`LineIndex` is the one place that bridges the two.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from lsprotocol import types

from syncdsl.diagnostics import Diagnostic, Edit, Fix, Position, Severity, Span

SOURCE = "syncdsl"

_BREAK = re.compile(r"\r\n|\r|\n")
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


def _units(text: str, encoding: str) -> int:
    """Length of ``text`` in the client's code units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _column_of_units(line: str, units: int, encoding: str) -> int:
    """The code-point column at ``units`` client units into ``line`` (clamped; mid-character rounds down)."""
    if units <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    counted = 0
    for index, ch in enumerate(line):
        width = 1 if encoding == UTF16 and ord(ch) <= 0xFFFF else 2 if encoding == UTF16 else _utf8_width(ch)
        if counted + width > units:
            return index
        counted += width
    return len(line)


def _utf8_width(ch: str) -> int:
    code = ord(ch)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


class LineIndex:
    """Line starts of one document text, for conversions in one position encoding."""

    __slots__ = ("text", "encoding", "starts", "bom")

    def __init__(self, text: str, encoding: str = UTF16, starts: list[int] | None = None) -> None:
        """``starts``: the line starts of ``text`` if already known (the core's, which break lines alike)."""
        self.text = text
        self.encoding = encoding
        if starts is None:
            starts = [0]
            starts.extend(m.end() for m in _BREAK.finditer(text))
        self.starts = starts
        # The core strips a leading BOM before counting columns; the client counts it.
        self.bom = 1 if text.startswith("\ufeff") else 0

    def replaced(self, start: int, end: int, text: str) -> LineIndex:
        """The index of this text with ``[start, end)`` (code-point offsets) replaced by ``text``.

        The line starts before the change are kept, those after it moved: equal to indexing the
        new text afresh, which is what it does where a ``\\r`` could pair up differently.
        """
        new_text = self.text[:start] + text + self.text[end:]
        if "\r" in text or "\r" in self.text:
            return LineIndex(new_text, self.encoding)
        starts = self.starts
        # A line start s follows the break at s - 1, which survives if it is outside [start, end).
        kept = starts[: bisect_right(starts, start)]
        at = text.find("\n")
        while at != -1:
            kept.append(start + at + 1)
            at = text.find("\n", at + 1)
        moved = len(text) - (end - start)
        kept.extend([s + moved for s in starts[bisect_right(starts, end) :]])
        return LineIndex(new_text, self.encoding, kept)

    def line(self, number: int) -> str:
        """The text of a line without its line break ("" past the end)."""
        if number < 0 or number >= len(self.starts):
            return ""
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # client <-> code points of this text

    def to_client(self, line: int, column: int) -> types.Position:
        if line >= len(self.starts):
            last = len(self.starts) - 1
            return types.Position(last, _units(self.line(last), self.encoding))
        text = self.line(line)
        column = max(0, min(column, len(text)))
        return types.Position(line, _units(text[:column], self.encoding))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """(line, code-point column) of a client position, clamped into the document."""
        if position.line < 0:
            return 0, 0
        if position.line >= len(self.starts):
            last = len(self.starts) - 1
            return last, len(self.line(last))
        return position.line, _column_of_units(self.line(position.line), position.character, self.encoding)

    def offset(self, line: int, column: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[line] + column, len(self.text))

    def offset_of(self, position: types.Position) -> int:
        return self.offset(*self.from_client(position))

    # client <-> core (BOM-less code points)

    def core_to_client(self, pos: Position) -> types.Position:
        return self.to_client(pos.line, pos.column + (self.bom if pos.line == 0 else 0))

    def client_to_core(self, position: types.Position) -> Position:
        line, column = self.from_client(position)
        if line == 0 and self.bom:
            column = max(0, column - 1)
        return Position(line, column)

    def span_to_range(self, span: Span) -> types.Range:
        return types.Range(self.core_to_client(span.start), self.core_to_client(span.end))

    def range_to_span(self, rng: types.Range) -> Span:
        return Span(self.client_to_core(rng.start), self.client_to_core(rng.end))


# --- diagnostics and edits ----------------------------------------------------------------


def rule_url(code: str) -> str:
    from syncdsl.render import rule_help_uri

    return rule_help_uri(code, "")


def text_edit(edit: Edit, index: LineIndex) -> types.TextEdit:
    return types.TextEdit(range=index.span_to_range(edit.span), new_text=edit.text)


def fix_data(fix: Fix, index: LineIndex) -> dict[str, Any]:
    """A fix as plain JSON for ``Diagnostic.data`` (ranges in the client's encoding)."""
    return {
        "title": fix.message,
        "applicability": fix.applicability.value,
        "edits": [
            {"range": _range_json(index.span_to_range(e.span)), "newText": e.text} for e in fix.edits
        ],
    }


def _range_json(rng: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": rng.start.line, "character": rng.start.character},
        "end": {"line": rng.end.line, "character": rng.end.character},
    }


def to_lsp_diagnostic(d: Diagnostic, index: LineIndex, uri: str) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=index.span_to_range(r.span)), message=r.message
        )
        for r in d.related
    ]
    data: dict[str, Any] = {"name": d.name}
    if d.fix is not None:
        data["fix"] = fix_data(d.fix, index)
    return types.Diagnostic(
        range=index.span_to_range(d.span),
        message=d.message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=rule_url(d.code)),
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


def to_lsp_diagnostics(diagnostics: Iterable[Diagnostic], index: LineIndex, uri: str) -> list[types.Diagnostic]:
    return [to_lsp_diagnostic(d, index, uri) for d in diagnostics]


def minimal_edit(old: str, new: str, index: LineIndex) -> list[types.TextEdit]:
    """One edit replacing only the lines that differ between ``old`` (indexed) and ``new``; [] when equal."""
    if old == new:
        return []
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old_lines), len(new_lines)) - head
        and old_lines[len(old_lines) - 1 - tail] == new_lines[len(new_lines) - 1 - tail]
    ):
        tail += 1
    start = sum(len(x) for x in old_lines[:head])
    end = len(old) - sum(len(x) for x in old_lines[len(old_lines) - tail :])
    replacement = "".join(new_lines[head : len(new_lines) - tail])
    return [
        types.TextEdit(
            range=types.Range(offset_to_client(index, start), offset_to_client(index, end)),
            new_text=replacement,
        )
    ]


def offset_to_client(index: LineIndex, offset: int) -> types.Position:
    line = bisect_right(index.starts, offset) - 1
    return index.to_client(line, offset - index.starts[line])
