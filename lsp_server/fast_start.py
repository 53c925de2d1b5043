"""Answer ``initialize`` while pygls and lsprotocol are still loading.

Importing lsprotocol's types takes about a quarter of a second (a thousand attrs
classes), pygls and the handlers another 100 ms, and nothing can be answered
before they are in: an editor would wait that long for the server's first reply.
Yet the answer to the first request, ``initialize``, is known in advance: the
server's capabilities depend on the client only through two of its fields,
the position encodings it offers and whether it supports ``prepareRename``.
So ``syncdsl lsp`` on stdio (:func:`serve_stdio`):

1. starts building the server (pygls, lsprotocol, the handlers, the rules) on
   a thread;
2. reads the first message itself and, when it is an ``initialize`` whose
   params have the expected shape, answers at once from
   :data:`lsp_server._initialize_result.CAPABILITIES` with those fields
   filled in exactly as pygls fills them;
3. waits for the server, gives it the same ``initialize`` params so that its
   workspace, client capabilities and position encoding are set as if pygls had
   answered (:meth:`SyncDslServer.adopt_initialize`, which also checks that
   pygls computes the same answer and warns the client otherwise), then serves
   the rest of the stream with pygls.

A first message it is not sure about (not ``initialize``, unreadable, params
of another shape) is handed to pygls untouched, as if it had never been read.
The template is generated from the real server (``python -m
lsp_server.fast_start --write``); ``tests/lsp/test_fast_start.py`` fails when
it no longer matches what pygls answers, for a range of client capabilities.

This module imports neither pygls nor lsprotocol.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lsp_server.server import SyncDslServer

# pygls's ServerCapabilitiesBuilder.choose_position_encoding: the client's first supported one, else UTF-16.
SUPPORTED_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-32"})
DEFAULT_ENCODING = "utf-16"
_MAX_HEADER_LINES = 32
# Client flags that pygls copies into textDocumentSync when the client states them.
_SYNC_FLAGS = ("willSave", "willSaveWaitUntil")


class Replay:
    """A binary stream with bytes that were already read from it put back in front."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        self._prefix = prefix
        self._stream = stream

    def readline(self) -> bytes:
        if not self._prefix:
            return self._stream.readline()
        cut = self._prefix.find(b"\n")
        if cut == -1:
            line, self._prefix = self._prefix, b""
            return line + self._stream.readline()
        line, self._prefix = self._prefix[: cut + 1], self._prefix[cut + 1 :]
        return line

    def read(self, n: int = -1) -> bytes:
        if not self._prefix:
            return self._stream.read(n)
        if n < 0:
            head, self._prefix = self._prefix, b""
            return head + self._stream.read()
        head, self._prefix = self._prefix[:n], self._prefix[n:]
        return head if len(head) == n else head + self._stream.read(n - len(head))


def read_message(stream: IO[bytes]) -> tuple[bytes, Any]:
    """One ``Content-Length`` framed message: (every byte read, the parsed JSON or None)."""
    raw = b""
    length: int | None = None
    for _ in range(_MAX_HEADER_LINES):
        line = stream.readline()
        raw += line
        if not line or line in (b"\r\n", b"\n"):
            break
        name, sep, value = line.partition(b":")
        if not sep:
            return raw, None
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return raw, None
    else:
        return raw, None
    if length is None or length < 0 or not raw.endswith(b"\n"):
        return raw, None
    body = stream.read(length)
    raw += body
    if len(body) != length:
        return raw, None
    try:
        return raw, json.loads(body)
    except ValueError:
        return raw, None


def _optional(value: Any, kind: type) -> bool:
    """None, or a value of JSON type ``kind`` (a bool is not an int here)."""
    if value is None:
        return True
    if kind is bool:
        return isinstance(value, bool)
    return isinstance(value, kind) and not isinstance(value, bool)


def _member(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def _plain_initialize(message: Any) -> bool:
    """Whether ``message`` is an ``initialize`` request whose params pygls reads without complaint.

    Only the fields pygls uses while initializing are checked closely; an unusual
    value anywhere else in the capabilities is caught when the server takes them in.
    """
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0" or message.get("method") != "initialize":
        return False
    msg_id = message.get("id")
    if isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
        return False
    params = message.get("params")
    if not isinstance(params, dict) or "processId" not in params:
        return False
    caps = params.get("capabilities")
    if not isinstance(caps, dict):
        return False
    if not (_optional(params["processId"], int) and _optional(params.get("rootUri"), str)):
        return False
    if not _optional(params.get("rootPath"), str):
        return False
    folders = params.get("workspaceFolders")
    if folders is not None and not (
        isinstance(folders, list)
        and all(isinstance(f, dict) and isinstance(f.get("uri"), str) and isinstance(f.get("name"), str)
                for f in folders)
    ):
        return False
    for path in (("general",), ("textDocument",), ("textDocument", "rename"), ("textDocument", "synchronization")):
        if not _optional(_member(caps, *path), dict):
            return False
    for flag in _SYNC_FLAGS:
        if not _optional(_member(caps, "textDocument", "synchronization", flag), bool):
            return False
    encodings = _member(caps, "general", "positionEncodings")
    if encodings is not None and not (isinstance(encodings, list) and all(isinstance(e, str) for e in encodings)):
        return False
    return _optional(_member(caps, "textDocument", "rename", "prepareSupport"), bool)


def choose_encoding(offered: list[str] | None) -> str:
    for encoding in offered or ():
        if encoding in SUPPORTED_ENCODINGS:
            return encoding
    return DEFAULT_ENCODING


def initialize_result(params: dict[str, Any]) -> dict[str, Any]:
    """The result pygls would send for these ``initialize`` params (see the module docstring)."""
    from lsp_server import _initialize_result as template
    from syncdsl import __version__

    caps = params.get("capabilities") or {}
    capabilities = json.loads(json.dumps(template.CAPABILITIES))  # a deep copy
    capabilities["positionEncoding"] = choose_encoding(_member(caps, "general", "positionEncodings"))
    prepare = bool(_member(caps, "textDocument", "rename", "prepareSupport"))
    rename = template.RENAME_WITH_PREPARE if prepare else template.RENAME_WITHOUT_PREPARE
    capabilities["renameProvider"] = json.loads(json.dumps(rename))
    # pygls writes `client_flag and server_has_the_feature`: absent stays absent, false stays false.
    for flag in _SYNC_FLAGS:
        asked = _member(caps, "textDocument", "synchronization", flag)
        if asked is not None:
            capabilities["textDocumentSync"][flag] = template.SYNC_FLAGS[flag] if asked else asked
    return {"capabilities": capabilities, "serverInfo": {"name": template.SERVER_NAME, "version": __version__}}


def early_answer(message: Any) -> dict[str, Any] | None:
    """The response to send for the first message, or None to leave that message to pygls."""
    if not _plain_initialize(message):
        return None
    return {"jsonrpc": "2.0", "id": message["id"], "result": initialize_result(message["params"])}


def serve_stdio(
    build: Callable[[], SyncDslServer], stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None
) -> None:
    """Serve LSP on stdin/stdout, answering ``initialize`` while ``build()`` runs on a thread."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    built: dict[str, Any] = {}

    def load() -> None:
        try:
            built["server"] = build()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
            built["error"] = exc

    loader = threading.Thread(target=load, name="syncdsl-load", daemon=True)
    loader.start()
    raw, message = read_message(stdin)
    answer = early_answer(message) if message is not None else None
    if answer is not None:
        body = json.dumps(answer, separators=(",", ":")).encode("utf-8")
        stdout.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdout.flush()
    loader.join()
    if "error" in built:
        raise built["error"]
    server: SyncDslServer = built["server"]
    if answer is not None:
        server.adopt_initialize(message["params"], answer["result"])
        server.start_io(stdin, stdout)  # type: ignore[arg-type]
    else:
        server.start_io(Replay(raw, stdin), stdout)  # type: ignore[arg-type]


# --- the template ------------------------------------------------------------------------------

TEMPLATE = Path(__file__).with_name("_initialize_result.py")


def render_template() -> str:
    """The source of ``_initialize_result.py``, computed by the real server (pygls)."""
    import pprint

    from lsp_server.server import build_server

    plain = build_server(0).computed_initialize_result({"processId": None, "capabilities": {}})
    prepare_caps = {"textDocument": {"rename": {"prepareSupport": True}}}
    prepared = build_server(0).computed_initialize_result({"processId": None, "capabilities": prepare_caps})
    sync_caps = {"textDocument": {"synchronization": dict.fromkeys(_SYNC_FLAGS, True)}}
    synced = build_server(0).computed_initialize_result({"processId": None, "capabilities": sync_caps})
    capabilities = dict(plain["capabilities"])
    capabilities.pop("positionEncoding", None)
    without = capabilities.pop("renameProvider", None)
    with_prepare = prepared["capabilities"].get("renameProvider")
    sync_flags = {flag: synced["capabilities"]["textDocumentSync"][flag] for flag in _SYNC_FLAGS}
    lines = [
        '"""What the server answers to ``initialize``: generated by ``python -m lsp_server.fast_start --write``.',
        "",
        "Do not edit: tests/lsp/test_fast_start.py compares it with what pygls computes.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        f"SERVER_NAME = {plain['serverInfo']['name']!r}",
        f"RENAME_WITHOUT_PREPARE: Any = {without!r}",
        f"RENAME_WITH_PREPARE: Any = {with_prepare!r}",
        "# textDocumentSync's flags when the client sets them to true.",
        f"SYNC_FLAGS: dict[str, Any] = {sync_flags!r}",
        "# Without positionEncoding and renameProvider, which depend on the client.",
        f"CAPABILITIES: dict[str, Any] = {pprint.pformat(capabilities, width=100, sort_dicts=True)}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render_template()
    if args == ["--write"]:
        TEMPLATE.write_text(text, encoding="utf-8")
        print(f"wrote {TEMPLATE}")
    elif args == ["--check"]:
        return 0 if TEMPLATE.read_text(encoding="utf-8") == text else 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
