"""``initialize`` answered before pygls loads (lsp_server.fast_start) is exactly what pygls would answer."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest
from pygls.protocol import default_converter
from pytest_lsp import client_capabilities

from lsp_server import fast_start
from lsp_server.server import build_server
from tests.lsp.conftest import EDITORS, ENV, SERVER

CONVERTER = default_converter()


def _recorded(editor: str) -> dict[str, Any]:
    caps: dict[str, Any] = CONVERTER.unstructure(client_capabilities(editor))
    return caps


CAPABILITIES: list[dict[str, Any]] = [
    {},
    {"general": {}},
    {"general": {"positionEncodings": []}},
    {"general": {"positionEncodings": ["utf-8"]}},
    {"general": {"positionEncodings": ["utf-32", "utf-16"]}},
    {"general": {"positionEncodings": ["latin-1"]}},
    {"general": {"positionEncodings": ["latin-1", "utf-32"]}},
    {"textDocument": {}},
    {"textDocument": {"rename": {}}},
    {"textDocument": {"rename": {"prepareSupport": False}}},
    {"textDocument": {"rename": {"prepareSupport": True}}},
    {"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"rename": {"prepareSupport": True}}},
    {"textDocument": {"diagnostic": {"dynamicRegistration": False}}, "workspace": {"configuration": True}},
    {"textDocument": {"synchronization": {"willSave": False}}},
    {"textDocument": {"synchronization": {"willSave": True, "willSaveWaitUntil": None}}},
    {"textDocument": {"synchronization": {"willSaveWaitUntil": True, "didSave": True}}},
    *(_recorded(editor) for editor in EDITORS.values()),
]


def test_the_template_is_current() -> None:
    assert fast_start.TEMPLATE.read_text(encoding="utf-8") == fast_start.render_template(), (
        "run `python -m lsp_server.fast_start --write`"
    )


@pytest.mark.parametrize("caps", CAPABILITIES, ids=lambda c: json.dumps(c, sort_keys=True)[:60])
def test_the_early_answer_is_what_pygls_computes(caps: dict[str, Any]) -> None:
    params = {"processId": 1234, "rootUri": None, "capabilities": caps}
    answer = fast_start.early_answer({"jsonrpc": "2.0", "id": 7, "method": "initialize", "params": params})
    assert answer is not None
    assert answer["id"] == 7
    assert answer["result"] == build_server(0).computed_initialize_result(params)


@pytest.mark.parametrize(
    "message",
    [
        None,
        [],
        {"jsonrpc": "2.0", "id": 1, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "id": True, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "id": 1.5, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "1.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None}},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": "1", "capabilities": {}}},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": True, "capabilities": {}}},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": 1, "capabilities": []}},
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": 1, "capabilities": {},
         "rootUri": 5}},
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": 1, "capabilities": {}, "workspaceFolders": [{"uri": 1}]},
        },
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": 1, "capabilities": {"general": {"positionEncodings": "utf-8"}}},
        },
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": 1, "capabilities": {"textDocument": {"rename": {"prepareSupport": 1}}}},
        },
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": 1, "capabilities": {"general": 3}}},
    ],
)
def test_other_first_messages_are_left_to_pygls(message: Any) -> None:
    assert fast_start.early_answer(message) is None


def test_read_message_and_replay() -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "x"}).encode()
    header = b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" % len(body)
    framed = header + body
    stream = io.BytesIO(framed + b"Content-Length: 2\r\n\r\n{}")
    raw, message = fast_start.read_message(stream)
    assert raw == framed and message == {"jsonrpc": "2.0", "id": 1, "method": "x"}
    replay = fast_start.Replay(raw, stream)
    assert replay.readline() == b"Content-Length: %d\r\n" % len(body)
    assert replay.readline().startswith(b"Content-Type:")
    assert replay.readline() == b"\r\n"
    assert replay.read(len(body)) == body
    assert replay.readline() == b"Content-Length: 2\r\n"
    assert replay.read(5) == b"\r\n{}"
    for junk in (b"", b"hello\r\n\r\n", b"Content-Length: x\r\n\r\n", b"Content-Length: 9\r\n\r\n{}", b"X: 1\r\n\r\n"):
        raw, message = fast_start.read_message(io.BytesIO(junk))
        assert message is None and raw == junk[: len(raw)]


def _frame(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _responses(output: bytes) -> list[dict[str, Any]]:
    out = []
    stream = io.BytesIO(output)
    while True:
        _, message = fast_start.read_message(stream)
        if message is None:
            return out
        out.append(message)


def _session(first: dict[str, Any]) -> list[dict[str, Any]]:
    """Run `syncdsl lsp` over pipes: ``first``, then shutdown and exit; every message it sent."""
    stdin = _frame(first) + _frame({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
    stdin += _frame({"jsonrpc": "2.0", "method": "exit"})
    done = subprocess.run(SERVER, input=stdin, capture_output=True, env=ENV, timeout=60, check=False)
    return _responses(done.stdout)


def test_the_server_answers_initialize_once_and_serves_on() -> None:
    params = {"processId": None, "capabilities": {"general": {"positionEncodings": ["utf-32"]}}}
    messages = _session({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
    answers = {m["id"]: m for m in messages if "id" in m and "method" not in m}
    assert sorted(answers) == [1, 99]
    assert answers[1]["result"] == build_server(0).computed_initialize_result(params)
    assert answers[1]["result"]["capabilities"]["positionEncoding"] == "utf-32"
    assert answers[99]["result"] is None
    assert not [m for m in messages if m.get("method") == "window/logMessage"]


def test_a_first_message_it_does_not_answer_reaches_pygls() -> None:
    messages = _session({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": "x"}})
    (error,) = [m for m in messages if m.get("id") == 1]
    assert error["error"]["code"] == -32602  # InvalidParams, from the server's own reader
    assert sys.executable  # the same interpreter ran the server
