"""Every rule folder under tests/fixtures/rules/: bad file -> exact output, good file -> nothing.

Run ``pytest tests/test_rule_fixtures.py --update-fixtures`` to rewrite the
expected files after an intended change, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syncdsl.linter import lint
from syncdsl.rules import RULE_MODULES, rules_by_code
from tests.fixture_format import render_diagnostics, render_fixes

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CODES = sorted(rules_by_code())


def _check(path: Path, actual: str, update: bool) -> None:
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing expected-output file {path}"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", CODES)
def test_bad_file_gives_exact_diagnostics(code: str, update_fixtures: bool) -> None:
    folder = FIXTURES / code
    bad = folder / "bad.sync.yaml"
    assert bad.exists(), f"rule {code} has no fixture {bad}"
    diagnostics = lint(bad.read_bytes(), str(bad))
    assert any(d.code == code for d in diagnostics), f"{code} does not fire on its bad fixture"
    _check(folder / "bad.out", render_diagnostics(diagnostics), update_fixtures)
    rule = rules_by_code()[code]
    if getattr(rule, "FIXABLE", False):
        _check(folder / "bad.fixes", render_fixes([d for d in diagnostics if d.code == code]), update_fixtures)


@pytest.mark.parametrize("code", CODES)
def test_good_file_gives_nothing(code: str) -> None:
    good = FIXTURES / code / "good.sync.yaml"
    assert good.exists(), f"rule {code} has no fixture {good}"
    assert render_diagnostics(lint(good.read_bytes(), str(good))) == ""


def test_every_registered_module_has_a_fixture_folder() -> None:
    assert len(RULE_MODULES) == len(CODES)
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == CODES
