"""Regression tests for the YAML 1.2 defects of 0.1.0's document layer (issue 9), and the guards of the fix.

Each defect test fails on 0.1.0 (libyaml alone); the guards check that the two
parsers behind :mod:`syncdsl.yaml_events` give the same trees and spans, and
that the input limits hold on the slower parser too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import syncdsl
from syncdsl import yaml_events
from syncdsl.diagnostics import Position, Span
from syncdsl.document import Limits, parse
from syncdsl.formatter import format_text
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode, to_data

ROOT = Path(__file__).resolve().parent.parent
CONFIG = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying/data\n"


def _codes(text: str) -> list[tuple[str, Span, str]]:
    return [(d.code, d.span, d.message) for d in parse(text).all_diagnostics()]


def _lint_codes(text: str) -> list[str]:
    return [d.code for d in syncdsl.lint(text)]


# --- valid YAML that 0.1.0 rejected or misread --------------------------------------------------


def test_windows_path_in_a_flow_mapping() -> None:
    text = CONFIG + "    policy: {mapping_policy: {path: C:\\Users\\me\\data}}\n"
    assert "SD001" not in _lint_codes(text)
    root = parse(text).documents[0].root
    assert to_data(root)["contexts"][0]["policy"] == {"mapping_policy": {"path": "C:\\Users\\me\\data"}}


def test_question_mark_inside_a_flow_sequence_item_reaches_the_wildcard_rule() -> None:
    text = CONFIG + "    policy:\n      recycle_policy:\n        paths: [/home/wuying/tmp?]\n"
    assert _lint_codes(text) == ["SD101"]


def test_url_in_a_flow_mapping() -> None:
    parsed = parse("- { url: http://example.org }\n")
    assert not parsed.diagnostics
    assert to_data(parsed.documents[0].root) == [{"url": "http://example.org"}]


def test_anchor_with_a_colon_is_the_anchor_name_not_part_of_the_value() -> None:
    text = "version: 1\ncontexts:\n  - context_id: &id:1 SdkCtx-1\n    path: /home/wuying/data\n"
    assert syncdsl.load(text).to_wire()[0]["context_id"] == "SdkCtx-1"
    aliased = parse("a: &id:1 SdkCtx-1\nb: *id:1\n")
    assert not aliased.all_diagnostics()
    assert to_data(aliased.documents[0].root) == {"a": "SdkCtx-1", "b": "SdkCtx-1"}
    value = aliased.documents[0].root.pairs[0][1]  # type: ignore[union-attr]
    assert value.span == Span.of(0, 9, 0, 17)  # after the anchor, like any anchored scalar


def test_question_mark_starting_a_flow_scalar_is_text() -> None:
    assert to_data(parse("a: [?x]\nb: { ?c: d }\n").documents[0].root) == {"a": ["?x"], "b": {"?c": "d"}}


def test_tabs_separating_tokens_and_tab_only_blank_lines() -> None:
    text = "version: 1\n\t\ncontexts:\n \t\n  - context_id:\tSdkCtx-1\n    path: /home/wuying/data\t# tab\n"
    assert _lint_codes(text) == []
    assert parse(text).documents[0].root.key_node("contexts").span == Span.of(2, 0, 2, 8)  # type: ignore[union-attr]
    header = "a: |-\t# header comment after a tab\n  x\nb:\t[1,\t2]\n"
    assert to_data(parse(header).documents[0].root) == {"a": "x", "b": [1, 2]}
    assert to_data(parse(MISREAD + header).documents[0].root) == {"x": 1, "a": "x", "b": [1, 2]}
    assert to_data(parse(MISREAD + "y: &a\tq\n&b\tz: *a\n").documents[0].root) == {"x": 1, "y": "q", "z": "q"}


def test_multi_line_flow_mapping_key_and_empty_key_in_a_flow_pair() -> None:
    assert to_data(parse('a: {"k"\n  : v}\n').documents[0].root) == {"a": {"k": "v"}}
    pair = parse("a: [ : v ]\n").documents[0].root.pairs[0][1].items[0]  # type: ignore[union-attr]
    assert [(k.value, v.value) for k, v in pair.pairs] == [(None, "v")]


def test_block_scalar_ending_the_file_without_a_line_break_ends_with_one() -> None:
    assert to_data(parse("a: |\n  x\n   ").documents[0].root) == {"a": "x\n \n"}
    assert to_data(parse("a: |\n  x").documents[0].root) == {"a": "x\n"}
    assert to_data(parse("a: |-\n  x").documents[0].root) == {"a": "x"}


# --- messages and positions ----------------------------------------------------------------------


def test_tab_used_as_indentation_says_so_at_the_tab() -> None:
    message = "tab character used for indentation; YAML indents with spaces"
    assert _codes("a:\n\tb: 1\n") == [("SD001", Span.of(1, 0, 1, 0), message)]
    assert _codes("a:\n  b: 1\n  \tc: 2\n") == [("SD001", Span.of(2, 2, 2, 2), message)]
    assert _codes(CONFIG.replace("  - context_id", "\t- context_id")) == [("SD001", Span.of(2, 0, 2, 0), message)]


def test_control_character_position_counts_characters_not_bytes() -> None:
    assert _codes("é: ü\nb: \x07\n") == [
        ("SD001", Span.of(1, 3, 1, 3), "unacceptable character #x0007: control characters are not allowed")
    ]


@pytest.mark.parametrize("text", ["- a", "- a\n- b", "a: 😀\x07", "b{]😀-}\x07", "hello: [1, 2", "a: |\n  x\n- b"])
def test_ranges_end_inside_the_file_without_a_final_newline(text: str) -> None:
    parsed = parse(text)
    end = parsed.source.position_at(len(parsed.source.text))
    for d in parsed.all_diagnostics():
        assert d.span.start <= d.span.end <= end, d
    for doc in parsed.documents:
        assert doc.span.end <= end


def test_both_parsers_rejecting_keeps_libyamls_message() -> None:
    assert _codes("a: [1, 2\nb: 3\n") == [
        ("SD001", Span.of(1, 1, 1, 1), "did not find expected ',' or ']' (while parsing a flow sequence)")
    ]


# --- the formatter reads the same stream -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nkey: &an:chor value\nother: *an:chor\n",
        "policy: {mapping_policy: {path: C:\\Users\\me\\data}}\n",
        "paths: [/home/wuying/tmp?]\n",
        "- { url: http://example.org }\n",
    ],
)
def test_fmt_accepts_what_lint_accepts(text: str) -> None:
    assert format_text(text) == text


# --- guards: one tree whichever parser reads the file; the limits hold on both -------------------


def _shape(node: Node | None) -> object:
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return ("scalar", node.span, node.value, node.style, node.tag)
    if isinstance(node, SequenceNode):
        return ("seq", node.span, node.flow, node.tag, [_shape(i) for i in node.items])
    assert isinstance(node, MappingNode)
    return ("map", node.span, node.flow, node.tag, [(_shape(k), _shape(v)) for k, v in node.pairs])


def _samples() -> list[Path]:
    files = sorted((ROOT / "samples").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    return [f for f in files if "bom" not in f.name]


def test_both_parsers_build_the_same_tree_with_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [(f, f.read_bytes()) for f in _samples()]
    fast = {f: parse(data) for f, data in texts}
    monkeypatch.setattr(yaml_events, "c_parser_may_misread", lambda text: True)
    compared = 0
    for f, data in texts:
        slow = parse(data)
        if fast[f].diagnostics or slow.diagnostics:
            continue  # a fixture that does not parse: its message may come from either parser
        assert [_shape(d.root) for d in slow.documents] == [_shape(d.root) for d in fast[f].documents], f
        assert [(d.code, d.span) for d in slow.all_diagnostics()] == [
            (d.code, d.span) for d in fast[f].all_diagnostics()
        ], f
        compared += 1
    assert compared > 20


def test_fmt_gives_the_same_layout_from_either_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((ROOT / "samples").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures" / "format").glob("*.in.*"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    fast = [format_text(t) for t in texts]
    monkeypatch.setattr(yaml_events, "c_parser_may_misread", lambda text: True)
    assert [format_text(t) for t in texts] == fast


MISREAD = "x: &an:chor 1\n"  # sends the whole file to the conformant parser


def test_limits_hold_on_the_conformant_parser() -> None:
    assert yaml_events.c_parser_may_misread(MISREAD)
    deep = MISREAD + "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert _codes(deep) == [("SD004", Span.of(1, 102, 1, 102), "nesting deeper than 100 levels (max-depth)")]
    nested_maps = MISREAD + "a: " + "{[" * 50_000 + "]}" * 50_000 + "\n"
    assert [c for c, _, _ in _codes(nested_maps)] == ["SD004"]
    lines = [MISREAD.rstrip(), 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    (code, _, message), *_ = _codes("\n".join(lines) + "\n")
    assert code == "SD004" and message.startswith("aliases expand to more than 10,000 nodes")
    block = MISREAD + "".join("  " * i + "k:\n" for i in range(200))
    assert [d.code for d in parse(block, Limits(max_depth=10)).diagnostics] == ["SD004"]


def test_positions_after_a_line_separator_on_the_conformant_parser() -> None:
    root = parse(MISREAD + "a: 'x\u2028y'\nb: 1\n").documents[0].root
    assert isinstance(root, MappingNode) and root.pairs[2][0].span == Span.of(2, 0, 2, 1)
    assert root.pairs[2][0].span.start == Position(2, 0)


def test_without_libyaml_the_conformant_parser_reads_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ruamel.yaml.clib cannot load (a Python it was not built for), lint reads files the same way."""
    broken = "version: 1\ncontexts:\n  - context_id: a\n    path: /tmp/a\n   bad: [\n"
    valid = (ROOT / "samples" / "whitelists.sync.yaml").read_text(encoding="utf-8")
    with_c = [(d.code, d.span) for d in syncdsl.lint(broken)], syncdsl.lint(valid), format_text(valid)
    monkeypatch.setattr(yaml_events, "_C_AVAILABLE", False)
    monkeypatch.setattr(yaml_events, "c_parser", _no_c_parser)
    [finding] = syncdsl.lint(broken)
    assert (finding.code, finding.span.start) == (with_c[0][0][0], with_c[0][0][1].start)
    assert "clib" not in finding.message
    assert (syncdsl.lint(valid), format_text(valid)) == (with_c[1], with_c[2])


def _no_c_parser(text: str) -> None:
    raise AssertionError("libyaml must not be asked when it is not available")
