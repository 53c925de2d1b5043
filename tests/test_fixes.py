"""Applying fixes: edits, fix selection, the re-lint loop, and every fixable rule's fixed fixture.

``tests/fixtures/rules/<CODE>/bad.fixed.sync.yaml`` is ``bad.sync.yaml`` after
every fix (safe and suggestions) was applied. Regenerate with
``pytest tests/test_fixes.py --update-fixtures`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from syncdsl.document import Source
from syncdsl.fixes import OverlappingEditsError, apply_edits, fix_text, select_fixes
from syncdsl.linter import lint
from syncdsl.rules import all_rules
from tests.cli_helpers import run

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
FIXABLE = sorted(rule.CODE for rule in all_rules() if getattr(rule, "FIXABLE", False))


def _edit(line: int, col: int, end_line: int, end_col: int, text: str) -> Edit:
    return Edit(Span.of(line, col, end_line, end_col), text)


def _diag(code: str, *edits: Edit, applicability: Applicability = Applicability.SAFE) -> Diagnostic:
    fix = Fix(applicability, "Do it", tuple(edits))
    return Diagnostic(code, "name", Severity.WARNING, "message", edits[0].span, fix)


# --- apply_edits ------------------------------------------------------------------------------------


def test_apply_edits_back_to_front() -> None:
    text = "a: 1\nb: 2\nc: 3\n"
    edits = [_edit(0, 3, 0, 4, "10"), _edit(2, 0, 3, 0, ""), _edit(1, 3, 1, 4, "20")]
    assert apply_edits(text, edits) == "a: 10\nb: 20\n"


def test_apply_edits_counts_columns_in_code_points() -> None:
    text = "x: 😀é\ny: 1\n"
    assert apply_edits(text, [_edit(0, 4, 0, 5, "e")]) == "x: 😀e\ny: 1\n"


def test_apply_edits_with_crlf_positions() -> None:
    text = "a: 1\r\nb: 2\r\n"
    assert apply_edits(text, [_edit(1, 3, 1, 4, "3")]) == "a: 1\r\nb: 3\r\n"


def test_apply_edits_insertions_keep_their_order() -> None:
    assert apply_edits("ab", [_edit(0, 1, 0, 1, "1"), _edit(0, 1, 0, 1, "2")]) == "a12b"
    # An insertion at the start of a replaced range goes before the replacement.
    assert apply_edits("abc", [_edit(0, 1, 0, 2, "X"), _edit(0, 1, 0, 1, "+")]) == "a+Xc"


def test_apply_edits_rejects_overlaps() -> None:
    with pytest.raises(OverlappingEditsError):
        apply_edits("abcdef", [_edit(0, 1, 0, 4, "x"), _edit(0, 3, 0, 5, "y")])


def test_apply_edits_touching_ranges_are_fine() -> None:
    assert apply_edits("abcdef", [_edit(0, 0, 0, 2, "X"), _edit(0, 2, 0, 4, "Y")]) == "XYef"


# --- choosing fixes for one pass ---------------------------------------------------------------------


def test_select_fixes_keeps_the_first_of_overlapping_fixes() -> None:
    source = Source("abcdef\n")
    first = _diag("SD111", _edit(0, 0, 0, 3, "x"))
    second = _diag("SD110", _edit(0, 2, 0, 4, "y"))
    third = _diag("SD011", _edit(0, 4, 0, 5, "z"))
    assert select_fixes([first, second, third], source) == [first, third]


def test_select_fixes_defers_a_second_insertion_at_the_same_point() -> None:
    source = Source("abc\n")
    a = _diag("SD102", _edit(0, 1, 0, 1, "x"))
    b = _diag("SD103", _edit(0, 1, 0, 1, "y"))
    assert select_fixes([a, b], source) == [a]


def test_select_fixes_shares_one_fix_between_findings() -> None:
    source = Source("abc\n")
    a = _diag("SD103", _edit(0, 1, 0, 1, "x"))
    b = _diag("SD103", _edit(0, 1, 0, 1, "x"))
    assert select_fixes([a, b], source) == [a, b]


def test_select_fixes_takes_suggestions_only_when_unsafe() -> None:
    source = Source("abc\n")
    safe = _diag("SD111", _edit(0, 0, 0, 1, "x"))
    suggestion = _diag("SD101", _edit(0, 2, 0, 3, "y"), applicability=Applicability.SUGGESTION)
    assert select_fixes([safe, suggestion], source) == [safe]
    assert select_fixes([safe, suggestion], source, unsafe=True) == [safe, suggestion]


# --- fix_text ---------------------------------------------------------------------------------------


DUPLICATES = """\
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      recycle_policy:
        paths:
          - /home/wuying/data/a  # first
          - /home/wuying/data/a  # again
          - /home/wuying/data/b
"""


def test_fix_text_applies_safe_fixes_and_keeps_everything_else() -> None:
    result = fix_text(DUPLICATES)
    assert [d.code for d in result.fixed] == ["SD111"]
    assert result.remaining == []
    assert result.text == DUPLICATES.replace("          - /home/wuying/data/a  # again\n", "")
    assert result.changed


def test_fix_text_keeps_crlf_and_reports_the_original_encoding() -> None:
    data = ("\ufeff" + DUPLICATES.replace("\n", "\r\n")).encode("utf-16-le")
    data = b"\xff\xfe" + data[2:]
    result = fix_text(data)
    assert result.source is not None
    assert (result.source.encoding, result.source.bom, result.source.newline) == ("utf-16-le", True, "\r\n")
    assert result.text == DUPLICATES.replace("          - /home/wuying/data/a  # again\n", "").replace("\n", "\r\n")


def test_fix_text_inserts_lines_with_the_files_line_ending() -> None:
    text = (
        "version: 1\r\ncontexts:\r\n  - context_id: SdkCtx-0123abcd\r\n    path: /home/wuying/data\r\n"
        "    policy:\r\n      bw_list:\r\n        white_lists:\r\n          - path: /srcs/app/backups/*/x\r\n"
    )
    result = fix_text(text, unsafe=True)
    assert [d.code for d in result.fixed] == ["SD102"]
    assert result.text == text + "            is_path_regex: true\r\n"


def test_fix_text_runs_until_nothing_more_applies() -> None:
    # Pass 1: SD011 turns the scalar into a list (safe). Pass 2: SD101 on the new item (a suggestion).
    text = (
        "version: 1\ncontexts:\n  - context_id: SdkCtx-0123abcd\n    path: /home/wuying/data\n    policy:\n"
        "      recycle_policy:\n        paths: /home/wuying/data/cache/*.tmp\n"
    )
    safe_only = fix_text(text)
    assert [d.code for d in safe_only.fixed] == ["SD011"]
    assert safe_only.text.endswith("        paths: [/home/wuying/data/cache/*.tmp]\n")
    assert [d.code for d in safe_only.remaining] == ["SD101"]
    everything = fix_text(text, unsafe=True)
    assert [d.code for d in everything.fixed] == ["SD011", "SD101"]
    assert everything.text.endswith("        paths: [/home/wuying/data/cache]\n")
    assert everything.remaining == []


def test_fix_text_leaves_a_file_that_does_not_parse() -> None:
    result = fix_text("version: 1\ncontexts: [\n")
    assert result.text == "version: 1\ncontexts: [\n"
    assert result.fixed == []
    assert [d.code for d in result.remaining] == ["SD001"]


def test_fix_text_never_applies_a_fix_that_breaks_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import syncdsl.linter as linter
    from syncdsl.linter import LintResult

    real = linter.lint_source
    breaking = _diag("SD111", _edit(1, 0, 1, 0, "]["))  # would make the text unparsable
    fine = _diag("SD110", _edit(0, 9, 0, 10, "1"))

    def fake(data: bytes | str, path: str | None = None, config: object = None) -> LintResult:
        result = real(data, path, None)
        if "version: 2" in (data if isinstance(data, str) else data.decode()):
            result.diagnostics = [fine, breaking]
        return result

    monkeypatch.setattr(linter, "lint_source", fake)
    text = "version: 2\ncontexts: []\n"
    result = fix_text(text)
    assert result.text == "version: 1\ncontexts: []\n"
    assert result.fixed == [fine]


def test_fix_text_stops_when_fixes_would_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    import syncdsl.linter as linter
    from syncdsl.linter import LintResult

    real = linter.lint_source

    def fake(data: bytes | str, path: str | None = None, config: object = None) -> LintResult:
        result = real(data, path, None)
        text = data if isinstance(data, str) else data.decode()
        other = "b" if "x: a" in text else "a"
        result.diagnostics = [_diag("SD011", _edit(2, 3, 2, 4, other))]
        return result

    monkeypatch.setattr(linter, "lint_source", fake)
    result = fix_text("version: 1\ncontexts: []\nx: a\n")
    assert result.text == "version: 1\ncontexts: []\nx: b\n"
    assert len(result.fixed) == 1


# --- every fixable rule: bad.sync.yaml -> bad.fixed.sync.yaml -----------------------------------------


def test_the_fixable_rules_are_the_ones_the_spec_lists() -> None:
    assert FIXABLE == [
        "SD010", "SD011", "SD012", "SD101", "SD102", "SD103", "SD110", "SD111",
        "SD205", "SD206", "SD207", "SD301", "SD900", "SD901",
    ]


@pytest.mark.parametrize("code", FIXABLE)
def test_fixed_fixture(code: str, update_fixtures: bool) -> None:
    folder = FIXTURES / code
    bad = folder / "bad.sync.yaml"
    expected = folder / "bad.fixed.sync.yaml"
    result = fix_text(bad.read_bytes(), str(bad), unsafe=True)
    assert result.source is not None
    actual = result.text.encode(result.source.encoding)
    if update_fixtures:
        expected.write_bytes(actual)
    assert actual == expected.read_bytes()
    assert any(d.code == code for d in result.fixed), f"no {code} fix was applied to its bad fixture"
    # What is left of this rule has no fix, and fixing the fixed file again changes nothing.
    again = lint(expected.read_bytes(), str(expected))
    assert [d for d in again if d.code == code and d.fix is not None] == []
    assert fix_text(expected.read_bytes(), str(expected), unsafe=True).changed is False


# --- syncdsl lint --fix -----------------------------------------------------------------------------

WILDCARD = """\
version: 1
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: /srcs/app/backups/*/x
"""


def test_lint_fix_rewrites_and_reports_what_remains(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_text(DUPLICATES + "x-typo: 1\n")
    result = run("lint", "--fix", "--no-show-source", str(a))
    assert result.exit_code == 1
    assert result.stdout == (
        "Fixed 1 problem.\n"
        f"{a}:10:1: SD010 [error] unknown top-level key `x-typo`\n"  # a line of the fixed file
        "Found 1 problem (1 error, 0 warnings).\n"
    )
    assert a.read_text() == DUPLICATES.replace("          - /home/wuying/data/a  # again\n", "") + "x-typo: 1\n"


def test_lint_fix_exit_0_when_everything_is_fixed(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_bytes(b"\xef\xbb\xbf" + DUPLICATES.replace("\n", "\r\n").encode())
    os.chmod(a, 0o640)
    result = run("lint", "--fix", str(a))
    assert (result.exit_code, result.stdout) == (0, "Fixed 1 problem.\nAll checks passed!\n")
    fixed = DUPLICATES.replace("          - /home/wuying/data/a  # again\n", "")
    assert a.read_bytes() == b"\xef\xbb\xbf" + fixed.replace("\n", "\r\n").encode()
    assert a.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sync.yaml"]


def test_lint_fix_suggestions_need_unsafe_fixes(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_text(WILDCARD)
    assert run("lint", "--fix", str(a)).exit_code == 1
    assert a.read_text() == WILDCARD
    result = run("lint", "--fix", "--unsafe-fixes", str(a))
    assert (result.exit_code, result.stdout) == (0, "Fixed 1 problem.\nAll checks passed!\n")
    assert a.read_text() == WILDCARD + "            is_path_regex: true\n"


def test_lint_fix_diff_previews_and_writes_nothing(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_text(WILDCARD)
    result = run("lint", "--fix", "--diff", "--unsafe-fixes", str(a))
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- a/{a}\n+++ b/{a}\n@@ -6,3 +6,4 @@\n"
        "       bw_list:\n         white_lists:\n           - path: /srcs/app/backups/*/x\n"
        "+            is_path_regex: true\n"
    )
    assert result.stderr == "Would fix 1 problem.\n"
    assert a.read_text() == WILDCARD
    nothing = run("lint", "--diff", str(a))  # --diff alone previews; no safe fix here
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (0, "", "No fixes available.\n")


def test_lint_fix_leaves_a_broken_file_alone(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_text("version: 1\ncontexts: [\n")
    result = run("lint", "--fix", "--no-show-source", str(a))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"{a}:3:1: SD001 [error] ")
    assert a.read_text() == "version: 1\ncontexts: [\n"


def test_lint_fix_with_json_output_says_fixed_on_stderr(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_text(DUPLICATES)
    result = run("lint", "--fix", "--format", "json", str(a))
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "Fixed 1 problem.\n")


def test_lint_fix_on_standard_input_prints_the_fixed_text() -> None:
    """`--fix -` as ruff does it: the fixed text on stdout, the report on stderr."""
    stdin = run("lint", "--fix", "-", stdin=DUPLICATES)
    fixed = DUPLICATES.replace("          - /home/wuying/data/a  # again\n", "")
    assert (stdin.exit_code, stdin.stdout, stdin.stderr) == (0, fixed, "Fixed 1 problem.\nAll checks passed!\n")
    # What cannot be fixed is reported on stderr, and the text still comes out whole.
    left = run("lint", "--fix", "--no-show-source", "-", stdin=DUPLICATES + "x-typo: 1\n")
    assert (left.exit_code, left.stdout) == (1, fixed + "x-typo: 1\n")
    assert left.stderr == (
        "Fixed 1 problem.\n"
        "-:10:1: SD010 [error] unknown top-level key `x-typo`\n"
        "Found 1 problem (1 error, 0 warnings).\n"
    )


def test_lint_fix_option_errors() -> None:
    # --unsafe-fixes alone fixes nothing; it only counts suggestions as fixes ([*]).
    unsafe = run("lint", "--unsafe-fixes", "--no-show-source", "-", stdin=WILDCARD)
    assert unsafe.exit_code == 1
    assert unsafe.stdout.splitlines()[0].startswith("-:8:19: SD102 [error] [*] wildcard `*` in white list path")
    assert unsafe.stdout.splitlines()[-1] == "[*] 1 fixable with `--fix --unsafe-fixes`."
    preview = run("lint", "--fix", "--diff", "--stdin-filename", "x.sync.yaml", "-", stdin=DUPLICATES)
    assert preview.exit_code == 1
    assert "-          - /home/wuying/data/a  # again\n" in preview.stdout
