"""LSP equals core: for every rule fixture and sample, the server's diagnostics are the core's, converted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lsp import expected
from tests.lsp.conftest import FIXTURES, RecordingClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parent.parent.parent


def _cases() -> list[Path]:
    files = sorted(FIXTURES.glob("rules/*/bad.sync.yaml")) + sorted((ROOT / "samples").glob("*.sync.y*ml"))
    readable = []
    for path in files:
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text: an editor cannot open it as a document either
        readable.append(path)
    return readable


CASES = _cases()


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(ROOT)) for p in CASES])
async def test_lsp_diagnostics_equal_the_core(editor: RecordingClient, path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    name = f"{path.parent.name}-{path.name}"
    uri = editor.open(name, text)
    found = await editor.diagnostics_of(uri)
    encoding = editor.initialized_with.capabilities.position_encoding  # type: ignore[union-attr]
    assert expected.in_order([expected.as_json(d) for d in found]) == expected.in_order(
        expected.diagnostics(text, uri, str(encoding))
    )
    editor.close(uri)


async def test_there_are_cases() -> None:
    assert len(CASES) >= 1 or not FIXTURES.joinpath("rules").exists()
