"""``syncdsl lsp --ws``: several clients at once, each with its own state; clients come and go; origins checked.

Everything runs against the real command in a subprocess, on loopback, with a real
``websockets`` client. Every expected diagnostic is the core's own lint of the
client's text, so a client seeing another client's document or settings fails.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("websockets")

from websockets.exceptions import ConnectionClosed, InvalidStatus  # noqa: E402
from websockets.sync.client import ClientConnection, connect  # noqa: E402

from lsp_server.ws_server import origin_allowed, parse_allowed_origin  # noqa: E402
from syncdsl.config import Config  # noqa: E402
from syncdsl.linter import lint_source  # noqa: E402

CLI = [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main())"]
ENV = {**os.environ, "SYNCDSL_LSP_DEBOUNCE": "0.02"}
WAIT = 15.0  # seconds; a bound for a hung server, never reached by a working one
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "samples" / "dataset-cache.sync.yaml").read_text(encoding="utf-8")
RECYCLE_PATH = "/home/wuying/datasets/cache/tmp"
URI = "untitled:shared-name.sync.yaml"  # every client opens the same URI, with its own text
WILDCARD_TEXT = SAMPLE.replace(f"{RECYCLE_PATH}\n", f"{RECYCLE_PATH}/*.tmp\n")  # SD101
DUPLICATE_TEXT = SAMPLE.replace(f"{RECYCLE_PATH}\n", f"{RECYCLE_PATH}\n        - {RECYCLE_PATH}\n")  # SD111
ALLOWED_ORIGIN = "https://play.example.com:8443"

Found = list[tuple[str, int, int, str]]


def core(text: str) -> Found:
    return [
        (d.code, d.span.start.line, d.span.start.column, d.message)
        for d in lint_source(text, None, Config()).diagnostics
    ]


def shown(diagnostics: list[dict[str, Any]]) -> Found:
    return [
        (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"]) for d in diagnostics
    ]


# --- a minimal LSP client over a real WebSocket -----------------------------------------------


class Client:
    """One browser-like client: answers server requests, keeps every notification."""

    def __init__(self, url: str, origin: str | None = None) -> None:
        self.socket: ClientConnection = connect(url, origin=origin, open_timeout=WAIT)  # type: ignore[arg-type]
        self.published: list[dict[str, Any]] = []
        self._next_id = 0

    def _handle(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a server request (e.g. registerCapability)
            self.socket.send(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": None}))
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.published.append(message["params"])

    def _receive(self, deadline: float) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.01)))
        self._handle(message)
        return message

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        id_ = self._next_id
        self.socket.send(json.dumps({"jsonrpc": "2.0", "id": id_, "method": method, "params": params}))
        deadline = time.monotonic() + WAIT
        while True:
            message = self._receive(deadline)
            if message.get("id") == id_ and "method" not in message:
                assert "error" not in message, message
                return message["result"]

    def notify(self, method: str, params: dict[str, Any] | None = None) -> None:
        self.socket.send(json.dumps({"jsonrpc": "2.0", "method": method, "params": params or {}}))

    def initialize(self) -> dict[str, Any]:
        result: dict[str, Any] = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        self.notify("initialized")
        return result

    def open(self, text: str) -> None:
        document = {"uri": URI, "languageId": "syncdsl", "version": 0, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def next_published(self, seen: int = 0) -> Found:
        """The first diagnostics published for URI after the first ``seen`` ones (waiting for it)."""
        deadline = time.monotonic() + WAIT
        while len(self.published) <= seen:
            self._receive(deadline)
        params = self.published[seen]
        assert params["uri"] == URI
        return shown(params["diagnostics"])

    def pulled(self) -> Found:
        return shown(self.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})["items"])

    def ignore(self, *codes: str) -> None:
        self.notify("workspace/didChangeConfiguration", {"settings": {"syncdsl": {"ignore": list(codes)}}})

    def close(self) -> None:
        self.socket.close()


# --- the server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, *args: str) -> None:
        self.port = _free_port()
        self.url = f"ws://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [*CLI, "lsp", "--ws", f"127.0.0.1:{self.port}", *args],
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + WAIT
        while True:  # listening once a client gets through the handshake
            try:
                connect(self.url, open_timeout=WAIT).close()
                return
            except OSError:
                assert self.proc.poll() is None, self.proc.communicate()[1]
                assert time.monotonic() < deadline, "the server never started listening"
                time.sleep(0.05)

    def client(self, origin: str | None = None) -> Client:
        return Client(self.url, origin)

    def served(self) -> Client:
        """A new initialized client, once a slot is free (a client that just left frees its slot
        when the server has processed its close, a moment after the client saw it)."""
        deadline = time.monotonic() + WAIT
        while True:
            client = self.client()
            try:
                client.initialize()
                return client
            except ConnectionClosed as exc:
                assert exc.rcvd is not None and exc.rcvd.code == 1013, exc
                assert time.monotonic() < deadline, "no slot was freed"
                time.sleep(0.05)

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=WAIT)
        return err


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server("--allow-origin", ALLOWED_ORIGIN)
    yield running
    assert running.proc.poll() is None, "the WebSocket server exited while clients came and went"
    # Nothing but the one-line notes of refused origins: no traceback, no unretrieved task error.
    assert [
        line for line in running.stop().splitlines() if not line.startswith("refused a WebSocket from origin ")
    ] == []


# --- several clients, each with its own state -------------------------------------------------


def test_two_concurrent_clients_each_see_their_own_document_and_settings(server: Server) -> None:
    first, second = server.client(), server.client()
    try:
        assert first.initialize()["serverInfo"]["name"] == "syncdsl"
        assert second.initialize()["serverInfo"]["name"] == "syncdsl"
        # Both open the same URI with different text: each is linted as its own client sent it.
        first.open(WILDCARD_TEXT)
        second.open(DUPLICATE_TEXT)
        assert [code for code, *_ in core(WILDCARD_TEXT)] == ["SD101"]
        assert [code for code, *_ in core(DUPLICATE_TEXT)] == ["SD111"]
        assert first.next_published() == core(WILDCARD_TEXT)
        assert second.next_published() == core(DUPLICATE_TEXT)
        # Settings are per client too: each ignores the other's code, and both still see their own.
        # (One shared settings object would leave the first client with the second's `ignore SD101`.)
        first.ignore("SD111")
        second.ignore("SD101")
        assert first.pulled() == core(WILDCARD_TEXT)
        assert second.pulled() == core(DUPLICATE_TEXT)
        # And a setting that applies hides the code for that client only.
        first.ignore("SD101")
        assert first.pulled() == []
        assert second.pulled() == core(DUPLICATE_TEXT)
    finally:
        first.close()
        second.close()


def test_the_server_outlives_a_client_and_serves_the_next_with_fresh_state(server: Server) -> None:
    leaving = server.client()
    leaving.initialize()
    leaving.open(WILDCARD_TEXT)
    assert leaving.next_published() == core(WILDCARD_TEXT)
    leaving.close()  # a page reload

    arriving = server.client()
    try:
        assert arriving.initialize()["serverInfo"]["name"] == "syncdsl"
        assert arriving.pulled() == []  # the document the last client opened is not this client's
        arriving.open(DUPLICATE_TEXT)
        assert arriving.next_published() == core(DUPLICATE_TEXT)
    finally:
        arriving.close()
    assert server.proc.poll() is None


def test_exit_closes_only_that_clients_connection(server: Server) -> None:
    leaving = server.client()
    leaving.initialize()
    assert leaving.request("shutdown", {}) is None
    leaving.notify("exit")
    with pytest.raises(ConnectionClosed) as closed:
        leaving.socket.recv(timeout=WAIT)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000

    arriving = server.client()
    try:
        arriving.initialize()
        arriving.open(WILDCARD_TEXT)
        assert arriving.next_published() == core(WILDCARD_TEXT)
    finally:
        arriving.close()
    assert server.proc.poll() is None


def test_a_malformed_message_is_reported_to_that_client_which_stays_connected(server: Server) -> None:
    client = server.client()
    try:
        client.initialize()
        client.socket.send("{not json")
        deadline = time.monotonic() + WAIT
        while True:
            message = client._receive(deadline)
            if message.get("method") == "window/logMessage":
                break
        assert message["params"]["type"] == 1
        assert message["params"]["message"].startswith("syncdsl: internal error (JsonRpcException): JSONDecodeError(")
        client.open(WILDCARD_TEXT)
        assert client.next_published() == core(WILDCARD_TEXT)
    finally:
        client.close()


# --- origins ----------------------------------------------------------------------------------


def test_a_foreign_origin_is_refused_with_403(server: Server) -> None:
    with pytest.raises(InvalidStatus) as refused:
        server.client(origin="http://evil.example")
    response = refused.value.response
    assert (response.status_code, bytes(response.body)) == (403, b"forbidden origin\n")


@pytest.mark.parametrize(
    "origin", ["http://127.0.0.1:1234", "http://localhost:5173", "http://[::1]:8080", ALLOWED_ORIGIN]
)
def test_a_loopback_or_allowed_origin_is_served(server: Server, origin: str) -> None:
    client = server.client(origin=origin)
    try:
        assert client.initialize()["serverInfo"]["name"] == "syncdsl"
    finally:
        client.close()


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (None, True),  # a native client (editor, test) sends no Origin
        ("http://127.0.0.1:1234", True),
        ("http://localhost", True),
        ("HTTP://LOCALHOST:3000", True),
        ("https://[::1]:8443", True),
        ("http://evil.example", False),
        ("http://localhost.evil.example", False),
        ("http://127.0.0.1.nip.io", False),
        ("null", False),  # a file: page or a sandboxed frame
        ("chrome-extension://abcdef", False),
        ("http://[::1", False),
        ("https://play.example.com:8443", True),  # allowed below
        ("https://play.example.com", False),  # another port is another origin
        ("http://play.example.com:8443", False),  # and another scheme
    ],
)
def test_origin_rules(origin: str | None, allowed: bool) -> None:
    assert origin_allowed(origin, {parse_allowed_origin(ALLOWED_ORIGIN)}) is allowed


def test_allowed_origins_are_normalised() -> None:
    assert parse_allowed_origin("HTTPS://Play.Example.com/") == ("https", "play.example.com", 443)
    assert parse_allowed_origin("http://example.com:80") == ("http", "example.com", 80)
    for bad in ("example.com", "ftp://example.com", "https://example.com/path", "https://", "*"):
        with pytest.raises(ValueError, match="expected an origin like"):
            parse_allowed_origin(bad)


# --- bounds and errors ------------------------------------------------------------------------


def test_connections_beyond_the_cap_are_closed_with_1013_until_a_slot_frees() -> None:
    capped = Server("--max-clients", "2")
    try:
        first, second = capped.served(), capped.served()
        third = capped.client()
        with pytest.raises(ConnectionClosed) as closed:
            third.socket.recv(timeout=WAIT)
        assert closed.value.rcvd is not None
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1013, "too many clients (at most 2)")
        second.open(DUPLICATE_TEXT)
        assert second.next_published() == core(DUPLICATE_TEXT)  # the served ones are unaffected
        first.close()
        replacement = capped.served()
        replacement.open(WILDCARD_TEXT)
        assert replacement.next_published() == core(WILDCARD_TEXT)
        replacement.close()
        second.close()
        assert capped.proc.poll() is None
    finally:
        assert capped.stop() == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--allow-origin", "http://x.example"], "--allow-origin needs --ws"),
        (
            ["--ws", "127.0.0.1:9", "--allow-origin", "x.example"],
            "Invalid value for --allow-origin: expected an origin like `https://example.com:8080`, got `x.example`",
        ),
        (
            ["--ws", "127.0.0.1:9", "--max-clients", "0"],
            "Invalid value for '--max-clients': 0 is not in the range 1<=x<=1024.",
        ),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    done = subprocess.run([*CLI, "lsp", *args], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"error: {message}\n")


def test_a_broken_handshake_is_one_line_on_stderr_and_the_server_keeps_serving() -> None:
    probed = Server()
    try:
        for garbage in (b"", b"garbage\r\n\r\n", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", probed.port), timeout=WAIT) as raw:
                raw.sendall(garbage)
                raw.shutdown(socket.SHUT_WR)
                while raw.recv(4096):  # until the server hangs up (after a 400 or 426, or nothing)
                    pass
        client = probed.served()
        client.open(WILDCARD_TEXT)
        assert client.next_published() == core(WILDCARD_TEXT)
        client.close()
    finally:
        err = probed.stop()
    lines = err.splitlines()
    assert len(lines) == 3, err
    assert all(line.startswith("opening handshake failed: ") for line in lines), err


def test_a_busy_port_is_a_one_line_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*CLI, "lsp", "--ws", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert done.stderr.count("\n") == 1
