"""A minimal LSP client over a subprocess's stdin/stdout, with no dependency beyond the standard library.

The packaging and editor-bundle tests use it to start a server from a fresh virtual environment or from
the VS Code extension's bundled folder, where neither pygls nor pytest-lsp may be importable by the
test's own interpreter. It speaks just enough LSP for a handshake, opening a document, collecting the
published diagnostics, asking for formatting and shutting down.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class StdioClient:
    def __init__(self, cmd: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._next_id = 0
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self._messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            self._messages.put(json.loads(stream.read(length)))

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for chunk in iter(lambda: self.proc.stderr.read1(4096), b""):  # type: ignore[union-attr]
            self.stderr += chunk

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60.0) -> Any:
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._get(deadline, f"the answer to {method}")
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise AssertionError(f"{method} failed: {message['error']}")
                return message.get("result")
            self._handle(message)

    def _get(self, deadline: float, what: str) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        try:
            message = self._messages.get(timeout=max(remaining, 0.01))
        except queue.Empty:
            raise AssertionError(
                f"timed out waiting for {what}; server stderr:\n{self.stderr.decode()[-4000:]}"
            ) from None
        if message is None:
            self._messages.put(None)
            raise AssertionError(f"the server exited while waiting for {what}:\n{self.stderr.decode()[-4000:]}")
        return message

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            if message["method"] == "workspace/configuration":
                result: Any = [None for _ in message["params"]["items"]]
            else:
                result = None
            self._send({"id": message["id"], "result": result})
        elif "method" in message:
            self.notifications.append(message)

    def wait_for_notification(self, method: str, uri: str | None = None, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for note in self.notifications:
                if note["method"] == method and (uri is None or note["params"].get("uri") == uri):
                    self.notifications.remove(note)
                    return note
            self._handle(self._get(deadline, method))

    def initialize(self, root: Path) -> Any:
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        self.notify("initialized", {})
        return result

    def close(self) -> int:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=20)
                self.notify("exit", None)
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
