"""Suppression comments, and SD900 for the ones that suppress nothing.

``# syncdsl: disable=SD101,SD303`` at the end of a line silences those codes
for diagnostics that start on that line; ``# syncdsl: disable-file=SD303``
anywhere silences them for the whole file. This runs after every rule (the
linter calls :func:`apply_suppressions` last), because only then is it known
which suppressions were used.

A ``#`` only starts a comment at the start of a line or after whitespace,
and never inside a scalar: the scalar nodes' spans decide, so a ``#`` inside
a quoted or block string is text. When the file did not parse there are no
nodes, and a simple quote-aware scan of the line decides instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from syncdsl.config import Config
from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Position, Span
from syncdsl.document import ParsedFile, Source
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode
from syncdsl.rules import get_rule

UNUSED = "SD900"

_DIRECTIVE = re.compile(
    r"(?P<lead>#[ \t]*)?(?<![\w-])syncdsl:[ \t]*(?P<kind>disable-file|disable)(?![\w-])[ \t]*=[ \t]*"
    r"(?P<codes>[A-Za-z][A-Za-z0-9]*(?:[ \t]*,[ \t]*[A-Za-z][A-Za-z0-9]*)*)?"
)
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@dataclass
class _Code:
    code: str  # upper-cased
    written: str
    line: int
    start: int  # columns on the line, code points
    end: int
    used: bool = False

    @property
    def span(self) -> Span:
        return Span(Position(self.line, self.start), Position(self.line, self.end))


@dataclass
class _Directive:
    file_wide: bool
    line: int
    start: int  # where the directive starts: its own `#` when it has one
    body: int  # where `syncdsl:` starts
    end: int  # end of the code list
    opens_comment: bool  # the directive's `#` is the one that starts the comment
    alone: bool  # the only directive in its comment
    codes: list[_Code] = field(default_factory=list)


def apply_suppressions(parsed: ParsedFile, found: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Drop suppressed diagnostics and add SD900 for suppressions that did nothing."""
    source = parsed.source
    if "syncdsl" not in source.text:
        return found
    directives = list(_directives(parsed))
    if not directives:
        return found
    line_codes: dict[int, list[_Code]] = {}
    file_codes: list[_Code] = []
    for d in directives:
        (file_codes if d.file_wide else line_codes.setdefault(d.line, [])).extend(d.codes)

    kept = [d for d in found if not _silence(d.code, d.span.start.line, line_codes, file_codes)]
    if not config.is_enabled(UNUSED):
        return kept

    # Codes that silenced nothing; they are reported unless an SD900 suppression covers them.
    reported: list[_Code] = []
    for code in (c for d in directives for c in d.codes if not c.used and c.code != UNUSED):
        if _known(code.code) and not config.is_enabled(code.code):
            continue  # the rule cannot fire under this configuration, so the suppression is not stale
        if not _silence(UNUSED, code.line, line_codes, file_codes):
            reported.append(code)
    reported.extend(c for d in directives for c in d.codes if c.code == UNUSED and not c.used)
    reported_ids = {id(c) for c in reported}

    rule = get_rule(UNUSED)
    assert rule is not None
    severity = config.severity_of(UNUSED, rule.SEVERITY)
    out = list(kept)
    for directive in directives:
        if not directive.codes:
            span = Span(Position(directive.line, directive.start), Position(directive.line, directive.end))
            fix = Fix(Applicability.SAFE, "Remove the suppression comment", (_remove_directive(source, directive),))
            out.append(Diagnostic(UNUSED, rule.NAME, severity, "suppression comment names no rule codes", span, fix))
            continue
        removed = [c for c in directive.codes if id(c) in reported_ids]
        for code in removed:
            fix = _fix(source, directive, code, removed)
            peers = file_codes if directive.file_wide else line_codes[directive.line]
            out.append(Diagnostic(UNUSED, rule.NAME, severity, _message(code, directive, peers), code.span, fix))
    return out


def _known(code: str) -> bool:
    return get_rule(code) is not None


def _silence(code: str, line: int, line_codes: dict[int, list[_Code]], file_codes: list[_Code]) -> bool:
    hit = False
    for c in line_codes.get(line, ()):
        if c.code == code:
            c.used = hit = True
            break
    for c in file_codes:
        if c.code == code:
            c.used = hit = True
            break
    return hit


def _message(code: _Code, directive: _Directive, peers: list[_Code]) -> str:
    if not _known(code.code):
        from syncdsl.rules import retired_note

        note = retired_note(code.code)
        if note is not None:
            return f"suppression of a retired rule: {note}"
        return f"unknown rule code `{code.written}` in suppression comment"
    scope = "in this file" if directive.file_wide else "on this line"
    if any(c is not code and c.code == code.code and c.used for c in peers):
        return f"duplicate suppression: `{code.code}` is already disabled {scope}"
    return f"unused suppression: no `{code.code}` finding {scope}"


def _fix(source: Source, directive: _Directive, code: _Code, removed: list[_Code]) -> Fix:
    """Remove ``code``; or the whole directive when every code in it goes.

    Several codes of one directive can be removed at once without their edits
    overlapping: a code in the trailing run of removed codes takes the comma
    before it, any other code the comma after it.
    """
    codes = directive.codes
    if len(removed) == len(codes):
        return Fix(Applicability.SAFE, "Remove the unused suppression comment", (_remove_directive(source, directive),))
    i = codes.index(code)
    trailing = all(c in removed for c in codes[i:])
    line = directive.line
    if trailing and i > 0:
        span = Span(Position(line, codes[i - 1].end), Position(line, code.end))
    else:
        span = Span(Position(line, code.start), Position(line, codes[i + 1].start))
    return Fix(Applicability.SAFE, f"Remove `{code.written}` from the suppression comment", (Edit(span, ""),))


def _remove_directive(source: Source, directive: _Directive) -> Edit:
    """Remove a directive, keeping whatever else its comment says (and keeping it a comment)."""
    line = directive.line
    text = source.line_text(line)
    tail = text[directive.end :]
    rest_at = directive.end + len(tail) - len(tail.lstrip())
    rest = text[rest_at:]

    def cut(start: int, end: int) -> Edit:
        return Edit(Span(Position(line, start), Position(line, end)), "")

    before = text[: directive.start].rstrip()
    if not directive.opens_comment:
        return cut(len(before), directive.end)  # the comment text before it stays
    if directive.alone and "#" not in rest:
        # The whole comment goes (a trailing reason with it), and the line when nothing else is on it.
        if not before:
            return Edit(Span(Position(line, 0), Position(line + 1, 0)), "")
        return cut(len(before), len(text))
    if rest.startswith("#"):
        return cut(directive.start, rest_at)  # what follows is a comment of its own
    return cut(directive.body, rest_at)  # keep the `#` for the rest of the comment


# --- finding the comments -------------------------------------------------------------------


def _directives(parsed: ParsedFile) -> Iterator[_Directive]:
    source = parsed.source
    lines = [n for n in range(len(source.line_starts)) if "syncdsl" in source.line_text(n)]
    inside = _scalar_test(parsed, set(lines))
    for n in lines:
        text = source.line_text(n)
        start = _comment_start(text, n, inside)
        if start is None:
            continue
        matches = list(_DIRECTIVE.finditer(text, start))
        for m in matches:
            yield _directive(m, n, start, only=len(matches) == 1)


def _directive(m: re.Match[str], line: int, comment: int, only: bool) -> _Directive:
    lead = m.group("lead")
    opens = m.start() == comment and lead is not None
    body = m.start() + len(lead or "")
    d = _Directive(m.group("kind") == "disable-file", line, m.start(), body, m.end(), opens, only)
    codes_at = m.start("codes")
    if codes_at >= 0:
        for c in _CODE.finditer(m.group("codes")):
            start = codes_at + c.start()
            d.codes.append(_Code(c.group(0).upper(), c.group(0), line, start, start + len(c.group(0))))
    return d


def _comment_start(text: str, line: int, inside: _InsideScalar) -> int | None:
    """Column of the `#` that starts the line's comment, or None."""
    col = text.find("#")
    while col != -1:
        if (col == 0 or text[col - 1] in " \t") and not inside(line, col):
            return col
        col = text.find("#", col + 1)
    return None


class _InsideScalar:
    """Answers "is (line, col) inside a scalar?" for a few lines of interest."""

    def __init__(self, spans: list[Span] | None) -> None:
        self.spans = sorted(spans) if spans is not None else None
        self.starts = [s.start for s in self.spans] if self.spans is not None else []

    def __call__(self, line: int, col: int) -> bool:
        if self.spans is None:
            return False
        pos = Position(line, col)
        i = bisect_right(self.starts, pos)
        # Scalars never overlap, so only the last one starting at or before pos can hold it.
        return i > 0 and pos < self.spans[i - 1].end


def _scalar_test(parsed: ParsedFile, lines: set[int]) -> _InsideScalar:
    roots = [d.root for d in parsed.documents if d.root is not None]
    if not roots:
        return _QuoteScan(parsed.source, lines)
    spans: list[Span] = []
    seen: set[int] = set()
    stack: list[Node] = list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if any(line in lines for line in range(node.span.start.line, node.span.end.line + 1)):
                spans.append(node.span)
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)
        elif isinstance(node, MappingNode):
            for key, value in node.pairs:
                stack.append(key)
                stack.append(value)
    return _InsideScalar(spans)


class _QuoteScan(_InsideScalar):
    """The fallback for files without a tree: quotes opened on the same line hide a `#`."""

    def __init__(self, source: Source, lines: set[int]) -> None:
        super().__init__(None)
        self.quoted: dict[int, list[tuple[int, int]]] = {n: _quoted_ranges(source.line_text(n)) for n in lines}

    def __call__(self, line: int, col: int) -> bool:
        return any(a <= col < b for a, b in self.quoted.get(line, ()))


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#" and (i == 0 or text[i - 1] in " \t"):
            break
        if ch in "'\"" and (i == 0 or text[i - 1] in " \t[{,:-"):
            end = _closing_quote(text, i)
            ranges.append((i, end))
            i = end
            continue
        i += 1
    return ranges


def _closing_quote(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return len(text)
