"""Fixes never make a file worse (issue 9): no new SD001-SD014 finding, no lost key, no no-op fix.

Also the "did you mean" cutoff: unrelated words get no suggestion (and so no
rename), real slips still do.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from syncdsl.document import Source, parse
from syncdsl.fixes import fix_text, select_fixes
from syncdsl.linter import lint
from syncdsl.nodes import to_data
from syncdsl.suggest import closest
from tests.cli_helpers import run

TWO_TYPOS = """\
version: 1
polcies:
  a:
    delete_policy: {sync_local_file: false}
policis:
  b:
    delete_policy: {sync_local_file: true}
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: a
"""

# SD103 would insert `is_exclude_regex: true` while SD010 renames `is_exclude_regx` to it.
FLAG_AND_RENAME = """\
version: 1
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy:
      bw_list:
        white_lists:
          - path: /home/wuying/data
            exclude_paths: [logs/*]
            is_exclude_regx: true
"""

# `!!str true` is a string whatever it is replaced with: SD011's "fix" was `true` -> `true`.
NO_OP = """\
version: 1
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    beta_wait_for_completion: !!str true
"""
NO_OP_AND_REAL = NO_OP + "    policy:\n      upload_policy: {upload_mode: archive}\n"


def _codes(text: str) -> Counter[str]:
    return Counter(d.code for d in lint(text))


def _keys(text: str) -> list[str]:
    parsed = parse(text)
    assert not parsed.diagnostics
    return [str(k.value) for k, _ in parsed.documents[0].root.pairs]  # type: ignore[union-attr]


def test_two_misspelt_keys_are_not_both_renamed_to_one_key() -> None:
    result = fix_text(TWO_TYPOS, unsafe=True)
    assert _codes(result.text)["SD002"] == 0
    keys = _keys(result.text)
    assert keys.count("policies") == 1
    assert len(keys) == 4  # no key lost
    assert len(result.fixed) == 1


def test_a_rename_and_an_insertion_never_create_the_same_key() -> None:
    result = fix_text(FLAG_AND_RENAME, unsafe=True)
    assert not [d for d in parse(result.text).diagnostics if d.code == "SD001"]
    assert _codes(result.text)["SD002"] == 0
    entry = to_data(parse(result.text).documents[0].root)["contexts"][0]["policy"]["bw_list"]["white_lists"][0]
    assert entry["is_exclude_regex"] is True


def test_lint_fix_unsafe_writes_no_duplicate_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in (("typos.sync.yaml", TWO_TYPOS), ("flag.sync.yaml", FLAG_AND_RENAME)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        run("lint", "--no-config", "--fix", "--unsafe-fixes", name)
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert _codes(written)["SD002"] == 0, written
        for code in ("SD001", "SD002", "SD003", "SD004", "SD005", "SD011", "SD012", "SD013", "SD014"):
            assert _codes(written)[code] <= _codes(text)[code], (name, code)


def test_a_rename_onto_a_key_is_refused_even_when_an_old_duplicate_goes_away() -> None:
    # Found by the atheris target: `policis` is already a duplicate (SD002), so renaming its first
    # copy to `policies` keeps one SD002 in all - but for another key, and a policy is lost.
    text = TWO_TYPOS.replace("contexts:", "policis:\ncontexts:", 1)
    assert _codes(text)["SD002"] == 1
    result = fix_text(text, unsafe=True)
    assert _keys(result.text).count("policies") == 1
    assert [d.message for d in lint(result.text) if d.code == "SD002"] == [
        d.message for d in lint(text) if d.code == "SD002"
    ]


def test_the_fixes_after_a_bad_one_still_apply() -> None:
    text = TWO_TYPOS + (
        "  - context_id: SdkCtx-2\n    path: /home/wuying/b\n    policy: {upload_policy: {upload_mode: archive}}\n"
    )
    result = fix_text(text, unsafe=True)
    assert sorted(d.code for d in result.fixed) == ["SD010", "SD012"]
    assert "upload_mode: Archive" in result.text
    assert _keys(result.text).count("policies") == 1


def test_the_same_fix_twice_is_one_fix() -> None:
    span = Span.of(0, 0, 0, 1)
    fix = Fix(Applicability.SAFE, "f", (Edit(span, "b"),))
    one, two = (Diagnostic("SD010", "n", Severity.ERROR, m, span, fix) for m in ("x", "y"))
    assert select_fixes([one, two], Source("a: 1\n")) == [one, two]
    assert fix_text("a: 1\n").text == "a: 1\n"


def test_a_fix_that_changes_nothing_is_not_offered() -> None:
    found = [d for d in lint(NO_OP) if d.code == "SD011"]
    assert found and found[0].fix is None


def test_a_fix_that_changes_nothing_is_not_counted() -> None:
    result = fix_text(NO_OP_AND_REAL)
    assert [d.code for d in result.fixed] == ["SD012"]
    assert [d.code for d in result.remaining] == ["SD011"]


def test_select_fixes_skips_identity_edits() -> None:
    text = "a: true\n"
    span = Span.of(0, 3, 0, 7)
    same = Diagnostic("SD011", "n", Severity.ERROR, "m", span, Fix(Applicability.SAFE, "f", (Edit(span, "true"),)))
    assert select_fixes([same], Source(text)) == []


def test_cli_counts_only_real_fixes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.sync.yaml").write_text(NO_OP_AND_REAL, encoding="utf-8")
    result = run("lint", "--no-config", "--fix", "t.sync.yaml")
    assert "Fixed 1 problem." in result.stderr + result.stdout
    assert "Fixed 2 problems." not in result.stderr + result.stdout
    (tmp_path / "n.sync.yaml").write_text(NO_OP, encoding="utf-8")
    result = run("lint", "--no-config", "--fix", "--diff", "n.sync.yaml")
    assert "No fixes available." in result.stderr


# --- did you mean ---------------------------------------------------------------------------------

ROOT = ["version", "policies", "contexts"]


@pytest.mark.parametrize("word", ["explicit", "implicit", "text"])
def test_unrelated_words_get_no_suggestion(word: str) -> None:
    assert closest(word, ROOT) is None
    assert closest("recycle", ["lifecycle", "paths"]) is None
    found = [d for d in lint(f"version: 1\n{word}: 1\ncontexts: []\n") if d.code == "SD010"]
    assert found and "did you mean" not in found[0].message and found[0].fix is None


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("polcies", ROOT, "policies"),
        ("contxts", ROOT, "contexts"),
        ("upload_polcy", ["upload_policy", "download_policy", "delete_policy"], "upload_policy"),
        ("lifecyle", ["lifecycle", "paths"], "lifecycle"),
        ("is_exclude_regx", ["path", "exclude_paths", "is_path_regex", "is_exclude_regex"], "is_exclude_regex"),
        ("uplaod_mode", ["auto_upload", "upload_strategy", "upload_mode", "archive_exclude_paths"], "upload_mode"),
        ("bsae", ["base", "strict"], "base"),  # a swap of two letters is one slip
        ("SD1O1", ["SD011", "SD101"], "SD101"),  # a tie goes to the longer common prefix
        ("archive", ["File", "Archive"], "Archive"),  # case costs nothing
    ],
)
def test_real_typos_still_get_a_suggestion(word: str, candidates: list[str], expected: str) -> None:
    assert closest(word, candidates) == expected
