"""Every registered rule is complete: metadata, a doc of the agreed shape, examples that do what they say.

The docstring is what ``syncdsl rule CODE``, the docs and LSP hover show, so
its examples are linted here: the Example must fire the rule and the Use
instead block must lint clean, or the documentation has drifted.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

from syncdsl.diagnostics import Severity
from syncdsl.linter import lint
from syncdsl.rules import RULE_MODULES
from tests.fixture_format import render_diagnostics

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
HEADINGS = ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety"]
KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.M | re.S)


def _rule(module_name: str) -> ModuleType:
    # One module per test: a rule that does not import fails alone, not the whole catalog.
    return importlib.import_module(f"syncdsl.rules.{module_name}")


def _sections(doc: str) -> tuple[str, list[str], dict[str, str]]:
    """The summary line, the `##` headings in order, and each heading's body."""
    summary, _, rest = doc.strip().partition("\n")
    parts = re.split(r"^## (.+)$", rest, flags=re.M)
    headings = parts[1::2]
    return summary.strip(), headings, dict(zip(headings, parts[2::2], strict=True))


def _example(rule: ModuleType, heading: str) -> str:
    _, _, body = _sections(rule.__doc__ or "")
    (block,) = YAML_BLOCK.findall(body[heading])
    return str(block)


@pytest.mark.parametrize("module_name", RULE_MODULES)
def test_metadata(module_name: str) -> None:
    rule = _rule(module_name)
    number, _, words = module_name.partition("_")
    assert rule.CODE == number.upper()
    assert rule.NAME == words.replace("_", "-")
    assert KEBAB.match(rule.NAME)
    assert isinstance(rule.SEVERITY, Severity)
    assert isinstance(rule.FIXABLE, bool)
    assert callable(rule.check)


@pytest.mark.parametrize("module_name", RULE_MODULES)
def test_doc_has_the_agreed_shape(module_name: str) -> None:
    rule = _rule(module_name)
    summary, headings, body = _sections(rule.__doc__ or "")
    assert summary and not summary.startswith("#")
    assert headings == HEADINGS
    assert body["Example"].count("```yaml") == 1
    assert body["Use instead"].count("```yaml") == 1
    assert len(YAML_BLOCK.findall(body["Example"])) == 1
    assert len(YAML_BLOCK.findall(body["Use instead"])) == 1
    assert ("There is no fix" in body["Fix safety"]) is not rule.FIXABLE


@pytest.mark.parametrize("module_name", RULE_MODULES)
def test_example_fires_the_rule(module_name: str) -> None:
    rule = _rule(module_name)
    found = lint(_example(rule, "Example"))
    assert rule.CODE in {d.code for d in found}, render_diagnostics(found)
    if not rule.FIXABLE:
        assert all(d.fix is None for d in found if d.code == rule.CODE)


@pytest.mark.parametrize("module_name", RULE_MODULES)
def test_use_instead_lints_clean(module_name: str) -> None:
    rule = _rule(module_name)
    assert render_diagnostics(lint(_example(rule, "Use instead"))) == ""


@pytest.mark.parametrize("module_name", RULE_MODULES)
def test_rule_has_a_fixture_folder(module_name: str) -> None:
    folder = FIXTURES / _rule(module_name).CODE
    assert (folder / "bad.sync.yaml").is_file()
    assert (folder / "good.sync.yaml").is_file()
