"""docs/rules/ is generated from the rule docstrings; these tests fail when it drifts."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from syncdsl.render import rule_help_uri
from syncdsl.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_rule_docs", module)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def test_docs_on_disk_are_the_generated_ones() -> None:
    problems = gen.drift(gen.render_all(), DOCS)
    assert problems == [], "docs/rules drifted from the rule docstrings; run `python scripts/gen_rule_docs.py`"


def test_every_rule_has_a_page_and_an_index_row() -> None:
    pages = gen.render_all()
    codes = [rule.CODE for rule in all_rules()]
    assert sorted(pages) == sorted([f"{code}.md" for code in codes] + ["README.md"])
    linked = re.findall(r"^\| \[(SD\d{3})\]\((SD\d{3})\.md\) \|", pages["README.md"], flags=re.MULTILINE)
    assert [a for a, _ in linked] == codes
    assert all(a == b for a, b in linked)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.CODE)
def test_page_shows_the_rule_and_its_whole_docstring(rule: ModuleType) -> None:
    page = gen.render_all()[f"{rule.CODE}.md"]
    lines = page.splitlines()
    assert lines[2] == f"# {rule.CODE}: {rule.NAME}"
    fix = f"{rule.FIX_SAFETY} safe — see *Fix safety*" if getattr(rule, "FIXABLE", False) else "no"
    assert f"| {rule.SEVERITY.value} | {fix} | `# syncdsl: disable={rule.CODE}` |" in lines
    # The docstring, every line of it, in order (the first line is the summary under the title).
    doc = inspect.cleandoc(rule.__doc__ or "")
    assert lines[4] == doc.splitlines()[0]
    assert "\n".join(doc.splitlines()[1:]).strip() in page
    assert [h for h in lines if h.startswith("## ")] == [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ]


def test_diagnostic_links_point_at_the_generated_pages() -> None:
    """SARIF helpUri and the language server's codeDescription open these pages."""
    for rule in all_rules():
        uri = rule_help_uri(rule.CODE, rule.NAME)
        assert uri.endswith(f"/docs/rules/{rule.CODE}.md"), uri


def test_check_mode_reports_stale_missing_and_extra(tmp_path: Path) -> None:
    pages = gen.render_all()
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert gen.drift(pages, tmp_path) == []
    (tmp_path / "SD101.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "SD102.md").unlink()
    (tmp_path / "SD999.md").write_text("old rule\n", encoding="utf-8")
    assert gen.drift(pages, tmp_path) == [
        "stale: docs/rules/SD101.md",
        "missing: docs/rules/SD102.md",
        "extra: docs/rules/SD999.md",
    ]
