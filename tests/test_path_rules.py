"""The path helpers behind SD101-SD111, and the edge cases of their fixes that fixtures do not show."""

from __future__ import annotations

import pytest

from syncdsl.diagnostics import Diagnostic, Edit
from syncdsl.document import Source, parse
from syncdsl.linter import lint
from syncdsl.rules.paths import is_absolute, is_under, normalise, scalar_text_for, wildcard_free_parent
from tests.fixture_format import render_diagnostics, render_fixes


@pytest.mark.parametrize(
    ("path", "parent"),
    [
        ("/home/a/*.log", "/home/a"),
        ("/home/a*/b", "/home"),
        ("/home/a/[0-9]/b", "/home/a"),
        ("/home/a]", "/home"),
        ("/*.log", "/"),
        ("//*.log", "/"),
        ("a//b/*.log", "a//b"),
        ("logs/*.txt", "logs"),
        ("C:\\logs\\*.txt", "C:\\logs"),
        ("C:\\*.txt", "C:\\"),
        ("C:/data/?", "C:/data"),
        ("*.log", None),
        ("/home/a", None),
    ],
)
def test_wildcard_free_parent(path: str, parent: str | None) -> None:
    assert wildcard_free_parent(path) == parent


@pytest.mark.parametrize(
    ("path", "absolute"),
    [
        ("/home", True),
        ("C:\\Users", True),
        ("c:/Users", True),
        ("\\\\server\\share", True),
        ("D:data", False),
        ("~/data", False),
        ("data", False),
        ("", False),
    ],
)
def test_is_absolute(path: str, absolute: bool) -> None:
    assert is_absolute(path) is absolute


@pytest.mark.parametrize(
    ("child", "parent", "under"),
    [
        ("/home/a/b", "/home/a", True),
        ("/home/a", "/home/a/", True),
        ("/home//a/b/", "/home/a", True),
        ("/home/ab", "/home/a", False),
        ("/home/a/../b", "/home/a", False),
        ("/anything", "/", True),
        ("/anything", "", True),
        ("C:\\Data\\tmp", "c:/data", True),
        ("C:\\Temp", "C:\\Data", False),
    ],
)
def test_is_under(child: str, parent: str, under: bool) -> None:
    assert is_under(child, parent) is under


def test_normalise_keeps_posix_case_and_folds_windows_case() -> None:
    assert normalise("/Home/A/") == "/Home/A"
    assert normalise("C:\\Data\\") == "c:/data"


@pytest.mark.parametrize(
    ("value", "style", "flow", "text"),
    [
        ("/home/a", "", False, "/home/a"),
        ("/home/my docs", "", False, "/home/my docs"),
        ("2024", "", False, "'2024'"),  # plain 2024 would read back as an integer
        ("true", "", False, "'true'"),
        ("/a:", "", False, "'/a:'"),  # `- /a:` would start a mapping
        ("C:\\data", "", False, "C:\\data"),
        ("C:\\data", "", True, "'C:\\data'"),  # the C parser refuses `:` in flow plain scalars
        ("it's", "'", False, "'it''s'"),
        ('C:\\a"b', '"', False, '"C:\\\\a\\"b"'),
        ("/a", "|", False, None),
    ],
)
def test_scalar_text_keeps_style_when_it_reads_back(value: str, style: str, flow: bool, text: str | None) -> None:
    assert scalar_text_for(value, style, flow) == text
    if text is not None:
        doc = parse(f"k: [{text}]\n" if flow else f"k:\n  - {text}\n").documents[0]
        assert doc.diagnostics == []


def _apply(text: str, diagnostics: list[Diagnostic]) -> str:
    source = Source(text)
    edits: set[Edit] = {e for d in diagnostics if d.fix is not None for e in d.fix.edits}
    for edit in sorted(edits, key=lambda e: e.span, reverse=True):
        start, end = source.offset_of(edit.span.start), source.offset_of(edit.span.end)
        text = text[:start] + edit.text + text[end:]
    return text


HEAD = "version: 1\ncontexts:\n  - context_id: SdkCtx-0123abcd\n    path: /home/wuying/data\n    policy:\n"


def test_values_an_alias_refers_to_get_no_fix_and_aliases_are_not_reported() -> None:
    # `&r ...` is also the value of `*r`: rewriting it would change both, so no fix is offered
    # (the span starts after the anchor); the alias repeat `*r` has no position of its own.
    text = HEAD + (
        "      recycle_policy:\n"
        "        paths: [&r /home/wuying/data/*.log, /home/wuying/data/tmp, /home/wuying/data/tmp, *r]\n"
    )
    found = lint(text)
    assert render_diagnostics(found) == (
        "7:20-7:43 SD101 [error] wildcard `*` in recycle path `/home/wuying/data/*.log`: recycle paths must be exact\n"
        "7:68-7:89 SD111 [warning] duplicate path `/home/wuying/data/tmp` in `recycle_policy.paths` "
        "(first listed on line 7)\n"
    )
    assert render_fixes(found) == "SD111 safe \"Remove the duplicate path\" 7:66-7:89 -> ''\n"


def test_flag_is_not_inserted_into_a_merged_mapping() -> None:
    # `path` comes from the anchor through `<<`: editing the anchor would change every user of it.
    text = "x-entry: &e {path: /home/wuying/data/*}\n" + HEAD + (
        "      bw_list:\n        white_lists:\n          - <<: *e\n            exclude_paths: [/home/wuying/data/a]\n"
    )
    found = [d for d in lint(text) if d.code == "SD102"]
    assert render_diagnostics(found) == (
        "1:20-1:39 SD102 [error] wildcard `*` in white list path `/home/wuying/data/*` while `is_path_regex` is false\n"
    )
    assert found[0].fix is None


def test_flag_insertion_at_the_end_of_a_file_without_newline() -> None:
    text = HEAD + "      bw_list:\n        white_lists:\n          - path: /srcs/app/backups/*"
    found = lint(text)
    assert render_fixes(found) == (
        "SD102 suggestion \"Set `is_path_regex: true`\" 8:38-8:38 -> '\\n            is_path_regex: true'\n"
    )
    assert _apply(text, found) == text + "\n            is_path_regex: true"
    assert lint(_apply(text, found)) == []


def test_flag_insertion_keeps_crlf() -> None:
    text = HEAD + "      bw_list:\n        white_lists:\n          - path: /srcs/app/backups/*\n"
    text = text.replace("\n", "\r\n")
    found = lint(text)
    fixed = _apply(text, found)
    assert fixed == text + "            is_path_regex: true\r\n"
    assert lint(fixed) == []


def test_every_exclude_finding_carries_the_same_single_insertion() -> None:
    text = HEAD + (
        "      bw_list:\n        white_lists:\n          - path: /reports\n"
        "            exclude_paths: [/cache/*.tmp, /cache/*.swp]\n"
    )
    found = lint(text)
    assert [d.code for d in found] == ["SD103", "SD103"]
    assert found[0].fix == found[1].fix
    assert _apply(text, found) == text.replace(
        "            exclude_paths", "            is_exclude_regex: true\n            exclude_paths"
    )


def test_keep_only_in_a_flow_list_with_a_comment_offers_no_fix() -> None:
    text = HEAD + "      recycle_policy:\n        paths: [\"\",  # all\n          /home/wuying/data/a]\n"
    (found,) = lint(text)
    assert (found.code, found.fix) == ("SD110", None)


def test_removing_the_first_flow_item_takes_the_comma_after_it() -> None:
    text = HEAD + "      recycle_policy:\n        paths: [/home/wuying/data/a, \"\"]\n"
    found = lint(text)
    assert _apply(text, found) == HEAD + "      recycle_policy:\n        paths: [\"\"]\n"
