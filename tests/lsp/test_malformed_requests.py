"""Every request gets a response: params that fail validation are answered with InvalidParams (issue 9).

pygls reads a message inside its reader loop; when the params do not match
the protocol's types it only logs the error, so before this fix the client
waited forever. Raw dict params go on the wire as written, so each case here
is exactly what a buggy or hostile client sends.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import RecordingClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /home/wuying/data\n    policy: nope\n"
WAIT = 10.0  # seconds: an answer takes milliseconds; no answer at all used to hang


def _position(line: Any, character: Any) -> dict[str, Any]:
    return {"line": line, "character": character}


def _cases(uri: str) -> list[tuple[str, dict[str, Any]]]:
    doc = {"uri": uri}
    bad_positions = [_position(-1, 0), _position(0, 2**31), _position(None, 0), _position(0.5, [])]
    out: list[tuple[str, dict[str, Any]]] = []
    for method in (
        types.TEXT_DOCUMENT_HOVER,
        types.TEXT_DOCUMENT_COMPLETION,
        types.TEXT_DOCUMENT_DEFINITION,
        types.TEXT_DOCUMENT_PREPARE_RENAME,
    ):
        out += [(method, {"textDocument": doc, "position": p}) for p in bad_positions]
        out.append((method, {"textDocument": 5, "position": _position(0, 0)}))
    out += [
        (types.TEXT_DOCUMENT_RENAME, {"textDocument": doc, "position": _position(-1, 0), "newName": "x"}),
        (types.TEXT_DOCUMENT_RENAME, {"textDocument": doc, "position": _position(0, 0)}),  # no newName
        (types.TEXT_DOCUMENT_REFERENCES, {"textDocument": doc, "position": _position(0, 2**31),
                                          "context": {"includeDeclaration": True}}),
        (types.TEXT_DOCUMENT_REFERENCES, {"textDocument": doc, "position": _position(0, 0)}),  # no context
        (types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": doc, "range": {"start": _position(-1, 0),
                                           "end": _position(0, 0)}, "context": {"diagnostics": []}}),
        (types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": 5, "range": {}, "context": {}}),
        (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, {"textDocument": 5}),
        (types.TEXT_DOCUMENT_FORMATTING, {"textDocument": doc, "options": {"tabSize": -2, "insertSpaces": True}}),
        (types.TEXT_DOCUMENT_DIAGNOSTIC, {"textDocument": [uri]}),
        (types.TEXT_DOCUMENT_HOVER, "not an object"),  # type: ignore[list-item]
    ]
    return out


async def _send(client: RecordingClient, method: str, params: Any) -> Any:
    """Send a request exactly as given (pygls's own send_request would first build the typed message)."""
    from concurrent.futures import Future

    protocol = client.protocol
    msg_id = str(uuid.uuid4())
    future: Future[Any] = Future()
    protocol._request_futures[msg_id] = future
    protocol._result_types[msg_id] = protocol.get_result_type(method)
    protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await asyncio.wait_for(asyncio.wrap_future(future), WAIT)


async def test_every_malformed_request_is_answered_with_invalid_params(editor: RecordingClient) -> None:
    uri = editor.open("malformed.sync.yaml", TEXT)
    await editor.diagnostics_of(uri)
    for method, params in _cases(uri):
        with pytest.raises(JsonRpcException) as caught:
            await _send(editor, method, params)
        assert caught.value.code == -32602, (method, params, caught.value)
        assert method in caught.value.message, caught.value.message
    # Still serving, and well-formed requests get their answers.
    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(4, 6))
    )
    assert hover is not None


async def test_the_error_names_the_field(editor: RecordingClient) -> None:
    uri = editor.open("field.sync.yaml", TEXT)
    with pytest.raises(JsonRpcException) as caught:
        await _send(editor, types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": uri}, "position": _position(-1, 0)})
    assert "Position.line" in caught.value.message and "$.params.position" in caught.value.message


async def test_in_range_positions_past_the_end_still_get_a_result(editor: RecordingClient) -> None:
    uri = editor.open("far.sync.yaml", TEXT)
    far = {"textDocument": {"uri": uri}, "position": _position(2**31 - 1, 2**31 - 1)}
    for method in (types.TEXT_DOCUMENT_HOVER, types.TEXT_DOCUMENT_COMPLETION, types.TEXT_DOCUMENT_DEFINITION):
        await _send(editor, method, far)  # any result, or None: an answer
    await _send(editor, types.TEXT_DOCUMENT_CODE_ACTION, {
        "textDocument": {"uri": uri},
        "range": {"start": _position(2**31 - 1, 0), "end": _position(2**31 - 1, 2**31 - 1)},
        "context": {"diagnostics": []},
    })


async def test_a_fix_that_changes_nothing_is_not_a_code_action(editor: RecordingClient) -> None:
    text = "version: 1\ncontexts:\n  - context_id: SdkCtx-1\n    path: /d\n    beta_wait_for_completion: !!str true\n"
    uri = editor.open("noop.sync.yaml", text)
    found = await editor.diagnostics_of(uri)
    assert "SD011" in [d.code for d in found]
    actions = await editor.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(4, 0), types.Position(4, 40)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
    assert not [t for t in titles if "Replace `true` with `true`" in t], titles
