"""Human output: ``path:line:col: CODE [severity] message``, an optional source snippet, a summary.

For ``lint`` (``fix_marks=True``) a finding that ``--fix`` would fix carries
``[*]`` after its severity (suggestions too with ``unsafe_fixes``), and the
summary says how many are fixable and how many more ``--unsafe-fixes``
would fix.

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

from syncdsl.diagnostics import Applicability, Diagnostic, Severity
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


def fixable_by_fix(d: Diagnostic, unsafe_fixes: bool = False) -> bool:
    """Whether ``lint --fix`` (with ``--unsafe-fixes`` when ``unsafe_fixes``) would apply this finding's fix."""
    return d.fix is not None and (unsafe_fixes or d.fix.applicability is Applicability.SAFE)


def fixable_summary(files: Sequence[FileDiagnostics], unsafe_fixes: bool = False) -> str | None:
    """``[*] 2 fixable with `--fix` (1 more with `--unsafe-fixes`).``; None when no finding has a fix."""
    fixes = [d.fix for f in files for d in f.diagnostics if d.fix is not None]
    safe = sum(1 for fix in fixes if fix.applicability is Applicability.SAFE)
    more = len(fixes) - safe
    if unsafe_fixes:
        return f"[*] {len(fixes)} fixable with `--fix --unsafe-fixes`." if fixes else None
    if safe and more:
        return f"[*] {safe} fixable with `--fix` ({more} more with `--unsafe-fixes`)."
    if safe:
        return f"[*] {safe} fixable with `--fix`."
    if more:
        return f"{more} fixable with `--fix --unsafe-fixes`."
    return None


def _fix_line(d: Diagnostic, unsafe_fixes: bool, indent: str) -> str | None:
    if d.fix is None:
        return None
    label = "fix" if fixable_by_fix(d, unsafe_fixes) else "fix (needs --unsafe-fixes)"
    return f"{indent}= {label}: {visible(d.fix.message)}"


def _diagnostic_lines(
    path: str,
    d: Diagnostic,
    line_text: str | None,
    style: _Style,
    marker: bool = False,
    fix_line: str | None = None,
) -> list[str]:
    start, end = d.span
    mark = "[*] " if marker else ""
    head = (
        f"{style(visible(path), _BOLD)}:{start.line + 1}:{start.column + 1}: "
        f"{style(d.code, _COLORS[d.severity])} [{style(d.severity.value, _COLORS[d.severity])}] "
        f"{mark}{visible(d.message)}"
    )
    if line_text is None:
        return [head] if fix_line is None else [head, fix_line]
    end_column = end.column if end.line == start.line else len(line_text)
    shown, carets = snippet(line_text, start.column, end_column)
    number = str(start.line + 1)
    pad = " " * len(number)
    bar = style("|", _GUTTER)
    lines = [
        head,
        f" {style(number, _GUTTER)} {bar} {shown}".rstrip(),
        f" {pad} {bar} {style(carets, _COLORS[d.severity])}",
    ]
    if fix_line is not None:
        lines.append(fix_line)
    lines.append("")
    return lines


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
    fix_marks: bool = False,
    unsafe_fixes: bool = False,
    show_fixes: bool = False,
    hidden: int = 0,
    no_files: bool = False,
    head: Sequence[str] = (),
) -> str:
    """The report. ``fix_marks``: ``[*]`` markers and the fixable count (``lint``); ``show_fixes``: each
    fix's description under its finding; ``hidden``: findings a baseline kept back; ``no_files``: nothing
    was checked (so nothing passed either); ``head``: lines printed first (``Fixed 2 problems.``)."""
    style = _Style(color)
    out: list[str] = list(head)
    if statistics:
        out.extend(statistics_lines(files, style))
    elif not quiet:
        indent = "   " if show_source else "  "
        for f in files:
            for d in f.diagnostics:
                text = f.lines.get(d.span.start.line) if show_source else None
                if show_source and text is None:
                    text = ""
                marker = fix_marks and fixable_by_fix(d, unsafe_fixes)
                fix_line = _fix_line(d, unsafe_fixes, indent) if show_fixes else None
                out.extend(_diagnostic_lines(f.path, d, text, style, marker, fix_line))
    total = sum(len(f.diagnostics) for f in files)
    if no_files:
        if show_summary and not quiet:
            out.append("No files to check.")
    elif show_summary and (total or not quiet):
        if total or not hidden:
            out.append(style(summary(files), _GREEN if not total else _BOLD))
        else:
            out.append(style("No new problems.", _GREEN))
        fixable = fixable_summary(files, unsafe_fixes) if fix_marks and total else None
        if fixable:
            out.append(fixable)
    if hidden and show_summary and (total or not quiet):
        out.append(f"{_plural(hidden, 'finding')} hidden by the baseline.")
    return "".join(line + "\n" for line in out)
