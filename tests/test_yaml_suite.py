"""Every case of the official YAML test suite (vendored in tests/yaml_suite/) against the document layer.

`tests/yaml_suite/expected.json` holds the checked-in outcome of each case, so
any change — a regression or an improvement — fails here until that file is
regenerated and its diff reviewed:

    .venv/bin/python -m pytest tests/test_yaml_suite.py --update-fixtures

Outcomes: ``rejected`` (SD001 or SD004), ``accepted`` (no data to compare: an
invalid case, or a valid one without JSON in the suite or with non-scalar
keys), ``same data`` / ``different data`` (a valid case with JSON).
Beyond the parser, every case also goes through ``lint`` and ``fmt``, which
must never raise anything but :class:`~syncdsl.formatter.FormatError`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from syncdsl.document import parse
from syncdsl.formatter import FormatError, format_text
from syncdsl.linter import lint
from syncdsl.nodes import MappingNode, Node, ScalarNode, SequenceNode

SUITE = Path(__file__).parent / "yaml_suite"
EXPECTED = SUITE / "expected.json"


@cache
def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((SUITE / "cases.json").read_text(encoding="utf-8"))["cases"]
    return cases


class _NotComparable(Exception):
    pass


def _data(node: Node | None) -> Any:
    """The node as JSON would hold it: keys as written (no merge keys in the suite), as strings."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        value = node.value
        return "NaN" if isinstance(value, float) and math.isnan(value) else value
    if isinstance(node, SequenceNode):
        return [_data(item) for item in node.items]
    if isinstance(node, MappingNode):
        out = {}
        for key, value in node.pairs:
            if not isinstance(key, ScalarNode):
                raise _NotComparable
            name = key.value if isinstance(key.value, str) else json.dumps(key.value)
            out[name] = _data(value)
        return out
    raise TypeError(node)


def _expected_docs(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    docs, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return docs
        value, i = decoder.raw_decode(text, i)
        docs.append(value)


def outcome(case: dict[str, Any]) -> str:
    parsed = parse(case["yaml"])  # raises only on a bug: the test then fails with the traceback
    if any(d.code in ("SD001", "SD004") for d in parsed.all_diagnostics()):
        return "rejected"
    if case["fail"] or case["json"] is None:
        return "accepted"
    try:
        docs = [_data(d.root) for d in parsed.documents]
    except _NotComparable:
        return "accepted"
    expected = _expected_docs(case["json"])
    if len(docs) != len(expected):  # the suite writes no JSON for an empty document
        docs = [d for d in docs if d is not None]
    return "same data" if docs == expected else "different data"


@cache
def _outcomes() -> dict[str, str]:
    return {case["id"]: outcome(case) for case in _cases()}


def test_every_case_has_its_expected_outcome(update_fixtures: bool) -> None:
    got = _outcomes()
    if update_fixtures:
        EXPECTED.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    changed = [
        f"{i}: expected {expected.get(i)!r}, got {got.get(i)!r}"
        for i in sorted(set(got) | set(expected))
        if got.get(i) != expected.get(i)
    ]
    assert not changed, "outcomes changed (rerun with --update-fixtures and review the diff):\n" + "\n".join(changed)


def test_no_valid_case_is_rejected_or_read_as_different_data() -> None:
    got = _outcomes()
    valid = [c["id"] for c in _cases() if not c["fail"]]
    counts = Counter(got[i] for i in valid)
    assert counts["rejected"] == 0 and counts["different data"] == 0, counts
    invalid = [c["id"] for c in _cases() if c["fail"]]
    # 0.1.0 (libyaml alone) caught 77 of the 94 invalid cases.
    assert sum(got[i] == "rejected" for i in invalid) >= 84


@pytest.mark.parametrize("chunk", range(4))
def test_lint_and_fmt_never_raise_on_any_case(chunk: int) -> None:
    for case in _cases()[chunk::4]:
        lint(case["yaml"])
        try:
            format_text(case["yaml"])
        except FormatError:
            pass
