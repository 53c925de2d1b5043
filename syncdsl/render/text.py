"""Human output: ``path:line:col: CODE [severity] message``, an optional source snippet, a summary.

Snippets are drawn in terminal cells, not code points: tabs are expanded
(so the caret line stays aligned whatever the terminal's tab stops), wide
East Asian characters take two cells, combining marks none, and control
characters are shown as visible symbols so a file cannot drive the terminal.
Very long lines are cut to a window around the range.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from syncdsl.diagnostics import Diagnostic, Severity
from syncdsl.render import FileDiagnostics, count_by_severity

TAB_SIZE = 4
MAX_SNIPPET_CHARS = 160  # longer lines are shown as a window around the range
_CONTEXT_BEFORE = 40

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_COLORS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}
_GUTTER = "\x1b[34m"
_GREEN = "\x1b[1;32m"


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def visible(text: str) -> str:
    """Replace control characters (which could move the cursor or recolour the terminal) by visible symbols."""
    if text.isprintable():
        return text
    return "".join(_visible_char(c) for c in text)


def _visible_char(c: str) -> str:
    o = ord(c)
    if o < 0x20:
        return chr(0x2400 + o)  # ␀ .. ␟
    if o == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= o < 0xA0 or unicodedata.category(c) in ("Zl", "Zp", "Cc"):
        return "\ufffd"
    return c


def _cell_width(c: str) -> int:
    if unicodedata.combining(c):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def snippet(line: str, start: int, end: int) -> tuple[str, str]:
    """The display text of ``line`` and a caret line under code points ``start:end`` (clipped to the line).

    An empty range, or one at the end of the line, still gets one caret.
    """
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    lo, hi = 0, len(line)
    if len(line) > MAX_SNIPPET_CHARS:
        lo = max(0, start - _CONTEXT_BEFORE)
        hi = min(len(line), lo + MAX_SNIPPET_CHARS)
    shown: list[str] = ["…"] if lo else []
    cells = len(shown)
    offsets: dict[int, int] = {}  # code point index -> first cell it occupies
    for i in range(lo, hi):
        offsets[i] = cells
        c = line[i]
        if c == "\t":
            text = " " * (TAB_SIZE - cells % TAB_SIZE)
            width = len(text)
        else:
            text = c if c.isprintable() else _visible_char(c)
            width = _cell_width(text)
        shown.append(text)
        cells += width
    offsets[hi] = cells
    if hi < len(line):
        shown.append("…")
    first = offsets[start]
    last = offsets[min(end, hi)]
    return "".join(shown).rstrip(), " " * first + "^" * max(1, last - first)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(files: Sequence[FileDiagnostics]) -> str:
    counts = count_by_severity(files)
    total = sum(counts.values())
    if not total:
        return "All checks passed!"
    parts = [_plural(counts[Severity.ERROR], "error"), _plural(counts[Severity.WARNING], "warning")]
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} info")
    return f"Found {_plural(total, 'problem')} ({', '.join(parts)})."


def _diagnostic_lines(path: str, d: Diagnostic, line_text: str | None, style: _Style) -> list[str]:
    start, end = d.span
    head = (
        f"{style(visible(path), _BOLD)}:{start.line + 1}:{start.column + 1}: "
        f"{style(d.code, _COLORS[d.severity])} [{style(d.severity.value, _COLORS[d.severity])}] {visible(d.message)}"
    )
    if line_text is None:
        return [head]
    end_column = end.column if end.line == start.line else len(line_text)
    shown, carets = snippet(line_text, start.column, end_column)
    number = str(start.line + 1)
    pad = " " * len(number)
    bar = style("|", _GUTTER)
    return [
        head,
        f" {style(number, _GUTTER)} {bar} {shown}".rstrip(),
        f" {pad} {bar} {style(carets, _COLORS[d.severity])}",
        "",
    ]


def statistics_lines(files: Sequence[FileDiagnostics], style: _Style | None = None) -> list[str]:
    style = style or _Style(False)
    counts: Counter[tuple[str, str, Severity]] = Counter()
    for f in files:
        for d in f.diagnostics:
            counts[(d.code, d.name, d.severity)] += 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0], item[0][2].value))
    if not rows:
        return []
    width = max(len(str(n)) for _, n in rows)
    name_width = max(len(name) for (_, name, _), _ in rows)
    return [
        f"{n:>{width}}  {style(code, _COLORS[sev])}  {name:<{name_width}}  [{sev.value}]".rstrip()
        for (code, name, sev), n in rows
    ]


def render_text(
    files: Sequence[FileDiagnostics],
    *,
    show_source: bool = True,
    color: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    show_summary: bool = True,
) -> str:
    style = _Style(color)
    out: list[str] = []
    if statistics:
        out.extend(statistics_lines(files, style))
    elif not quiet:
        for f in files:
            for d in f.diagnostics:
                text = f.lines.get(d.span.start.line) if show_source else None
                if show_source and text is None:
                    text = ""
                out.extend(_diagnostic_lines(f.path, d, text, style))
    total = sum(len(f.diagnostics) for f in files)
    if show_summary and (total or not quiet):
        line = summary(files)
        out.append(style(line, _GREEN if not total else _BOLD))
    return "".join(line + "\n" for line in out)
