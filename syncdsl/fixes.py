"""Applying the fixes that rules attach to diagnostics.

A fix is a set of :class:`~syncdsl.diagnostics.Edit` s on the text the rule
saw; an edit replaces exactly its span, so the rest of the file (comments
included) stays byte-identical. :func:`fix_text` applies every safe fix (and
suggestions too when asked), re-lints, and repeats until nothing more
applies: one fix can uncover another, and two fixes whose edits overlap
cannot share a pass (the first is kept, the other waits for the next pass,
when it is recomputed against the new text). Passes are bounded.

A fix never makes a file worse. A fix whose edits leave the text as it is
is no fix: it is neither applied nor counted. A pass is kept only if its
result still parses, has no more findings of any code SD001-SD014 than the
text before it (two renames to one key would add an SD002; so would
renaming a key to one that another fix inserts) and no fewer keys in any
mapping. (Counting by code, not by message: a finding's message may change
while it stays, and a rename may bring a nested typo to light while removing
its own finding.) When a pass fails
that check, the longest run of its fixes that passes is kept, the fix that
broke it is dropped for good, and the rest wait for the next pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from syncdsl.config import Config
from syncdsl.diagnostics import Applicability, Diagnostic, Edit
from syncdsl.document import Source
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode
from syncdsl.records import field, record

if TYPE_CHECKING:
    from syncdsl.linter import LintResult

MAX_PASSES = 10

# The findings of the document layer and the schema: a fix pass must never add one.
GUARDED_CODES = frozenset({"SD001", "SD002", "SD003", "SD004", "SD005", "SD010", "SD011", "SD012", "SD013", "SD014"})


class OverlappingEditsError(ValueError):
    """Two edits of one batch cover the same text, so no order of applying them is right."""


@record
class FixResult:
    text: str  # the fixed text, without a BOM, in the file's own line endings
    fixed: list[Diagnostic] = field(default_factory=list)  # the findings whose fix was applied, in order
    remaining: list[Diagnostic] = field(default_factory=list)  # findings of the fixed text
    source: Source | None = None  # the original: encoding, BOM and line endings to write back with

    @property
    def changed(self) -> bool:
        return self.source is not None and self.text != self.source.text


def _offsets(source: Source, edits: Iterable[Edit]) -> list[tuple[int, int, str]]:
    out = []
    for edit in edits:
        start = source.offset_of(edit.span.start)
        end = source.offset_of(edit.span.end)
        if end < start:
            raise ValueError(f"edit ends before it starts: {edit.span}")
        out.append((start, end, edit.text))
    return out


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Whether two edits cover a common character (touching ends and insertions do not)."""
    return a[0] < b[1] and b[0] < a[1]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; raises :class:`OverlappingEditsError` if two overlap.

    Positions are resolved on ``text`` (0-based line, code-point column) and the
    result is built in one sweep. Insertions at the same point keep their given order.
    """
    resolved = sorted(_offsets(Source(text), edits), key=lambda e: (e[0], e[1]))
    for a, b in zip(resolved, resolved[1:], strict=False):
        if _overlap(a, b):
            raise OverlappingEditsError(f"edits overlap at offsets {a[0]}-{a[1]} and {b[0]}-{b[1]}")
    pieces: list[str] = []
    pos = 0
    for start, end, new in resolved:
        pieces.append(text[pos:start])
        pieces.append(new)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _wanted(d: Diagnostic, unsafe: bool) -> bool:
    return d.fix is not None and (d.fix.applicability is Applicability.SAFE or unsafe)


def _identity(d: Diagnostic) -> tuple[str, str, str]:
    return (d.code, d.message, d.fix.message if d.fix else "")


def _in_newline(edit: Edit, newline: str) -> Edit:
    """Edits are written with ``\\n``; a CRLF file gets CRLF."""
    if newline == "\n" or "\n" not in edit.text:
        return edit
    return Edit(edit.span, re.sub(r"\r?\n", newline, edit.text))


def is_noop(fix_edits: Sequence[Edit], source: Source) -> bool:
    """Whether applying the edits would leave the text exactly as it is."""
    text = source.text
    for edit in fix_edits:
        start, end = source.offset_of(edit.span.start), source.offset_of(edit.span.end)
        if text[start:end] != edit.text:
            return False
    return True


class _Taken:
    """The offset ranges of the edits chosen so far, for a conflict test in logarithmic time.

    Chosen ranges never overlap each other, so sorted by start their ends are
    sorted too: the only range that can overlap a new one is the first whose
    end lies past the new start.
    """

    def __init__(self) -> None:
        self.starts: list[tuple[int, int]] = []
        self.ends: list[int] = []
        self.points: set[int] = set()  # insertions

    def conflicts(self, edit: tuple[int, int, str]) -> bool:
        start, end = edit[0], edit[1]
        if start == end and start in self.points:
            return True  # two insertions at one point: which goes first is a guess
        i = bisect_right(self.ends, start)
        return i < len(self.ends) and self.starts[i][0] < end

    def add(self, edit: tuple[int, int, str]) -> None:
        key = (edit[0], edit[1])
        i = bisect_right(self.starts, key)
        self.starts.insert(i, key)
        self.ends.insert(i, edit[1])
        if edit[0] == edit[1]:
            self.points.add(edit[0])


def select_fixes(diagnostics: Sequence[Diagnostic], source: Source, unsafe: bool = False) -> list[Diagnostic]:
    """The fixable findings that can share one pass: in order, skipping any that overlaps an earlier one.

    A fix that would change nothing is skipped too.
    """
    chosen: list[Diagnostic] = []
    taken = _Taken()
    same: set[tuple[object, ...]] = set()
    for d in diagnostics:
        if not _wanted(d, unsafe) or d.fix is None:
            continue
        if d.fix.edits in same:  # several findings, one fix (two globs in one white list entry)
            chosen.append(d)
            continue
        try:
            spans = _offsets(source, d.fix.edits)
        except ValueError:
            continue
        ordered = sorted(spans, key=lambda e: (e[0], e[1]))
        if any(_overlap(a, b) for a, b in zip(ordered, ordered[1:], strict=False)):
            continue  # a fix whose own edits overlap is broken: skip it
        if all(source.text[a:b] == new for a, b, new in spans):
            continue  # changes nothing: not a fix
        if any(taken.conflicts(e) for e in spans):
            continue
        chosen.append(d)
        for e in spans:
            taken.add(e)
        same.add(d.fix.edits)
    return chosen


def _apply_fixes(text: str, fixes: Sequence[Diagnostic], newline: str) -> str:
    """Apply the fixes' edits once each: findings that share one fix share its edits."""
    distinct = list(dict.fromkeys(d.fix.edits for d in fixes if d.fix))
    return apply_edits(text, [_in_newline(e, newline) for edits in distinct for e in edits])


@record
class _Guard:
    """What a pass must not make worse: SD001-SD014 findings, and the keys of every mapping."""

    # By code, and for SD002 by key too: a message may change while its finding stays, but
    # a duplicate of another key is a new problem even when an old duplicate went away.
    findings: Counter[str]
    keys: list[int]  # distinct keys of each mapping that counts (first-key-wins), in document order

    def allows(self, after: _Guard) -> bool:
        if after.findings - self.findings:
            return False
        if len(after.keys) == len(self.keys):
            return all(a >= b for a, b in zip(after.keys, self.keys, strict=True))
        return sum(after.keys) >= sum(self.keys)


_LINE_NOTE = re.compile(r" \(first defined on line \d+\)")


def _label(d: Diagnostic) -> str:
    return f"SD002 {_LINE_NOTE.sub('', d.message)}" if d.code == "SD002" else d.code


def _guard(result: LintResult) -> _Guard:
    """The guard of a lint result, whatever the configuration selected or suppressed."""
    found = list(result.parsed.all_diagnostics())
    for ctx in result.contexts:
        found.extend(ctx.schema_findings)
    findings = Counter(_label(d) for d in found if d.code in GUARDED_CODES)
    keys: list[int] = []
    seen: set[int] = set()
    stack: list[Node] = [d.root for d in reversed(result.parsed.documents) if d.root is not None]
    while stack:  # pre-order, each node once (an alias reaches the same node again)
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            # Only the values that count: a duplicate key's other value is lost data.
            pairs = node.effective_pairs()
            other = [(k, v) for k, v in node.pairs if not (isinstance(k, ScalarNode) and isinstance(k.value, str))]
            keys.append(len(pairs) + len(other))
            for _, v in reversed(pairs + other):
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.items))
    return _Guard(findings, keys)


_Trial = tuple[str, "LintResult", _Guard]  # a pass tried: its text, its lint result and its guard


def fix_text(
    data: bytes | str,
    path: str | None = None,
    config: Config | None = None,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """Apply safe fixes (and suggestions with ``unsafe``) until none applies; never makes the file worse."""
    from syncdsl.linter import lint_source

    config = config or Config()
    first = lint_source(data, path, config)
    source = first.source
    result = FixResult(source.text, [], first.diagnostics, source)
    if any(d.code == "SD001" for d in first.parsed.diagnostics):
        return result  # nothing can be fixed in a file that does not parse
    text = source.text
    current = first
    guard = _guard(first)
    rejected: set[tuple[str, str, str]] = set()
    seen = {text}
    applied = 0
    for _ in range(2 * max_passes):  # a pass that only drops a bad fix counts half
        if applied >= max_passes:
            break
        candidates = [d for d in current.diagnostics if _identity(d) not in rejected]
        chosen = select_fixes(candidates, Source(text), unsafe)
        if not chosen:
            break
        units = _units(chosen)

        def attempt(n: int, text: str = text, units: list[list[Diagnostic]] = units) -> _Trial:
            new_text = _apply_fixes(text, [d for unit in units[:n] for d in unit], source.newline)
            new = lint_source(new_text, path, config)
            return new_text, new, _guard(new)

        new_text, new, new_guard = attempt(len(units))
        if not guard.allows(new_guard):
            # The longest prefix that passes (n = 0 changes nothing, so it passes); the unit after it is bad.
            good, bad = 0, len(units)
            best: _Trial | None = None
            while bad - good > 1:
                mid = (good + bad) // 2
                trial = attempt(mid)
                if guard.allows(trial[2]):
                    good, best = mid, trial
                else:
                    bad = mid
            rejected.update(_identity(d) for d in units[bad - 1])
            if best is None:
                continue
            units = units[:good]
            new_text, new, new_guard = best
        if new_text in seen:
            break
        seen.add(new_text)
        result.fixed.extend(d for unit in units for d in unit)
        text, current, guard = new_text, new, new_guard
        applied += 1
    result.text = text
    result.remaining = current.diagnostics
    return result


def _units(chosen: list[Diagnostic]) -> list[list[Diagnostic]]:
    """The chosen findings grouped by fix: findings that share one fix are applied, or not, together."""
    groups: dict[tuple[Edit, ...], list[Diagnostic]] = {}
    for d in chosen:
        assert d.fix is not None
        groups.setdefault(d.fix.edits, []).append(d)
    return list(groups.values())


__all__ = ["FixResult", "GUARDED_CODES", "OverlappingEditsError", "apply_edits", "fix_text", "is_noop", "select_fixes"]
