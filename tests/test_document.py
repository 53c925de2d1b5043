"""The document layer: spans, encodings, line endings, duplicates, tags and limits."""

from __future__ import annotations

import codecs

from syncdsl.diagnostics import Position, Span
from syncdsl.document import Limits, parse
from syncdsl.nodes import MappingNode, ScalarNode, SequenceNode, to_data


def _root(text: str | bytes) -> MappingNode:
    parsed = parse(text)
    assert not parsed.all_diagnostics(), parsed.all_diagnostics()
    root = parsed.documents[0].root
    assert isinstance(root, MappingNode)
    return root


DEFAULT_LIMITS = Limits()


def _codes(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, Span, str]]:
    return [(d.code, d.span, d.message) for d in parse(text, limits).all_diagnostics()]


def test_keys_and_scalar_values_have_start_and_end() -> None:
    root = _root("version: 1\npath: '/home/wuying'\nlist: [a, bb]\n")
    (k1, v1), (k2, v2), (k3, v3) = root.pairs
    assert k1.span == Span.of(0, 0, 0, 7) and v1.span == Span.of(0, 9, 0, 10)
    assert v2.span == Span.of(1, 6, 1, 20)  # quotes included
    assert isinstance(v3, SequenceNode) and v3.flow
    assert [i.span for i in v3.items] == [Span.of(2, 7, 2, 8), Span.of(2, 10, 2, 12)]


def test_columns_count_code_points_for_astral_characters() -> None:
    root = _root("a: 😀😀\nb: x\n")
    assert root.pairs[0][1].span == Span.of(0, 3, 0, 5)
    assert root.pairs[1][0].span == Span.of(1, 0, 1, 1)


def test_crlf_positions_and_newline_detection() -> None:
    parsed = parse(b"a: 1\r\nbb: 22\r\n")
    assert parsed.source.newline == "\r\n"
    root = parsed.documents[0].root
    assert isinstance(root, MappingNode)
    assert root.pairs[1][1].span == Span.of(1, 4, 1, 6)


def test_utf8_bom_is_accepted_and_remembered() -> None:
    parsed = parse(codecs.BOM_UTF8 + b"a: 1\n")
    assert parsed.source.bom and parsed.source.encoding == "utf-8"
    root = parsed.documents[0].root
    assert isinstance(root, MappingNode) and root.pairs[0][0].span == Span.of(0, 0, 0, 1)


def test_utf16_and_utf32_are_detected_by_bom() -> None:
    for codec, name in (("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-32-le", "utf-32-le")):
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE}
        parsed = parse(bom[codec] + "ключ: 1\n".encode(codec))
        assert parsed.source.encoding == name
        assert to_data(parsed.documents[0].root) == {"ключ": 1}


def test_invalid_utf8_reports_the_position_of_the_bad_byte() -> None:
    assert _codes(b"a: 1\nbb: \xc3\x28\n") == [
        ("SD001", Span.of(1, 4, 1, 4), "invalid UTF-8 (byte 0xc3): invalid continuation byte")
    ]


def test_nul_byte_is_a_binary_file() -> None:
    assert _codes(b"\x89PNG\r\n\x1a\n\x00\x00") == [
        ("SD001", Span.of(2, 0, 2, 0), "NUL byte in file: this looks like a binary file, not YAML")
    ]


def test_yaml_1_2_core_schema_scalars() -> None:
    root = _root("a: yes\nb: true\nc: 012\nd: 0x1f\ne: 1.5\nf: ~\ng: '1'\nh: !!str 7\n")
    assert to_data(root) == {"a": "yes", "b": True, "c": 12, "d": 31, "e": 1.5, "f": None, "g": "1", "h": "7"}


def test_duplicate_key_reports_both_places() -> None:
    parsed = parse("a: 1\nb: 2\na: 3\n")
    (d,) = parsed.all_diagnostics()
    assert (d.code, d.span, d.message) == ("SD002", Span.of(2, 0, 2, 1), "duplicate key `a` (first defined on line 1)")
    assert d.related[0].span == Span.of(0, 0, 0, 1)


def test_merge_keys_including_lists_are_not_duplicates() -> None:
    text = "x: &a {p: 1, q: 1}\ny: &b {q: 2, r: 2}\nz:\n  <<: [*a, *b]\n  r: 3\n"
    root = _root(text)
    assert to_data(root)["z"] == {"r": 3, "p": 1, "q": 1}


def test_tags_are_reported_and_never_constructed() -> None:
    codes = _codes("a: !!python/object/apply:os.system ['echo pwned']\nb: !Ref other\n")
    assert codes == [
        (
            "SD003",
            Span.of(0, 3, 0, 34),
            "unsupported tag `!!python/object/apply:os.system`: only plain YAML values are allowed",
        ),
        ("SD003", Span.of(1, 3, 1, 13), "unsupported tag `!Ref`: only plain YAML values are allowed"),
    ]


def test_non_string_keys() -> None:
    assert _codes("1: a\ntrue: b\n") == [
        ("SD003", Span.of(0, 0, 0, 1), "non-string key `1`: keys must be strings"),
        ("SD003", Span.of(1, 0, 1, 4), "non-string key `true`: keys must be strings"),
    ]


def test_alias_bomb_is_refused() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (code, span, message) = _codes("\n".join(lines) + "\n")[0]
    assert code == "SD004" and message.startswith("aliases expand to more than 10,000 nodes")


def test_deep_nesting_is_refused_at_the_level_that_crosses_the_limit() -> None:
    assert _codes("a: " + "[" * 100_000 + "]" * 100_000 + "\n") == [
        ("SD004", Span.of(0, 102, 0, 102), "nesting deeper than 100 levels (max-depth)")
    ]
    block = "".join("  " * i + "k:\n" for i in range(200))
    assert _codes(block, Limits(max_depth=10)) == [
        ("SD004", Span.of(10, 20, 10, 20), "nesting deeper than 10 levels (max-depth)")
    ]


def test_size_limit() -> None:
    assert _codes("a: " + "x" * 200 + "\n", Limits(max_file_size=100)) == [
        ("SD004", Span.of(0, 0, 0, 0), "file is 204 bytes, over the 100-byte limit (max-file-size)")
    ]


def test_recursive_alias_is_reported() -> None:
    assert _codes("a: &a [*a]\n") == [
        ("SD003", Span.of(0, 7, 0, 9), "recursive alias: a node contains an alias to itself")
    ]


def test_empty_file_and_non_mapping_documents() -> None:
    assert [c for c, _, _ in _codes("")] == ["SD005"]
    assert [c for c, _, _ in _codes("# only a comment\n")] == ["SD005"]
    assert _codes("- a\n")[0][2] == "the document is a list; expected a mapping with `version` and `contexts`"
    assert _codes("hello\n")[0][2] == "the document is a scalar; expected a mapping with `version` and `contexts`"


def test_multi_document_files_give_one_tree_each() -> None:
    parsed = parse("a: 1\n---\nb: 2\n")
    assert [to_data(d.root) for d in parsed.documents] == [{"a": 1}, {"b": 2}]
    second = parsed.documents[1].root
    assert isinstance(second, MappingNode) and second.pairs[0][0].span.start == Position(2, 0)


def test_syntax_error_has_parser_message_and_position() -> None:
    assert _codes("a: [1, 2\nb: 3\n") == [
        ("SD001", Span.of(1, 1, 1, 1), "did not find expected ',' or ']' (while parsing a flow sequence)")
    ]
    assert _codes("a:\n\tb: 1\n")[0][:2] == ("SD001", Span.of(1, 0, 1, 0))


def test_line_separator_characters_do_not_shift_positions() -> None:
    root = _root("a: 'x\u2028y'\nb: 1\n")
    assert isinstance(root.pairs[1][0], ScalarNode) and root.pairs[1][0].span == Span.of(1, 0, 1, 1)


def test_scalar_spans_start_after_anchor_and_tag_properties() -> None:
    root = _root("a: &x value\nb: !!str 12\nc: &y !!str 'q'\n")
    assert [v.span for _, v in root.pairs] == [Span.of(0, 6, 0, 11), Span.of(1, 9, 1, 11), Span.of(2, 12, 2, 15)]


def test_lone_surrogate_in_text_is_a_syntax_finding() -> None:
    assert _codes("a: 1\nb: \udc80\n") == [
        ("SD001", Span.of(1, 3, 1, 3), "invalid character U+DC80 (a lone surrogate): not valid Unicode text")
    ]
