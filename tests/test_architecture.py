"""One core, thin shells: the boundaries the design depends on."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_core_never_imports_the_lsp_libraries() -> None:
    offenders = {f: n & {"pygls", "lsprotocol", "lsp_server"} for f, n in _imports("syncdsl").items()}
    # The `syncdsl lsp` command is the one shell allowed to start the server, lazily.
    offenders.pop("syncdsl/cli/lsp_cmd.py", None)
    assert {f: n for f, n in offenders.items() if n} == {}


def test_language_server_holds_no_parsing_or_schema_logic() -> None:
    if not (ROOT / "lsp_server").is_dir():
        return
    offenders = {f: n & {"ruamel", "cerberus", "yaml"} for f, n in _imports("lsp_server").items()}
    assert {f: n for f, n in offenders.items() if n} == {}


def test_linting_loads_neither_pygls_nor_jsonschema() -> None:
    code = (
        "import sys; import syncdsl.cli; from syncdsl.linter import lint;"
        "lint('version: 1\\ncontexts: [{context_id: a, path: /a}]\\n');"
        "print(sorted(m for m in ('pygls', 'lsprotocol', 'jsonschema', 'lsp_server') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
