"""Property tests: fmt and --fix on generated documents (tests/yaml_gen.py writes them in many styles).

fmt must keep the loaded data, every comment, the BOM and the line endings,
and be idempotent. --fix must remove the findings it fixed, leave the text
parsable, and change no line that none of its edits touched — aliases
included: a finding reached through an alias carries no fix, since its text
sits at the anchor and belongs to another key too.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from syncdsl.document import Source, parse
from syncdsl.fixes import _guard, apply_edits, fix_text, select_fixes
from syncdsl.formatter import comments_of, format_text
from syncdsl.linter import lint, lint_source
from syncdsl.nodes import to_data
from tests.yaml_gen import yaml_text

# Generated documents are small: 800 + 400 examples take about 15 s together.
FMT_SETTINGS = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIX_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _data(text: str) -> list[object]:
    parsed = parse(text)
    assert not parsed.diagnostics, parsed.diagnostics
    return [to_data(d.root) for d in parsed.documents]


@FMT_SETTINGS
@given(yaml_text())
def test_fmt_keeps_data_and_comments_and_is_idempotent(text: str) -> None:
    before = _data(text)
    out = format_text(text)
    assert _data(out) == before
    assert sorted(comments_of(out)) == sorted(comments_of(text))
    assert format_text(out) == out
    assert out.startswith("\ufeff") == text.startswith("\ufeff")
    if "\n" in out:  # every line ending is the file's (the first one found)
        assert out.count("\r\n") == (out.count("\n") if "\r\n" in text else 0)
    assert out.endswith("\n") or not text.endswith("\n")


def _key(d: object) -> tuple[str, str]:
    return (d.code, d.message)  # type: ignore[attr-defined]


def _lines_in(source: Source, start: int, end: int) -> set[int]:
    """Lines holding a character of ``[start, end)``; an empty range inside a line touches that line."""
    if end > start:
        return set(range(source.position_at(start).line, source.position_at(end - 1).line + 1))
    pos = source.position_at(start)
    return set() if pos.column == 0 else {pos.line}


def _untouched(old: str, new: str, fixed: list) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    """The lines of ``old`` and of ``new`` that no applied edit wrote to, in order."""
    old_src, new_src = Source(old), Source(new)
    edits = sorted(
        {(old_src.offset_of(e.span.start), old_src.offset_of(e.span.end), e.text) for d in fixed for e in d.fix.edits}
    )
    old_touched: set[int] = set()
    new_touched: set[int] = set()
    shift = 0
    for start, end, text in edits:
        old_touched |= _lines_in(old_src, start, end)
        new_touched |= _lines_in(new_src, start + shift, start + shift + len(text))
        shift += len(text) - (end - start)
    keep_old = [line for i, line in enumerate(old.splitlines()) if i not in old_touched]
    keep_new = [line for i, line in enumerate(new.splitlines()) if i not in new_touched]
    return keep_old, keep_new


@FIX_SETTINGS
@given(yaml_text(encodings=False, aliases=True), st.booleans())
def test_fix_removes_what_it_fixed_and_changes_nothing_else(text: str, unsafe: bool) -> None:
    one = fix_text(text, unsafe=unsafe, max_passes=1)
    assert one.source is not None
    event(f"fixed {min(len(one.fixed), 3)}+ findings" if len(one.fixed) >= 3 else f"fixed {len(one.fixed)} findings")
    assert [d for d in parse(one.text).diagnostics if d.code == "SD001"] == []
    # Lines no applied edit touched are all still there, unchanged and in order.
    keep_old, keep_new = _untouched(text, one.text, one.fixed)
    assert keep_new == keep_old
    # The fixed findings are gone (as many times as they were fixed).
    before = Counter(_key(d) for d in lint(text))
    after = Counter(_key(d) for d in lint(one.text))
    for key, count in Counter(_key(d) for d in one.fixed).items():
        assert after[key] <= before[key] - count, key
    # Fixing to the end leaves nothing that could still be fixed, except fixes that would make the
    # file worse: break it, add an SD001-SD014 finding or lose a key.
    full = fix_text(text, unsafe=unsafe)
    before = _guard(lint_source(full.text))
    for d in select_fixes(full.remaining, Source(full.text), unsafe):
        assert d.fix is not None
        after = _guard(lint_source(apply_edits(full.text, d.fix.edits)))
        assert not before.allows(after), d
