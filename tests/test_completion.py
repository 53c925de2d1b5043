"""The cursor's YAML path and what completion offers there, read from the text (syncdsl.completion)."""

from __future__ import annotations

import pytest

from syncdsl.completion import complete, cursor_at, policy_names
from syncdsl.diagnostics import Position, Span


def _at(marked: str) -> tuple[str, Position]:
    """Text and cursor from a document with one `|` marking the cursor."""
    before, _, after = marked.partition("|")
    line = before.count("\n")
    column = len(before) - (before.rfind("\n") + 1)
    return before + after, Position(line, column)


def _labels(marked: str) -> list[str]:
    text, pos = _at(marked)
    return [c.label for c in complete(text, pos)]


POLICY = "version: 1\npolicies:\n  standard:\n"


@pytest.mark.parametrize(
    ("marked", "kind", "path", "present", "prefix"),
    [
        (POLICY + "    upload_policy:\n      upload_mode: File\n      |\n", "key",
         ("policies", "standard", "upload_policy"), {"upload_mode"}, ""),
        (POLICY + "    upload_policy:\n      upload_mode: File\n    |\n", "key",
         ("policies", "standard"), {"upload_policy"}, ""),
        (POLICY + "    |\n    delete_policy: {}\n", "key", ("policies", "standard"), {"delete_policy"}, ""),
        (POLICY + "    extends: |\n", "value", ("policies", "standard", "extends"), set(), ""),
        (POLICY + "    delete_policy: {sync_local_file: false, |}\n", "key",
         ("policies", "standard", "delete_policy"), {"sync_local_file"}, ""),
        (POLICY + "    bw_list: {white_lists: [{path: /a, is_|}]}\n", "key",
         ("policies", "standard", "bw_list", "white_lists", 0), {"path"}, "is_"),
        (POLICY + "    upload_policy: {auto_upload: f|}\n", "value",
         ("policies", "standard", "upload_policy", "auto_upload"), set(), "f"),
        (POLICY + "    delete_policy: {\n      |\n    }\n", "key",
         ("policies", "standard", "delete_policy"), set(), ""),
        ("contexts:\n  - context_id: a\n    path: /x\n  |\n", "item", ("contexts",), set(), ""),
        ("contexts:\n  - context_id: a\n    path: /x\n  - |\n", "key", ("contexts", 0), set(), ""),
        ("contexts:\n  - context_id: a\n    pa|\n", "key", ("contexts", 0), {"context_id"}, "pa"),
        ("contexts:\n- context_id: a\n  |\n", "key", ("contexts", 0), {"context_id"}, ""),
        ("contexts:\n  - context_id: a\n    policy: st|\n", "value", ("contexts", 0, "policy"), set(), "st"),
        ("v|", "key", (), set(), "v"),
        ("version: 1\n|\ncontexts: []\n", "key", (), {"version", "contexts"}, ""),
    ],
)
def test_cursor_path(marked: str, kind: str, path: tuple, present: set[str], prefix: str) -> None:
    text, pos = _at(marked)
    cursor = cursor_at(text, pos)
    assert cursor is not None
    assert (cursor.kind, cursor.path, set(cursor.present), cursor.prefix) == (kind, path, present, prefix)


def test_no_completion_in_comments_or_after_a_value() -> None:
    assert _labels("version: 1  # some |comment\n") == []
    assert _labels("contexts:\n  - path: /a |\n") == []


def test_keys_minus_present_ones_in_schema_order() -> None:
    assert _labels(POLICY + "    upload_policy:\n      upload_mode: File\n      |\n") == [
        "auto_upload",
        "upload_strategy",
        "archive_exclude_paths",
    ]
    assert _labels("contexts:\n  - context_id: a\n    |\n    path: /x\n") == ["policy", "beta_wait_for_completion"]


def test_values_enums_booleans_and_policy_names() -> None:
    assert _labels(POLICY + "    upload_policy:\n      upload_mode: |\n") == ["File", "Archive"]
    assert _labels(POLICY + "    delete_policy:\n      sync_local_file: |\n") == ["true", "false"]
    names = "policies:\n  base: {}\n  strict:\n    extends: |\n  'odd-name': {}\ncontexts: []\n"
    assert _labels(names) == ["base", "odd-name"]  # a policy does not extend itself
    assert _labels("contexts:\n  - policy: |\npolicies:\n  a: {}\n  b:\n    extends: a\n") == ["a", "b"]
    assert _labels("version: |\n") == ["1"]


def test_replace_span_covers_the_word_under_the_cursor() -> None:
    text, pos = _at(POLICY + "    upload_policy:\n      upload_mode: Ar|chiv\n")
    (archive,) = [c for c in complete(text, pos) if c.label == "Archive"]
    assert archive.replace == Span(Position(4, 19), Position(4, 25))
    assert archive.text == "Archive"


def test_key_insert_text_opens_blocks_and_flow() -> None:
    text, pos = _at(POLICY + "    |\n")
    by_label = {c.label: c for c in complete(text, pos)}
    assert (by_label["extends"].text, by_label["extends"].snippet) == ("extends: ", None)
    assert (by_label["upload_policy"].text, by_label["upload_policy"].snippet) == (
        "upload_policy:\n      ",
        "upload_policy:\n      $0",
    )
    text, pos = _at(POLICY + "    recycle_policy: {|}\n")
    by_label = {c.label: c for c in complete(text, pos)}
    assert (by_label["paths"].text, by_label["paths"].snippet) == ("paths: []", "paths: [$0]")


def test_new_context_item_snippet() -> None:
    text, pos = _at("version: 1\ncontexts:\n  - context_id: a\n    path: /a\n  |\n")
    (item,) = complete(text, pos)
    assert item.label == "- context"
    assert item.snippet == "- context_id: $1\n    path: $2$0"
    assert item.text == "- context_id: \n    path: "
    assert item.documentation.startswith("**context**")


def test_documentation_comes_from_the_schema() -> None:
    text, pos = _at(POLICY + "    recycle_policy:\n      |\n")
    lifecycle = next(c for c in complete(text, pos) if c.label == "lifecycle")
    assert lifecycle.detail.startswith("`Lifecycle_1Day` | ")
    assert "How long data is retained" in lifecycle.documentation
    assert "Default: `Lifecycle_Forever`." in lifecycle.documentation


def test_policy_names_reads_the_policies_section() -> None:
    text = "version: 1\npolicies:\n  # comment\n  a:\n    x: 1\n  'b-c':\n    extends: a\ncontexts:\n  - z: 1\n"
    assert policy_names(text) == ["a", "b-c"]
    assert policy_names("contexts: []\n") == []
