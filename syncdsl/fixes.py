"""Applying the fixes that rules attach to diagnostics.

A fix is a set of :class:`~syncdsl.diagnostics.Edit` s on the text the rule
saw; an edit replaces exactly its span, so the rest of the file (comments
included) stays byte-identical. :func:`fix_text` applies every safe fix (and
suggestions too when asked), re-lints, and repeats until nothing more
applies: one fix can uncover another, and two fixes whose edits overlap
cannot share a pass (the first is kept, the other waits for the next pass,
when it is recomputed against the new text). Passes are bounded, and a pass
whose result would not parse is undone fix by fix, so fixing never breaks a
file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from syncdsl.config import Config
from syncdsl.diagnostics import Applicability, Diagnostic, Edit
from syncdsl.document import Source, parse

MAX_PASSES = 10


class OverlappingEditsError(ValueError):
    """Two edits of one batch cover the same text, so no order of applying them is right."""


@dataclass
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


def _conflict(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Whether edits of two different fixes cannot share a pass.

    Besides overlapping, two insertions at the same point conflict: which one
    comes first is a guess, so the second waits for the next pass.
    """
    return _overlap(a, b) or (a[0] == a[1] == b[0] == b[1])


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; raises :class:`OverlappingEditsError` if two overlap.

    Positions are resolved on ``text`` (0-based line, code-point column); edits
    are applied from the end of the text backwards so each position stays valid.
    Insertions at the same point keep their given order.
    """
    resolved = sorted(_offsets(Source(text), edits), key=lambda e: (e[0], e[1]))
    for a, b in zip(resolved, resolved[1:], strict=False):
        if _overlap(a, b):
            raise OverlappingEditsError(f"edits overlap at offsets {a[0]}-{a[1]} and {b[0]}-{b[1]}")
    out = text
    for start, end, new in reversed(resolved):
        out = out[:start] + new + out[end:]
    return out


def _wanted(d: Diagnostic, unsafe: bool) -> bool:
    return d.fix is not None and (d.fix.applicability is Applicability.SAFE or unsafe)


def _identity(d: Diagnostic) -> tuple[str, str, str]:
    return (d.code, d.message, d.fix.message if d.fix else "")


def _in_newline(edit: Edit, newline: str) -> Edit:
    """Edits are written with ``\\n``; a CRLF file gets CRLF."""
    if newline == "\n" or "\n" not in edit.text:
        return edit
    return Edit(edit.span, re.sub(r"\r?\n", newline, edit.text))


def _parses(text: str, config: Config) -> bool:
    return not any(d.code == "SD001" for d in parse(text, config.limits).diagnostics)


def select_fixes(diagnostics: Sequence[Diagnostic], source: Source, unsafe: bool = False) -> list[Diagnostic]:
    """The fixable findings that can share one pass: in order, skipping any that overlaps an earlier one."""
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int, str]] = []
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
        if any(_conflict(a, b) for a in spans for b in taken):
            continue
        try:  # a fix whose own edits overlap is broken: skip it
            apply_edits(source.text, d.fix.edits)
        except ValueError:
            continue
        chosen.append(d)
        taken.extend(spans)
        same.add(d.fix.edits)
    return chosen


def _apply_fixes(text: str, fixes: Sequence[Diagnostic], newline: str) -> str:
    """Apply the fixes' edits once each: findings that share one fix share its edits."""
    distinct = list(dict.fromkeys(d.fix.edits for d in fixes if d.fix))
    return apply_edits(text, [_in_newline(e, newline) for edits in distinct for e in edits])


def fix_text(
    data: bytes | str,
    path: str | None = None,
    config: Config | None = None,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """Apply safe fixes (and suggestions with ``unsafe``) until none applies; never breaks parsing."""
    from syncdsl.linter import lint_source

    config = config or Config()
    first = lint_source(data, path, config)
    source = first.source
    result = FixResult(source.text, [], first.diagnostics, source)
    if any(d.code == "SD001" for d in first.parsed.diagnostics):
        return result  # nothing can be fixed in a file that does not parse
    text = source.text
    diagnostics = first.diagnostics
    rejected: set[tuple[str, str, str]] = set()
    seen = {text}
    for _ in range(max_passes):
        current = Source(text)
        candidates = [d for d in diagnostics if _identity(d) not in rejected]
        chosen = select_fixes(candidates, current, unsafe)
        if not chosen:
            break
        new_text = _apply_fixes(text, chosen, source.newline)
        if not _parses(new_text, config):
            chosen, new_text = _without_breaking(text, chosen, source.newline, config, rejected)
        if not chosen or new_text in seen:
            break
        seen.add(new_text)
        result.fixed.extend(chosen)
        text = new_text
        diagnostics = lint_source(text, path, config).diagnostics
    result.text = text
    result.remaining = diagnostics
    return result


def _without_breaking(
    text: str, chosen: list[Diagnostic], newline: str, config: Config, rejected: set[tuple[str, str, str]]
) -> tuple[list[Diagnostic], str]:
    """Keep the fixes that each leave the text parsable; reject the others for good."""
    good = []
    for d in chosen:
        if _parses(_apply_fixes(text, [d], newline), config):
            good.append(d)
        else:
            rejected.add(_identity(d))
    while good:
        new_text = _apply_fixes(text, good, newline)
        if _parses(new_text, config):
            return good, new_text
        rejected.add(_identity(good.pop()))
    return [], text


__all__ = ["FixResult", "OverlappingEditsError", "apply_edits", "fix_text", "select_fixes"]
