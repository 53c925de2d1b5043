"""What the server should say, computed independently of lsp_server: the core's findings,
converted here with plain string arithmetic (no pygls, no lsp_server code)."""

from __future__ import annotations

import json
import re
from typing import Any

from lsprotocol.converters import get_converter

from syncdsl.config import Config
from syncdsl.diagnostics import Position
from syncdsl.linter import lint

_CONVERTER = get_converter()
_SEVERITY = {"error": 1, "warning": 2, "info": 3}


def as_json(value: Any) -> Any:
    """An lsprotocol object as the JSON the server sent."""
    return json.loads(json.dumps(_CONVERTER.unstructure(value)))


def lines_of(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def units(prefix: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    if encoding == "utf-16":
        return len(prefix.encode("utf-16-le")) // 2
    return len(prefix)


def position(text: str, pos: Position, encoding: str) -> dict[str, int]:
    """A core position (code points, BOM not counted) as an LSP position in ``encoding``."""
    lines = lines_of(text)
    if pos.line >= len(lines):  # past the end (a parser's end-of-input mark): the end of the document
        return {"line": len(lines) - 1, "character": units(lines[-1], encoding)}
    column = pos.column + (1 if pos.line == 0 and text.startswith("\ufeff") else 0)
    return {"line": pos.line, "character": units(lines[pos.line][:column], encoding)}


def range_of(text: str, span: Any, encoding: str) -> dict[str, Any]:
    return {"start": position(text, span.start, encoding), "end": position(text, span.end, encoding)}


def diagnostics(text: str, uri: str, encoding: str = "utf-16", config: Config | None = None) -> list[dict[str, Any]]:
    out = []
    for d in lint(text, None, config):
        item: dict[str, Any] = {
            "range": range_of(text, d.span, encoding),
            "message": d.message,
            "severity": _SEVERITY[d.severity.value],
            "code": d.code,
            "codeDescription": {"href": f"https://github.com/syncdsl/syncdsl/blob/main/docs/rules/{d.code}.md"},
            "source": "syncdsl",
            "data": {"name": d.name},
        }
        if d.related:
            item["relatedInformation"] = [
                {"location": {"uri": uri, "range": range_of(text, r.span, encoding)}, "message": r.message}
                for r in d.related
            ]
        if d.fix is not None:
            item["data"]["fix"] = {
                "title": d.fix.message,
                "applicability": d.fix.applicability.value,
                "edits": [{"range": range_of(text, e.span, encoding), "newText": e.text} for e in d.fix.edits],
            }
        out.append(item)
    return out


def offset_position(text: str, offset: int, encoding: str = "utf-16") -> dict[str, int]:
    """The LSP position of a code-point offset into ``text``."""
    line = 0
    start = 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        if m.end() > offset:
            break
        line, start = line + 1, m.end()
    return {"line": line, "character": units(text[start:offset], encoding)}


def in_order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Diagnostics in a total order: the core sorts by position and code, and leaves ties
    (two findings on one span) in an order that can differ between processes."""
    return sorted(items, key=lambda d: json.dumps([d["range"], d["code"], d["message"]], sort_keys=True))
