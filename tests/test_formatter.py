"""The formatter: fixture cases (in -> out, byte for byte) and the layout decisions one by one.

Run ``pytest tests/test_formatter.py --update-fixtures`` to rewrite the
``.out.sync.yaml`` files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from syncdsl.cli import cli
from syncdsl.document import parse
from syncdsl.formatter import FormatError, comments_of, format_text
from syncdsl.nodes import to_data

FIXTURES = Path(__file__).parent / "fixtures" / "format"
CASES = sorted(p.name[: -len(".in.sync.yaml")] for p in FIXTURES.glob("*.in.sync.yaml"))


def _data(text: str) -> list[object]:
    parsed = parse(text)
    assert not parsed.diagnostics
    return [to_data(d.root) for d in parsed.documents]


def _decoded(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# --- fixtures ---------------------------------------------------------------------------------------


def test_there_are_format_cases() -> None:
    assert {"reorder_comments", "crlf", "bom", "anchors", "flow", "quoting", "multi_doc"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_format_fixture(case: str, update_fixtures: bool) -> None:
    source = _decoded(FIXTURES / f"{case}.in.sync.yaml")
    expected_path = FIXTURES / f"{case}.out.sync.yaml"
    actual = format_text(source)
    if update_fixtures:
        expected_path.write_bytes(actual.encode("utf-8"))
    assert actual == _decoded(expected_path)


@pytest.mark.parametrize("case", CASES)
def test_format_fixture_output_is_stable_and_faithful(case: str) -> None:
    source = _decoded(FIXTURES / f"{case}.in.sync.yaml")
    out = _decoded(FIXTURES / f"{case}.out.sync.yaml")
    assert format_text(out) == out
    assert _data(out) == _data(source)
    assert sorted(comments_of(out)) == sorted(comments_of(source))


# --- layout decisions -----------------------------------------------------------------------------


def test_reorders_keys_and_moves_comments_with_them() -> None:
    text = (
        "contexts:\n"
        "  - path: /d  # mount\n"
        "    # named policy\n"
        "    policy: p\n"
        "    context_id: C1\n"
        "# the version\n"
        "version: 1\n"
    )
    assert format_text(text) == (
        "# the version\n"
        "version: 1\n"
        "contexts:\n"
        "  - context_id: C1\n"
        "    path: /d  # mount\n"
        "    # named policy\n"
        "    policy: p\n"
    )


def test_leading_comment_of_the_first_key_of_an_item_keeps_the_dash_on_its_own_line() -> None:
    text = "version: 1\ncontexts:\n  - path: /d\n    # the id\n    context_id: C1\n"
    assert format_text(text) == "version: 1\ncontexts:\n  -\n    # the id\n    context_id: C1\n    path: /d\n"


def test_sections_and_fields_follow_the_sdk_order() -> None:
    text = (
        "version: 1\n"
        "policies:\n"
        "  p:\n"
        "    mapping_policy: {path: /m}\n"
        "    bw_list:\n"
        "      white_lists:\n"
        "        - is_exclude_regex: false\n"
        "          exclude_paths: []\n"
        "          path: /a\n"
        "    upload_policy: {archive_exclude_paths: [], upload_mode: File,"
        " upload_strategy: UploadBeforeResourceRelease, auto_upload: true}\n"
        "    extends: q\n"
        "    unknown: 1\n"
        "contexts: []\n"
    )
    assert format_text(text) == (
        "version: 1\n"
        "policies:\n"
        "  p:\n"
        "    extends: q\n"
        "    upload_policy: {auto_upload: true, upload_strategy: UploadBeforeResourceRelease, upload_mode: File,"
        " archive_exclude_paths: []}\n"
        "    bw_list:\n"
        "      white_lists:\n"
        "        - path: /a\n"
        "          exclude_paths: []\n"
        "          is_exclude_regex: false\n"
        "    mapping_policy: {path: /m}\n"
        "    unknown: 1\n"
        "contexts: []\n"
    )


def test_unknown_top_level_keys_follow_the_known_ones_in_written_order() -> None:
    text = "x-b: 2\ncontexts: []\nx-a: 1\nversion: 1\n"
    assert format_text(text) == "version: 1\ncontexts: []\nx-b: 2\nx-a: 1\n"


def test_policies_and_contexts_keep_their_order() -> None:
    text = (
        "version: 1\npolicies:\n  zeta: {}\n  alpha: {}\n"
        "contexts:\n  - {context_id: B, path: /b}\n  - {context_id: A, path: /a}\n"
    )
    assert format_text(text) == text


def test_header_comment_stays_at_the_top() -> None:
    text = "# header\n\ncontexts: []\nversion: 1\n"
    assert format_text(text) == "# header\n\nversion: 1\ncontexts: []\n"


def test_comment_at_the_end_of_a_block_stays_there() -> None:
    text = (
        "version: 1\npolicies:\n  p:\n    delete_policy:\n      sync_local_file: false\n"
        "      # more later\ncontexts: []\n"
    )
    assert format_text(text) == text


def test_comments_inside_an_empty_flow_or_before_a_value_go_above_the_key() -> None:
    text = "version: 1\ncontexts: [  # none yet\n]\nx-k:\n  # why\n  value\n"
    assert format_text(text) == "version: 1\n# none yet\ncontexts: []\n# why\nx-k: value\n"


def test_blank_lines_collapse_to_one_and_trailing_whitespace_goes() -> None:
    text = "version: 1   \n\n\n\ncontexts: []\n"
    assert format_text(text) == "version: 1\n\ncontexts: []\n"


def test_end_of_line_comments_get_two_spaces() -> None:
    text = "version: 1 # one\ncontexts: []      # none\nx-a:\n    b: 1         # aligned\n    longer: '2'  # by hand\n"
    expected = "version: 1  # one\ncontexts: []  # none\nx-a:\n  b: 1  # aligned\n  longer: '2'  # by hand\n"
    assert format_text(text) == expected


@pytest.mark.parametrize(
    ("written", "formatted"),
    [
        ('"/home/wuying/data"', "/home/wuying/data"),
        ("'SdkCtx-0123abcd'", "SdkCtx-0123abcd"),
        ('"Lifecycle_30Days"', "Lifecycle_30Days"),
        ('""', '""'),
        ('"true"', '"true"'),
        ("'yes'", "'yes'"),
        ('"No"', '"No"'),
        ('"null"', '"null"'),
        ('"~"', '"~"'),
        ('"1"', '"1"'),
        ('"0o17"', '"0o17"'),
        ('".inf"', '".inf"'),
        ('"a b"', '"a b"'),
        ('"a: b"', '"a: b"'),
        ('"#x"', '"#x"'),
        ("'C:\\data'", "'C:\\data'"),
        ('"-x"', '"-x"'),
        ('"*.log"', '"*.log"'),
        ('"x\\ty"', '"x\\ty"'),
        ("'it''s'", "'it''s'"),
        ("/plain", "/plain"),
        ("True", "True"),
        ("~", "~"),
    ],
)
def test_quotes_only_where_needed(written: str, formatted: str) -> None:
    text = f"version: 1\ncontexts: []\nx: {written}\n"
    assert format_text(text) == f"version: 1\ncontexts: []\nx: {formatted}\n"


def test_crlf_bom_and_final_newline_are_kept() -> None:
    assert format_text("\ufeffcontexts: []\r\nversion: 1\r\n") == "\ufeffversion: 1\r\ncontexts: []\r\n"
    assert format_text("contexts: []\nversion: 1") == "version: 1\ncontexts: []"


def test_block_scalar_at_the_end_keeps_its_line_break() -> None:
    # Without a final newline in the input, `|` at the end still needs a line break if it had one.
    text = "x: |\n  a\nversion: 1"
    assert format_text(text) == "version: 1\nx: |\n  a\n"


def test_blank_line_after_keep_chomping_scalar_is_not_added() -> None:
    text = "b: |+\n  x\n\nversion: 1\n"
    out = format_text(text)
    assert out == "version: 1\nb: |+\n  x\n\n"
    assert _data(out) == _data(text)


def test_alias_never_moves_before_its_anchor() -> None:
    text = "contexts:\n  - path: &p /a\n    context_id: *p\nversion: 1\n"
    assert format_text(text) == "version: 1\ncontexts:\n  - path: &p /a\n    context_id: *p\n"


def test_anchored_collection_props_are_kept() -> None:
    text = "version: 1\ncontexts:\n- &c\n  path: /a\n  context_id: b\n- *c\n"
    assert format_text(text) == "version: 1\ncontexts:\n  - &c\n    context_id: b\n    path: /a\n  - *c\n"


def test_tags_are_kept() -> None:
    text = "version: !!int 1\ncontexts: !!seq []\n"
    assert format_text(text) == text


def test_documents_that_are_not_mappings_are_left_alone() -> None:
    for text in ("- a\n-   b\n", "just text\n", "", "# only a comment\n", "? [complex]\n: key\n"):
        assert format_text(text) == text


def test_alias_keys_keep_a_space_before_the_colon() -> None:
    text = "version: 1\ncontexts: []\nx-k: &k key\nx-m:\n    *k : value\n"
    assert format_text(text) == "version: 1\ncontexts: []\nx-k: &k key\nx-m:\n  *k : value\n"


def test_flow_mapping_with_empty_value() -> None:
    text = "version: 1\ncontexts: []\nx: {b: 1, a}\n"
    assert format_text(text) == text


def test_unparsable_text_raises_with_a_position() -> None:
    with pytest.raises(FormatError) as info:
        format_text("version: 1\ncontexts: [\n")
    assert info.value.code == "SD001"
    assert info.value.line == 2
    assert "\n" not in str(info.value)


def test_lone_surrogate_raises_a_format_error() -> None:
    with pytest.raises(FormatError) as info:
        format_text("version: 1\ncontexts: []\nx: \udc80\n")
    assert str(info.value) == "the text is not valid Unicode: surrogates not allowed"


def test_over_the_depth_limit_raises_sd004() -> None:
    with pytest.raises(FormatError) as info:
        format_text("x: " + "[" * 300 + "]" * 300 + "\n")
    assert info.value.code == "SD004"


# --- the command ------------------------------------------------------------------------------------


UNFORMATTED = "contexts: []\nversion: 1\n"
FORMATTED = "version: 1\ncontexts: []\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fmt_rewrites_files_in_place(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.sync.yaml", UNFORMATTED)
    b = _write(tmp_path, "b.sync.yaml", FORMATTED)
    result = CliRunner().invoke(cli, ["fmt", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == "1 file reformatted, 1 file left unchanged\n"
    assert a.read_text() == FORMATTED
    assert b.read_text() == FORMATTED


def test_fmt_check_lists_files_and_writes_nothing(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.sync.yaml", UNFORMATTED)
    _write(tmp_path, "b.sync.yaml", FORMATTED)
    result = CliRunner().invoke(cli, ["fmt", "--check", str(a), str(tmp_path / "b.sync.yaml")])
    assert result.exit_code == 1
    assert result.output == f"Would reformat: {a}\n1 file would be reformatted, 1 file already formatted\n"
    assert a.read_text() == UNFORMATTED
    ok = CliRunner().invoke(cli, ["fmt", "--check", str(tmp_path / "b.sync.yaml")])
    assert ok.exit_code == 0


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.sync.yaml", UNFORMATTED)
    result = CliRunner().invoke(cli, ["fmt", "--diff", str(a)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- a/{a}\n+++ b/{a}\n@@ -1,2 +1,2 @@\n+version: 1\n contexts: []\n-version: 1\n"
    )
    assert result.stderr == "1 file would be reformatted, 0 files already formatted\n"
    assert a.read_text() == UNFORMATTED


def test_fmt_never_touches_a_file_that_does_not_parse(tmp_path: Path) -> None:
    broken = _write(tmp_path, "broken.sync.yaml", "contexts: [\nversion: 1\n")
    good = _write(tmp_path, "good.sync.yaml", UNFORMATTED)
    before = broken.read_bytes()
    result = CliRunner().invoke(cli, ["fmt", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{broken}:3:1: SD001 [error] ")
    assert broken.read_bytes() == before
    assert good.read_text() == FORMATTED  # the other files are still formatted


def test_fmt_reads_stdin_and_writes_stdout() -> None:
    result = CliRunner().invoke(cli, ["fmt", "-"], input=UNFORMATTED)
    assert result.exit_code == 0
    assert result.stdout == FORMATTED
    check = CliRunner().invoke(cli, ["fmt", "--check", "-"], input=UNFORMATTED)
    assert check.exit_code == 1


def test_fmt_keeps_the_file_mode(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.sync.yaml", UNFORMATTED)
    os.chmod(a, 0o640)
    assert CliRunner().invoke(cli, ["fmt", str(a)]).exit_code == 0
    assert a.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sync.yaml"]


def test_fmt_keeps_utf16(tmp_path: Path) -> None:
    a = tmp_path / "a.sync.yaml"
    a.write_bytes(b"\xff\xfe" + UNFORMATTED.replace("\n", "\r\n").encode("utf-16-le"))
    assert CliRunner().invoke(cli, ["fmt", str(a)]).exit_code == 0
    assert a.read_bytes() == b"\xff\xfe" + FORMATTED.replace("\n", "\r\n").encode("utf-16-le")


def test_fmt_missing_file_is_a_one_line_error() -> None:
    result = CliRunner().invoke(cli, ["fmt", "no/such.sync.yaml"])
    assert result.exit_code == 2
    assert result.stderr == "error: no/such.sync.yaml: no such file or directory\n"


# --- every sample and rule fixture ----------------------------------------------------------------

ROOT = Path(__file__).parent.parent
CORPUS = sorted(
    [*(ROOT / "samples").glob("*.sync.yaml"), *(ROOT / "tests" / "fixtures" / "rules").glob("*/*.sync.yaml")]
)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fmt_on_every_sample_and_fixture(path: Path) -> None:
    data = path.read_bytes()
    parsed = parse(data)
    text = parsed.source.text
    if parsed.diagnostics:  # SD001 / SD004 fixtures: refused with the same finding, never formatted
        with pytest.raises(FormatError) as info:
            format_text(text)
        assert info.value.code == parsed.diagnostics[0].code
        return
    out = format_text(text)
    assert _data(out) == [to_data(d.root) for d in parsed.documents]
    assert sorted(comments_of(out)) == sorted(comments_of(text))
    assert format_text(out) == out
