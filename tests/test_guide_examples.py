"""Every configuration example of the AgentBay guides, linted as the guides describe it.

``tests/fixtures/guides/<name>.sync.yaml`` holds one example of
data-persistence.md, context-sync-use-case.md, cross-platform-persistence.md
or browser-context.md (in the SDK repository's ``docs/guides``), written in
syncdsl. Its header comment names the guide and section (``# Guide: FILE,
"Section"``) and declares what the guide says about it:

- ``# expect: clean``: a configuration the guide gives as correct; nothing at
  warning or error may be reported (info is allowed);
- ``# expect: SD205`` or ``# expect: SD102,SD103``: a mistake the guide
  documents; each listed code must be reported at warning or error.

``<name>.out`` pins the exact diagnostics (the format of
``tests/fixtures/rules/*/bad.out``). Run
``pytest tests/test_guide_examples.py --update-fixtures`` to rewrite the
``.out`` files after an intended change, then review them line by line: the
declared expectation is checked first, so a regression cannot be blessed by
regenerating the expected output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from syncdsl.diagnostics import Severity
from syncdsl.linter import lint
from syncdsl.rules import rules_by_code
from tests.fixture_format import render_diagnostics

FIXTURES = Path(__file__).parent / "fixtures" / "guides"
CASES = sorted(FIXTURES.glob("*.sync.yaml"))
GUIDES = (
    "data-persistence.md",
    "context-sync-use-case.md",
    "cross-platform-persistence.md",
    "browser-context.md",
)
SERIOUS = (Severity.ERROR, Severity.WARNING)

_GUIDE = re.compile(r"^# Guide: (?P<file>[\w.-]+\.md)\b", re.MULTILINE)
_EXPECT = re.compile(r"^# expect: (?P<what>\S.*?)\s*$", re.MULTILINE)


def _header(text: str) -> str:
    """The leading comment block, the only place a declaration counts."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def expectation(text: str) -> frozenset[str]:
    """The codes a fixture declares (empty for ``clean``); raises ValueError for a missing or bad declaration."""
    found = _EXPECT.findall(_header(text))
    if len(found) != 1:
        raise ValueError(f"expected exactly one `# expect:` line in the header, found {len(found)}")
    what = found[0]
    if what == "clean":
        return frozenset()
    codes = [code.strip() for code in what.split(",")]
    bad = [code for code in codes if not re.fullmatch(r"SD\d{3}", code)]
    if bad:
        raise ValueError(f"`# expect:` takes `clean` or comma-separated rule codes, got {what!r}")
    return frozenset(codes)


def _name(path: Path) -> str:
    return path.name.removesuffix(".sync.yaml")


def test_there_are_guide_fixtures_for_every_guide() -> None:
    cited = {m.group("file") for path in CASES for m in _GUIDE.finditer(_header(path.read_text(encoding="utf-8")))}
    assert set(GUIDES) <= cited
    assert len(CASES) >= 30


def test_every_expected_output_belongs_to_a_fixture() -> None:
    names = {_name(path) for path in CASES}
    assert sorted(p.name.removesuffix(".out") for p in FIXTURES.glob("*.out")) == sorted(names)


@pytest.mark.parametrize("path", CASES, ids=_name)
def test_the_header_names_a_guide_section_and_an_expectation(path: Path) -> None:
    header = _header(path.read_text(encoding="utf-8"))
    guides = _GUIDE.findall(header)
    assert guides, f"{path.name}: the header must start a line with `# Guide: <file>.md, \"<section>\"`"
    assert set(guides) <= set(GUIDES), f"{path.name}: unknown guide {guides}"
    assert '"' in header.split("# Guide:", 1)[1].split("\n# expect:", 1)[0], f"{path.name}: name the section in quotes"
    codes = expectation(header)
    unknown = codes - set(rules_by_code())
    assert not unknown, f"{path.name}: `# expect:` names codes no rule has: {sorted(unknown)}"


@pytest.mark.parametrize("path", CASES, ids=_name)
def test_guide_example_lints_as_the_guide_describes_it(path: Path, update_fixtures: bool) -> None:
    text = path.read_text(encoding="utf-8")
    expected = expectation(text)
    diagnostics = lint(path.read_bytes(), str(path))
    serious = sorted({d.code for d in diagnostics if d.severity in SERIOUS})
    rendered = render_diagnostics(diagnostics)
    if expected:
        missing = sorted(expected - set(serious))
        assert not missing, f"{path.name}: the documented mistake is not reported as {missing}:\n{rendered}"
    else:
        assert serious == [], f"{path.name}: a correct guide example gets findings:\n{rendered}"

    out = path.with_name(_name(path) + ".out")
    if update_fixtures:
        out.write_text(rendered, encoding="utf-8")
        return
    assert out.exists(), f"missing expected-output file {out} (run with --update-fixtures, then review it)"
    assert rendered == out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("header", "codes"),
    [
        ("# Guide: x.md\n# expect: clean\n", frozenset()),
        ("# expect: SD205\n", frozenset({"SD205"})),
        ("# expect: SD102, SD103\n", frozenset({"SD102", "SD103"})),
    ],
)
def test_expectation_parser(header: str, codes: frozenset[str]) -> None:
    assert expectation(header + "version: 1\n") == codes


@pytest.mark.parametrize(
    "header",
    [
        "# no declaration\n",
        "# expect: clean\n# expect: SD101\n",
        "# expect: nothing\n",
        "version: 1\n# expect: clean\n",  # after the header: does not count
    ],
)
def test_expectation_parser_refuses_bad_declarations(header: str) -> None:
    with pytest.raises(ValueError):
        expectation(header + "version: 1\n")
