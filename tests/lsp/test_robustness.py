"""Never crash: failing handlers answer with an error and are logged; hostile documents are bounded."""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, client_capabilities

from tests.lsp.conftest import EDITORS, ENV, RecordingClient, make_client, start

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The real server with two faults injected from outside: hover raises, and linting a text
# containing BOOM raises on the background thread.
FAULTY = [
    sys.executable,
    "-c",
    "import sys\n"
    "import lsp_server.features.language as language, lsp_server.server as server\n"
    "def hover_fails(*args):\n"
    "    raise RuntimeError('hover exploded')\n"
    "real = server.lint_source\n"
    "def lint_fails(text, *args):\n"
    "    if 'BOOM' in text: raise ValueError('lint exploded')\n"
    "    return real(text, *args)\n"
    "language.hover_at = hover_fails\n"
    "server.lint_source = lint_fails\n"
    "from syncdsl.cli import main\n"
    "sys.exit(main(['lsp']))\n",
]


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=FAULTY, client_factory=make_client, server_env=ENV), scope="module"
)
async def faulty(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    await start(lsp_client, client_capabilities(EDITORS["vscode"]))
    yield
    await lsp_client.shutdown_session()


GOOD = "version: 1\ncontexts:\n  - context_id: a\n    path: /tmp/a\n    policy: nope\n"


async def test_a_failing_request_is_an_error_and_a_log_message(faulty: RecordingClient) -> None:
    uri = faulty.open("faulty.sync.yaml", GOOD)
    await faulty.published_for(uri, 1)
    with pytest.raises(JsonRpcException, match="syncdsl: textDocument/hover failed: RuntimeError: hover exploded"):
        await faulty.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0))
        )
    logged = [m for m in faulty.log_messages if "hover exploded" in m.message]
    assert logged and logged[0].type == types.MessageType.Error
    assert "Traceback" in logged[0].message
    # Still serving.
    symbols = await faulty.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert [s.name for s in symbols or []] == ["contexts"]


async def test_a_failing_background_lint_is_logged_and_the_next_one_works(faulty: RecordingClient) -> None:
    uri = faulty.open("boom.sync.yaml", GOOD + "# BOOM\n")
    for _ in range(500):
        if any("lint exploded" in m.message for m in faulty.log_messages):
            break
        await asyncio.sleep(0.01)
    version = faulty.edit(
        uri, types.TextDocumentContentChangeWholeDocument(text=GOOD)
    )
    published = await faulty.published_for(uri, version)
    assert [d.code for d in published] == ["SD301"]
    assert not [p for p in faulty.published if p.uri == uri and p.version == 1]
    assert any("lint exploded" in m.message and m.type == types.MessageType.Error for m in faulty.log_messages)


HOSTILE = {
    "alias-bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
    "deep-nesting": "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-block": "".join(" " * i + "k:\n" for i in range(0, 4000, 1)),
    "binary": "version: 1\n\x00\x01\x02\xff garbage\n",
    "long-line": "version: 1\ncontexts: [{context_id: a, path: /" + "x" * 1_000_000 + "}]\n",
}


@pytest.fixture(scope="module")
def codes_by_case() -> dict[str, set[str]]:
    from syncdsl.linter import lint

    return {name: {d.code for d in lint(text)} for name, text in HOSTILE.items()}


@pytest.mark.parametrize("case", sorted(HOSTILE))
async def test_hostile_documents_get_diagnostics_and_answers(
    editor: RecordingClient, case: str, codes_by_case: dict[str, set[str]]
) -> None:
    text = HOSTILE[case]
    uri = editor.open(f"hostile-{case}.sync.yaml", text)
    found = await editor.diagnostics_of(uri)
    assert {d.code for d in found} == codes_by_case[case]
    last_line = text.count("\n")
    for line, character in ((0, 3), (last_line - 1, 5), (last_line, 0)):
        position = types.Position(line, character)
        document = types.TextDocumentIdentifier(uri=uri)
        await editor.text_document_completion_async(types.CompletionParams(text_document=document, position=position))
        await editor.text_document_hover_async(types.HoverParams(text_document=document, position=position))
    assert not [m for m in editor.log_messages if m.type == types.MessageType.Error]

