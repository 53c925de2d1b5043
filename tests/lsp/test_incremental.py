"""LSP equals core after edits: incremental changes, re-parsed item by item, publish what a full lint finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_server.server import build_server
from syncdsl.linter import lint_source
from tests.lsp import expected
from tests.lsp.conftest import RecordingClient, change
from tests.test_incremental import TRICKY, generated_file, random_edit

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _edit_and_compare(editor: RecordingClient, name: str, text: str, steps: int, seed: int) -> None:
    encoding = str(editor.initialized_with.capabilities.position_encoding)  # type: ignore[union-attr]
    uri = editor.open(name, text)
    assert expected.in_order([expected.as_json(d) for d in await editor.diagnostics_of(uri)]) == expected.in_order(
        expected.diagnostics(text, uri, encoding)
    )
    rng = random.Random(seed)
    for _ in range(steps):
        start, end, replacement = random_edit(text, rng)
        a = expected.offset_position(text, start, encoding)
        b = expected.offset_position(text, end, encoding)
        editor.edit(uri, change(a["line"], a["character"], b["line"], b["character"], replacement))
        text = text[:start] + replacement + text[end:]
        found = await editor.diagnostics_of(uri)
        assert expected.in_order([expected.as_json(d) for d in found]) == expected.in_order(
            expected.diagnostics(text, uri, encoding)
        )
    editor.close(uri)


async def test_edits_of_a_generated_file_publish_the_core_s_diagnostics(editor: RecordingClient) -> None:
    await _edit_and_compare(editor, "generated.sync.yaml", generated_file(800), 25, 1)


async def test_edits_of_tricky_yaml_publish_the_core_s_diagnostics(editor: RecordingClient) -> None:
    # Non-ASCII text: positions in the client's encoding (UTF-16 or UTF-8) after each change.
    await _edit_and_compare(editor, "tricky.sync.yaml", TRICKY, 25, 2)


async def test_the_server_re_parses_only_the_edited_item(tmp_path: Path) -> None:
    """The wiring: each open document has its incremental linter, fed every version of the text."""
    server = build_server(0.0)
    uri = (tmp_path / "x.sync.yaml").as_uri()
    text = generated_file(300)
    doc = server.documents.open(types.TextDocumentItem(uri=uri, language_id="syncdsl", version=1, text=text))
    await server.analysis(doc)
    edited = text.replace("auto_upload: true", "auto_upload: false", 1)
    server.documents.change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    analysis = await server.analysis(doc)
    assert server._incremental[uri].parser.last == "item"
    assert analysis.result.diagnostics == lint_source(edited, doc.path).diagnostics
    server._lint_thread.shutdown()
