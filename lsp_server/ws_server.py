"""``syncdsl lsp --ws``: one WebSocket listener, one language server per connection.

pygls's own ``start_ws`` binds a single server object to the listener, serves one
client and stops the process when that client leaves: a page reload ended the
playground's server, and two tabs would have shared (and overwritten) one
document store. Here every accepted connection gets a fresh :class:`SyncDslServer`
(its own documents, settings, caches and lint thread), built in a few
milliseconds, and the listener keeps running after clients leave.

What a browser page can reach on loopback is bounded:

- the opening handshake is refused with HTTP 403 unless the ``Origin`` header is
  absent (a native client: editors, tests) or names a loopback host (localhost,
  127.0.0.1, [::1], any port), or was allowed with ``--allow-origin``; so a page on
  another site, including a DNS-rebinding one, cannot drive the server;
- at most ``max_clients`` connections are served at once; one more is closed
  straight after the handshake with code 1013 (try again later);
- a client's ``exit`` notification closes its own connection, never the process.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Collection, Generator, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol.language_server import lsp_method

from lsp_server.server import SyncDslProtocol, SyncDslServer, build_server, warm_up
from syncdsl.records import field, record

if TYPE_CHECKING:
    from websockets.asyncio.server import ServerConnection
    from websockets.http11 import Request, Response

log = logging.getLogger(__name__)


class _OneLine(logging.Filter):
    """websockets logs a broken handshake (a port probe, a plain HTTP request) with its traceback;
    bad input from the network deserves one line on stderr, not a stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}: {record.exc_info[1]}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


# The logger handed to websockets: its handshake errors, each on one line.
transport_log = logging.getLogger(f"{__name__}.transport")
transport_log.addFilter(_OneLine())

MAX_CLIENTS = 16
MAX_MESSAGE = 16 * 2**20  # bytes in one LSP message (a didOpen carries the whole document)
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


# --- origins ----------------------------------------------------------------------------------


def origin_key(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL, as a browser serialises it; None if it is not one."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return scheme, host.lower(), _DEFAULT_PORTS[scheme] if port is None else port


def parse_allowed_origin(url: str) -> tuple[str, str, int]:
    """An ``--allow-origin`` value; ValueError (with a one-line message) when it is not an http(s) origin."""
    key = origin_key(url)
    parts = urlsplit(url.strip())
    if key is None or parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"expected an origin like `https://example.com:8080`, got `{url}`")
    return key


def origin_allowed(origin: str | None, allowed: Collection[tuple[str, str, int]] = ()) -> bool:
    """No Origin (a native client), a loopback page, or an origin allowed explicitly."""
    if origin is None:
        return True
    key = origin_key(origin)
    if key is None:  # "null" (a file: page, a sandboxed frame) or something that is no web origin
        return False
    return key[1] in LOOPBACK_HOSTS or key in allowed


# --- one connection ---------------------------------------------------------------------------


class ConnectionProtocol(SyncDslProtocol):
    """The protocol of one WebSocket client: ``exit`` ends the connection, not the process.

    pygls caches the two type lookups below with ``lru_cache`` on the method, which keys
    the cache on the protocol object and so keeps up to 128 departed clients' servers (and
    their documents) alive; a plain dict lookup needs no cache."""

    def get_message_type(self, method: str) -> type[Any] | None:  # type: ignore[override]
        found: type[Any] | None = types.METHOD_TO_TYPES.get(method, (None,))[0]
        return found

    def get_result_type(self, method: str) -> type[Any] | None:  # type: ignore[override]
        found: type[Any] | None = types.METHOD_TO_TYPES.get(method, (None, None))[1]
        return found

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.EXIT)) is not None:
            yield handler, args, None
        closing = self.writer.close() if self.writer is not None else None
        if closing is not None:
            asyncio.ensure_future(closing)


class _Writer:
    """pygls's writer interface over one connection: JSON as text frames; sends after the
    client left are dropped (a lint finishing late must not raise into the event loop)."""

    def __init__(self, websocket: ServerConnection) -> None:
        self._websocket = websocket

    def write(self, data: bytes) -> asyncio.Future[None]:
        return asyncio.ensure_future(self._send(data.decode("utf-8")))

    async def _send(self, text: str) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            await self._websocket.send(text)
        except ConnectionClosed:
            pass

    def close(self) -> asyncio.Future[None]:
        return asyncio.ensure_future(self._websocket.close())


async def serve_connection(server: SyncDslServer, websocket: ServerConnection) -> None:
    """Feed one client's messages to its own server until the connection closes."""
    from websockets.exceptions import ConnectionClosed

    protocol = server.protocol
    protocol.set_writer(_Writer(websocket), include_headers=False)
    while True:
        try:
            data = await websocket.recv(decode=False)
        except ConnectionClosed:
            return
        try:
            message = json.loads(data, object_hook=protocol.structure_message)
            protocol.handle_message(message)
        except Exception as exc:  # noqa: BLE001 - a malformed message is reported, never fatal
            server.report_server_error(exc, JsonRpcException)


# --- the listener -----------------------------------------------------------------------------


@record
class WebSocketListener:
    host: str
    port: int
    allowed_origins: frozenset[tuple[str, str, int]] = frozenset()
    max_clients: int = MAX_CLIENTS
    debounce: float | None = None
    clients: set[SyncDslServer] = field(default_factory=set)

    def check_origin(self, connection: ServerConnection, request: Request) -> Response | None:
        try:
            origin = request.headers.get("Origin")
        except Exception:  # noqa: BLE001 - several Origin headers: a browser never sends that
            origin = "null"
        if origin_allowed(origin, self.allowed_origins):
            return None
        log.warning("refused a WebSocket from origin %s", origin)
        return connection.respond(HTTPStatus.FORBIDDEN, "forbidden origin\n")

    async def handle(self, websocket: ServerConnection) -> None:
        from websockets.frames import CloseCode

        if len(self.clients) >= self.max_clients:
            await websocket.close(CloseCode.TRY_AGAIN_LATER, f"too many clients (at most {self.max_clients})")
            return
        server = build_server(self.debounce, ConnectionProtocol)
        self.clients.add(server)
        try:
            await serve_connection(server, websocket)
        finally:
            self.clients.discard(server)
            server.shutdown()

    async def serve(self, ready: asyncio.Event | None = None) -> None:
        from websockets.asyncio.server import serve

        async with serve(
            self.handle,
            self.host,
            self.port,
            process_request=self.check_origin,
            max_size=MAX_MESSAGE,
            logger=transport_log,
        ) as listener:
            if ready is not None:
                ready.set()
            await listener.serve_forever()


def start_ws(
    host: str,
    port: int,
    allowed_origins: Iterable[tuple[str, str, int]] = (),
    max_clients: int = MAX_CLIENTS,
    debounce: float | None = None,
) -> None:
    """Serve until interrupted; OSError when the address cannot be listened on."""
    warm_up()
    listener = WebSocketListener(host, port, frozenset(allowed_origins), max_clients, debounce)
    try:
        asyncio.run(listener.serve())
    except KeyboardInterrupt:
        pass
