"""Suppression comments and SD900: what is silenced, what is reported, and what the fixes leave behind."""

from __future__ import annotations

import itertools

import pytest

from syncdsl.config import Config
from syncdsl.diagnostics import Diagnostic, Edit, Severity
from syncdsl.document import Source
from syncdsl.linter import lint
from tests.fixture_format import render_diagnostics, render_fixes

HEAD = "version: 1\ncontexts:\n  - context_id: SdkCtx-0123abcd\n"


def _doc(path_line: str, tail: str = "") -> str:
    return HEAD + path_line + "\n" + tail


def _apply(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits last first, so earlier offsets stay valid (as the fixer does)."""
    source = Source(text)
    ordered = sorted(set(edits), key=lambda e: e.span, reverse=True)  # identical edits apply once
    for later, earlier in itertools.pairwise(ordered):
        assert earlier.span.end <= later.span.start, f"overlapping edits {earlier} and {later}"
    for edit in ordered:
        start, end = source.offset_of(edit.span.start), source.offset_of(edit.span.end)
        text = text[:start] + edit.text + text[end:]
    return text


def _fixes(diagnostics: list[Diagnostic]) -> list[Edit]:
    return [e for d in diagnostics if d.fix is not None for e in d.fix.edits]


def test_line_suppression_silences_the_code_on_its_line() -> None:
    text = _doc("    path: data  # syncdsl: disable=SD106")
    assert lint(text) == []


def test_line_suppression_only_covers_its_own_line() -> None:
    text = _doc("    path: data", "  - context_id: SdkCtx-89efcdab  # syncdsl: disable=SD106\n    path: tmp\n")
    assert render_diagnostics(lint(text)) == (
        "4:11-4:15 SD106 [warning] relative mount path `data` in context `SdkCtx-0123abcd`: "
        "the mount path must be absolute (`/…` or `C:\\…`)\n"
        "5:53-5:58 SD900 [warning] unused suppression: no `SD106` finding on this line\n"
        "6:11-6:14 SD106 [warning] relative mount path `tmp` in context `SdkCtx-89efcdab`: "
        "the mount path must be absolute (`/…` or `C:\\…`)\n"
    )


def test_file_suppression_silences_the_code_everywhere() -> None:
    text = "# syncdsl: disable-file=SD106\n" + _doc(
        "    path: data", "  - context_id: SdkCtx-89efcdab\n    path: tmp\n"
    )
    assert lint(text) == []


def test_codes_are_case_insensitive_and_may_be_spaced() -> None:
    text = _doc("    path: data  #syncdsl:disable = sd106 ,SD101")
    assert render_diagnostics(lint(text)) == (
        "4:43-4:48 SD900 [warning] unused suppression: no `SD101` finding on this line\n"
    )


def test_unknown_code_is_reported_at_the_code() -> None:
    text = _doc("    path: /home/wuying/data  # syncdsl: disable=SD1O6")
    diagnostics = lint(text)
    assert render_diagnostics(diagnostics) == (
        "4:49-4:54 SD900 [warning] unknown rule code `SD1O6` in suppression comment\n"
    )
    assert render_fixes(diagnostics) == (
        'SD900 safe "Remove the unused suppression comment" 4:28-4:54 -> \'\'\n'
    )


def test_unused_code_is_reported_and_used_code_is_not() -> None:
    text = _doc("    path: data  # syncdsl: disable=SD101,SD106")
    assert render_diagnostics(lint(text)) == (
        "4:36-4:41 SD900 [warning] unused suppression: no `SD101` finding on this line\n"
    )


def test_unused_file_suppression() -> None:
    text = _doc("    path: /home/wuying/data", "# syncdsl: disable-file=SD303\n")
    diagnostics = lint(text)
    assert render_diagnostics(diagnostics) == (
        "5:25-5:30 SD900 [warning] unused suppression: no `SD303` finding in this file\n"
    )
    assert _apply(text, _fixes(diagnostics)) == _doc("    path: /home/wuying/data")


def test_a_code_named_twice_is_a_duplicate() -> None:
    text = _doc("    path: data  # syncdsl: disable=SD106,SD106")
    assert render_diagnostics(lint(text)) == (
        "4:42-4:47 SD900 [warning] duplicate suppression: `SD106` is already disabled on this line\n"
    )


def test_a_comment_without_codes_is_reported() -> None:
    text = _doc("    path: /home/wuying/data  # syncdsl: disable=")
    diagnostics = lint(text)
    assert render_diagnostics(diagnostics) == (
        "4:30-4:49 SD900 [warning] suppression comment names no rule codes\n"
    )
    assert _apply(text, _fixes(diagnostics)) == _doc("    path: /home/wuying/data")


def test_suppression_text_inside_a_quoted_string_does_not_count() -> None:
    text = _doc('    path: "data # syncdsl: disable=SD106"')
    assert render_diagnostics(lint(text)) == (
        "4:11-4:42 SD106 [warning] relative mount path `data # syncdsl: disable=SD106` in context "
        "`SdkCtx-0123abcd`: the mount path must be absolute (`/…` or `C:\\…`)\n"
    )


def test_suppression_text_inside_a_block_scalar_does_not_count() -> None:
    text = _doc(
        "    path: data",
        "    policy:\n      mapping_policy:\n        path: |\n          C:\\data # syncdsl: disable-file=SD106\n",
    )
    assert [d.code for d in lint(text)] == ["SD106"]


def test_a_hash_without_whitespace_before_it_is_not_a_comment() -> None:
    text = _doc("    path: data#syncdsl:disable=SD106")
    assert [d.code for d in lint(text)] == ["SD106"]


def test_comments_in_a_file_that_does_not_parse() -> None:
    # No tree to consult: a quote-aware scan of the line decides what is a comment.
    text = "version: 1\nkey: 'a # syncdsl: disable-file=SD001'\n  bad: [\n# syncdsl: disable-file=SD001\n"
    assert lint(text) == []
    quoted_only = "version: 1\nkey: 'a # syncdsl: disable-file=SD001'\n  bad: [\n"
    assert [d.code for d in lint(quoted_only)] == ["SD001"]


def test_a_code_disabled_by_configuration_is_not_stale() -> None:
    text = _doc("    path: /home/wuying/data  # syncdsl: disable=SD106,SD101")
    assert render_diagnostics(lint(text, config=Config(ignore=("SD106",)))) == (
        "4:55-4:60 SD900 [warning] unused suppression: no `SD101` finding on this line\n"
    )
    assert lint(text, config=Config(select=("SD0", "SD9"))) == []


def test_sd900_respects_the_configuration() -> None:
    text = _doc("    path: /home/wuying/data  # syncdsl: disable=SD106")
    assert lint(text, config=Config(ignore=("SD900",))) == []
    (only,) = lint(text, config=Config(severity={"SD900": Severity.ERROR}))
    assert (only.code, only.severity) == ("SD900", Severity.ERROR)


def test_sd900_can_itself_be_suppressed() -> None:
    text = _doc("    path: /home/wuying/data  # syncdsl: disable=SD106,SD900")
    assert lint(text) == []
    unused = _doc("    path: /home/wuying/data", "# syncdsl: disable-file=SD900\n")
    assert render_diagnostics(lint(unused)) == (
        "5:25-5:30 SD900 [warning] unused suppression: no `SD900` finding in this file\n"
    )


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        # Every code unused: the whole comment goes, with the whitespace before it.
        ("# syncdsl: disable=SD101,SD999", ""),
        # A trailing reason belongs to the comment and goes with it.
        ("# syncdsl: disable=SD101 -- legacy", ""),
        # The used code stays; the others go with their commas.
        ("# syncdsl: disable=SD101,SD106,SD999", "  # syncdsl: disable=SD106"),
        ("# syncdsl: disable=SD106,SD101,SD999", "  # syncdsl: disable=SD106"),
        ("# syncdsl: disable=SD101, SD106, SD999", "  # syncdsl: disable=SD106"),
        ("# syncdsl: disable=SD999,SD106", "  # syncdsl: disable=SD106"),
        ("# syncdsl: disable=SD101,SD106,SD303,SD999", "  # syncdsl: disable=SD106"),
        # Text before the directive is a comment of its own and stays.
        ("# keep this  syncdsl: disable=SD101", "  # keep this"),
        # Two directives in one comment: only the unused one goes.
        ("# syncdsl: disable=SD101 # syncdsl: disable=SD106", "  # syncdsl: disable=SD106"),
        ("# syncdsl: disable=SD101# syncdsl: disable=SD106", "  # syncdsl: disable=SD106"),
        # A comment after the directive stays a comment.
        ("# syncdsl: disable=SD101 # see ticket 12", "  # see ticket 12"),
        ("# syncdsl: disable=SD101 see # 12", "  # see # 12"),
    ],
)
def test_sd900_fixes_together_leave_the_used_codes(comment: str, expected: str) -> None:
    text = _doc("    path: data  " + comment)
    found = lint(text)
    unused = [d for d in found if d.code == "SD900"]
    others = [d for d in found if d.code != "SD900"]
    assert unused and all(d.fix is not None and d.fix.applicability.value == "safe" for d in unused)
    assert _apply(text, _fixes(unused)) == _doc("    path: data" + expected)
    # Each fix on its own leaves valid YAML and changes no other finding.
    for d in unused:
        assert d.fix is not None
        assert [x for x in lint(_apply(text, list(d.fix.edits))) if x.code != "SD900"] == others


def test_sd900_fix_removes_a_comment_line_with_its_newline() -> None:
    text = _doc("    path: /home/wuying/data", "    # syncdsl: disable-file=SD303\n    policy: {}\n")
    diagnostics = lint(text)
    assert render_fixes(diagnostics) == (
        'SD900 safe "Remove the unused suppression comment" 5:1-6:1 -> \'\'\n'
    )
    assert _apply(text, _fixes(diagnostics)) == _doc("    path: /home/wuying/data", "    policy: {}\n")


def test_sd900_on_crlf_file_keeps_line_endings() -> None:
    text = _doc("    path: data  # syncdsl: disable=SD106,SD101").replace("\n", "\r\n")
    diagnostics = lint(text)
    assert render_diagnostics(diagnostics) == (
        "4:42-4:47 SD900 [warning] unused suppression: no `SD101` finding on this line\n"
    )
    fixed = _apply(text, _fixes(diagnostics))
    assert fixed == _doc("    path: data  # syncdsl: disable=SD106").replace("\n", "\r\n")
