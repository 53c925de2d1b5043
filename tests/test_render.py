"""The renderers on hand-made diagnostics: exact text, JSON, GitHub and SARIF output."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from syncdsl.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from syncdsl.render import FileDiagnostics, rule_help_uri
from syncdsl.render.github import render_github
from syncdsl.render.json import render_json, render_json_statistics
from syncdsl.render.sarif import render_sarif
from syncdsl.render.text import render_text, snippet, summary

WILDCARD = Diagnostic(
    "SD101",
    "recycle-path-wildcard",
    Severity.ERROR,
    "wildcard `*` in recycle path `/tmp/*.log`: recycle paths must be exact",
    Span.of(4, 15, 4, 25),
    Fix(Applicability.SUGGESTION, "Replace with `/tmp`", (Edit(Span.of(4, 15, 4, 25), "/tmp"),)),
)
UNUSED = Diagnostic("SD303", "unused-policy", Severity.WARNING, "policy `old` is never used", Span.of(2, 2, 2, 5))
HINT = Diagnostic("SD999", "made-up-info", Severity.INFO, "an info", Span.of(0, 0, 0, 7))
LINES = {4: "      paths: [/tmp/*.log]", 2: "  old:", 0: "version: 1"}
FILE = FileDiagnostics("team.sync.yaml", [UNUSED, WILDCARD], LINES)


# --- text ---------------------------------------------------------------------------------


def test_text_with_source() -> None:
    assert render_text([FILE]) == (
        "team.sync.yaml:3:3: SD303 [warning] policy `old` is never used\n"
        " 3 |   old:\n"
        "   |   ^^^\n"
        "\n"
        "team.sync.yaml:5:16: SD101 [error] wildcard `*` in recycle path `/tmp/*.log`: recycle paths must be exact\n"
        " 5 |       paths: [/tmp/*.log]\n"
        "   |                ^^^^^^^^^^\n"
        "\n"
        "Found 2 problems (1 error, 1 warning).\n"
    )


def test_text_without_source_and_clean_summary() -> None:
    assert render_text([FILE], show_source=False) == (
        "team.sync.yaml:3:3: SD303 [warning] policy `old` is never used\n"
        "team.sync.yaml:5:16: SD101 [error] wildcard `*` in recycle path `/tmp/*.log`: recycle paths must be exact\n"
        "Found 2 problems (1 error, 1 warning).\n"
    )
    assert render_text([FileDiagnostics("a.sync.yaml", [])]) == "All checks passed!\n"


def test_text_quiet_prints_only_the_summary_and_nothing_when_clean() -> None:
    assert render_text([FILE], quiet=True) == "Found 2 problems (1 error, 1 warning).\n"
    assert render_text([FileDiagnostics("a.sync.yaml", [])], quiet=True) == ""


def test_text_statistics() -> None:
    files = [FILE, FileDiagnostics("b.sync.yaml", [UNUSED], LINES)]
    assert render_text(files, statistics=True) == (
        "2  SD303  unused-policy          [warning]\n"
        "1  SD101  recycle-path-wildcard  [error]\n"
        "Found 3 problems (1 error, 2 warnings).\n"
    )


def test_summary_counts_info_only_when_present() -> None:
    assert summary([FileDiagnostics("a", [WILDCARD])]) == "Found 1 problem (1 error, 0 warnings)."
    assert summary([FileDiagnostics("a", [HINT, HINT])]) == "Found 2 problems (0 errors, 0 warnings, 2 info)."


def test_text_colour_codes() -> None:
    out = render_text([FileDiagnostics("a.sync.yaml", [WILDCARD], LINES)], color=True)
    first = out.splitlines()[0]
    assert first == (
        "\x1b[1ma.sync.yaml\x1b[0m:5:16: \x1b[1;31mSD101\x1b[0m [\x1b[1;31merror\x1b[0m] "
        "wildcard `*` in recycle path `/tmp/*.log`: recycle paths must be exact"
    )
    assert out.splitlines()[2] == "   \x1b[34m|\x1b[0m \x1b[1;31m               ^^^^^^^^^^\x1b[0m"
    assert "\x1b[" not in render_text([FileDiagnostics("a.sync.yaml", [WILDCARD], LINES)], color=False)


@pytest.mark.parametrize(
    ("line", "start", "end", "shown", "carets"),
    [
        # a range in the middle of the line
        ("  paths: [/tmp/*.log]", 10, 20, "  paths: [/tmp/*.log]", "          ^^^^^^^^^^"),
        # tabs are expanded to 4-column stops in both lines, so the caret stays under the tab
        ("\tkey:\tvalue", 5, 6, "    key:    value", "        ^^^^"),
        ("\t\tx", 2, 3, "        x", "        ^"),
        # wide characters take two cells, combining marks none
        ("a: 日本語x", 3, 6, "a: 日本語x", "   ^^^^^^"),
        ("e\u0301x", 2, 3, "e\u0301x", " ^"),
        # an empty range, and one at the end of the line: one caret
        ("abc", 1, 1, "abc", " ^"),
        ("abc", 3, 3, "abc", "   ^"),
        # a range past the end is clipped to the line
        ("abc", 1, 99, "abc", " ^^"),
        # control characters are shown as symbols and keep their cell
        ("a\x1bb", 2, 3, "a\u241bb", "  ^"),
        # emoji (astral plane): one code point, two cells
        ("x: 😀 y", 5, 6, "x: 😀 y", "      ^"),
    ],
)
def test_snippet(line: str, start: int, end: int, shown: str, carets: str) -> None:
    assert snippet(line, start, end) == (shown, carets)


def test_snippet_of_a_very_long_line_is_a_window_around_the_range() -> None:
    line = "x" * 1_000_000 + "BAD" + "y" * 1_000_000
    shown, carets = snippet(line, 1_000_000, 1_000_003)
    assert shown == "…" + "x" * 40 + "BAD" + "y" * 117 + "…"
    assert carets == " " * 41 + "^^^"


def test_multi_line_range_underlines_to_the_end_of_the_first_line() -> None:
    d = Diagnostic("SD011", "wrong-type", Severity.ERROR, "expected a list", Span.of(1, 4, 3, 2))
    out = render_text([FileDiagnostics("f", [d], {1: "  a: {x: 1,"})])
    assert out.splitlines()[1:3] == [" 2 |   a: {x: 1,", "   |     ^^^^^^^"]


def test_text_escapes_control_characters_in_path_and_message() -> None:
    d = Diagnostic("SD010", "unknown-key", Severity.ERROR, "unknown key `a\x1b[2Jb`", Span.of(0, 0, 0, 1))
    out = render_text([FileDiagnostics("f\x07.sync.yaml", [d])], show_source=False)
    assert out.splitlines()[0] == "f\u2407.sync.yaml:1:1: SD010 [error] unknown key `a\u241b[2Jb`"


# --- json -------------------------------------------------------------------------------------


def test_json_is_the_spec_shape() -> None:
    assert json.loads(render_json([FILE])) == [
        {
            "path": "team.sync.yaml",
            "line": 3,
            "column": 3,
            "end_line": 3,
            "end_column": 6,
            "code": "SD303",
            "name": "unused-policy",
            "severity": "warning",
            "message": "policy `old` is never used",
            "fix": None,
        },
        {
            "path": "team.sync.yaml",
            "line": 5,
            "column": 16,
            "end_line": 5,
            "end_column": 26,
            "code": "SD101",
            "name": "recycle-path-wildcard",
            "severity": "error",
            "message": "wildcard `*` in recycle path `/tmp/*.log`: recycle paths must be exact",
            "fix": {
                "applicability": "suggestion",
                "message": "Replace with `/tmp`",
                "edits": [{"line": 5, "column": 16, "end_line": 5, "end_column": 26, "text": "/tmp"}],
            },
        },
    ]
    assert render_json([]) == "[]\n"


def test_json_statistics() -> None:
    assert json.loads(render_json_statistics([FILE, FileDiagnostics("b", [UNUSED])])) == [
        {"code": "SD303", "name": "unused-policy", "severity": "warning", "count": 2},
        {"code": "SD101", "name": "recycle-path-wildcard", "severity": "error", "count": 1},
    ]


# --- github -----------------------------------------------------------------------------------


def test_github_annotations() -> None:
    assert render_github([FILE, FileDiagnostics("c.sync.yaml", [HINT])]) == (
        "::warning file=team.sync.yaml,line=3,col=3,endLine=3,endColumn=6,title=SD303 unused-policy"
        "::policy `old` is never used\n"
        "::error file=team.sync.yaml,line=5,col=16,endLine=5,endColumn=26,title=SD101 recycle-path-wildcard"
        "::wildcard `*` in recycle path `/tmp/*.log`: recycle paths must be exact\n"
        "::notice file=c.sync.yaml,line=1,col=1,endLine=1,endColumn=8,title=SD999 made-up-info::an info\n"
    )


def test_github_escapes_what_would_end_the_command() -> None:
    d = Diagnostic("SD010", "unknown-key", Severity.ERROR, "100% bad\nsecond::line", Span.of(0, 0, 0, 1))
    out = render_github([FileDiagnostics("dir,a:b%.sync.yaml", [d])])
    assert out == (
        "::error file=dir%2Ca%3Ab%25.sync.yaml,line=1,col=1,endLine=1,endColumn=2,title=SD010 unknown-key"
        "::100%25 bad%0Asecond::line\n"
    )


# --- sarif ------------------------------------------------------------------------------------

_REGION = {
    "type": "object",
    "required": ["startLine", "startColumn", "endLine", "endColumn"],
    "properties": {k: {"type": "integer", "minimum": 1} for k in ("startLine", "startColumn", "endLine", "endColumn")},
}
_MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
_ARTIFACT = {"type": "object", "required": ["uri"], "properties": {"uri": {"type": "string", "minLength": 1}}}
_LOCATION = {
    "type": "object",
    "required": ["physicalLocation"],
    "properties": {
        "physicalLocation": {
            "type": "object",
            "required": ["artifactLocation", "region"],
            "properties": {"artifactLocation": _ARTIFACT, "region": _REGION},
        }
    },
}
# The parts of the SARIF 2.1.0 schema this renderer uses, with the constraints code scanning relies on.
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs", "$schema"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "shortDescription",
                                                "fullDescription",
                                                "helpUri",
                                                "defaultConfiguration",
                                            ],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MESSAGE,
                                                "fullDescription": _MESSAGE,
                                                "helpUri": {"type": "string"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "required": ["level"],
                                                    "properties": {
                                                        "level": {"enum": ["none", "note", "warning", "error"]}
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "ruleIndex", "level", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _MESSAGE,
                                "locations": {"type": "array", "minItems": 1, "items": _LOCATION},
                                "fixes": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["artifactChanges"],
                                        "properties": {
                                            "description": _MESSAGE,
                                            "artifactChanges": {
                                                "type": "array",
                                                "minItems": 1,
                                                "items": {
                                                    "type": "object",
                                                    "required": ["artifactLocation", "replacements"],
                                                    "properties": {
                                                        "artifactLocation": _ARTIFACT,
                                                        "replacements": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "items": {
                                                                "type": "object",
                                                                "required": ["deletedRegion"],
                                                                "properties": {
                                                                    "deletedRegion": _REGION,
                                                                    "insertedContent": _MESSAGE,
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def check_sarif(log: dict[str, Any]) -> None:
    """Validate a SARIF log against the subset schema, plus the cross-references a schema cannot express."""
    import jsonschema

    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(log)
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)), "one rule entry per code"
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            for loc in result["locations"]:
                region = loc["physicalLocation"]["region"]
                assert (region["startLine"], region["startColumn"]) <= (region["endLine"], region["endColumn"])


def _fake_rule(code: str, name: str, severity: Severity, doc: str, fixable: bool) -> Any:
    return SimpleNamespace(CODE=code, NAME=name, SEVERITY=severity, FIXABLE=fixable, __doc__=doc)


DOC = "A wildcard in a recycle path.\n\n## What"
RULES = [
    _fake_rule("SD101", "recycle-path-wildcard", Severity.ERROR, DOC, True),
    _fake_rule("SD303", "unused-policy", Severity.WARNING, "A policy nobody uses.\n", False),
    _fake_rule("SD999", "made-up-info", Severity.INFO, "Information.", False),
]


def test_sarif_structure_and_content() -> None:
    log = json.loads(render_sarif([FILE, FileDiagnostics("sub dir/ü.sync.yaml", [HINT])], RULES, "1.2.3"))
    check_sarif(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["version"] == "1.2.3"
    assert run["tool"]["driver"]["rules"][0] == {
        "id": "SD101",
        "name": "recycle-path-wildcard",
        "shortDescription": {"text": "A wildcard in a recycle path."},
        "fullDescription": {"text": DOC, "markdown": DOC},
        "helpUri": rule_help_uri("SD101", "recycle-path-wildcard"),
        "help": {"text": DOC, "markdown": DOC},
        "defaultConfiguration": {"level": "error"},
        "properties": {"fixable": True},
    }
    assert [r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]] == ["error", "warning", "note"]
    first, second, third = run["results"]
    assert first == {
        "ruleId": "SD303",
        "ruleIndex": 1,
        "level": "warning",
        "message": {"text": "policy `old` is never used"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "team.sync.yaml"},
                    "region": {"startLine": 3, "startColumn": 3, "endLine": 3, "endColumn": 6},
                }
            }
        ],
    }
    assert second["fixes"] == [
        {
            "description": {"text": "Replace with `/tmp`"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "team.sync.yaml"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 5, "startColumn": 16, "endLine": 5, "endColumn": 26},
                            "insertedContent": {"text": "/tmp"},
                        }
                    ],
                }
            ],
        }
    ]
    assert third["level"] == "note"
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub%20dir/%C3%BC.sync.yaml"


def test_sarif_related_locations_and_empty_log() -> None:
    dup = Diagnostic(
        "SD101",
        "recycle-path-wildcard",
        Severity.ERROR,
        "m",
        Span.of(3, 2, 3, 5),
        related=(Related(Span.of(1, 2, 1, 5), "first here"),),
    )
    log = json.loads(render_sarif([FileDiagnostics("a.sync.yaml", [dup])], RULES, "0"))
    check_sarif(log)
    assert log["runs"][0]["results"][0]["relatedLocations"] == [
        {
            "id": 0,
            "physicalLocation": {
                "artifactLocation": {"uri": "a.sync.yaml"},
                "region": {"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 6},
            },
            "message": {"text": "first here"},
        }
    ]
    empty = json.loads(render_sarif([], RULES, "0"))
    check_sarif(empty)
    assert empty["runs"][0]["results"] == []


def test_sarif_subset_schema_rejects_broken_logs() -> None:
    import jsonschema

    log = json.loads(render_sarif([FILE], RULES, "0"))
    del log["runs"][0]["results"][0]["ruleIndex"]
    with pytest.raises(jsonschema.ValidationError):
        check_sarif(log)
    log = json.loads(render_sarif([FILE], RULES, "0"))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    with pytest.raises(jsonschema.ValidationError):
        check_sarif(log)
