"""The committed JSON Schema, ``schema/syncdsl.schema.json``: the generator's output, and usable as documented.

The file is what ``syncdsl schema`` prints (``make schema`` rewrites it); a change to the language
that forgets to regenerate it fails here. docs/editors.md shows the ``# yaml-language-server:
$schema=...`` modeline for people who edit these files with the YAML extension or another client of
yaml-language-server; the last test runs that modeline through the real yaml-language-server (from
the npm registry, at the version pinned in bench/package-lock.json) and checks what it reports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from syncdsl.cli import cli
from tests.lsp_stdio import StdioClient

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "syncdsl.schema.json"
DOCS = ROOT / "docs" / "editors.md"
IN_CI = bool(os.environ.get("CI"))
MODELINE = "# yaml-language-server: $schema="


def test_committed_schema_is_the_generated_one() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == result.stdout, "schema/syncdsl.schema.json is out of date: run `make schema` and commit it"
    data = json.loads(committed)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_docs_show_the_modeline_with_the_committed_path() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    lines = [line.strip() for line in docs.splitlines() if line.strip().startswith(MODELINE)]
    assert lines, "docs/editors.md shows the yaml-language-server modeline"
    assert any(line.endswith("/schema/syncdsl.schema.json") for line in lines), lines


SAMPLE = """\
version: 2
policies:
  p:
    upload_policy:
      upload_mode: Zip
contexts:
  - context_id: SdkCtx-0123abcd
    path: /home/wuying
    polcy: p
"""


@pytest.fixture(scope="module")
def yaml_language_server(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        if IN_CI:
            pytest.fail("npm is not installed: .ci/run must install Node.js and npm")
        pytest.skip("npm is not installed")
    folder = tmp_path_factory.mktemp("yamlls")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "bench" / name, folder / name)
    proc = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        message = f"npm ci (yaml-language-server) failed: {proc.stderr[-3000:]}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return [node, str(folder / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"), "--stdio"]


def test_yaml_language_server_validates_through_the_relative_modeline(
    yaml_language_server: list[str], tmp_path: Path
) -> None:
    # A project that keeps a copy of the schema next to its files, as the docs describe.
    shutil.copy(SCHEMA_FILE, tmp_path / "syncdsl.schema.json")
    docs = DOCS.read_text(encoding="utf-8")
    relative = re.search(r"^# yaml-language-server: \$schema=(\./[^\s]+)$", docs, re.MULTILINE)
    assert relative is not None, "docs/editors.md shows a relative modeline"
    text = f"# yaml-language-server: $schema={relative.group(1)}\n{SAMPLE}"
    client = StdioClient(yaml_language_server, cwd=tmp_path)
    try:
        client.initialize(tmp_path)
        uri = (tmp_path / "team.sync.yaml").as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        note = client.wait_for_notification("textDocument/publishDiagnostics", uri, timeout=90)
        got = sorted(
            (d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in note["params"]["diagnostics"]
        )
        messages = " | ".join(d["message"] for d in note["params"]["diagnostics"])
    finally:
        client.proc.kill()
        client.proc.wait()
    # `version: 2` (line 1), `upload_mode: Zip` (line 5), the misspelt `polcy` (line 9).
    assert got == [(1, 9), (5, 19), (9, 4)], messages
    assert "polcy" in messages
