"""``syncdsl playground``: the browser playground, served on loopback.

The page is the bundle built from ``editor/web`` and shipped in ``syncdsl/web``,
so no npm is needed at run time. It talks LSP to ``syncdsl lsp --ws``, which
this command runs beside the HTTP server for as long as it runs: that server
gives every connection (a tab, a reload) its own state and keeps listening when
one goes, and admits pages only from loopback origins. The page learns the port
from ``/config.json``, generated here. Should the language server die anyway,
the playground stops with a one-line error rather than serve a page that
cannot lint.

Everything listens on 127.0.0.1 only; requests naming another host are refused
(a DNS-rebinding page cannot read the playground through its own name).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from syncdsl.cli import CliError

if TYPE_CHECKING:
    from importlib.abc import Traversable

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
START_TIMEOUT = 20.0  # seconds for the language server to listen (first start imports pygls)

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


# --- the page ---------------------------------------------------------------------------------


def _walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        path = f"{prefix}/{child.name}"
        if child.is_dir():
            yield from _walk(child, path)
        elif child.is_file():
            yield path, child


def load_site() -> dict[str, bytes]:
    """The built page by URL path ("/" is index.html), read once from the installed package."""
    root = files("syncdsl").joinpath("web")
    site = {path: item.read_bytes() for path, item in _walk(root, "")} if root.is_dir() else {}
    if "/index.html" not in site:
        raise CliError("the playground page is not part of this installation (build it with `make web`)")
    site["/"] = site["/index.html"]
    return site


def content_type(path: str) -> str:
    return _CONTENT_TYPES.get(Path(path).suffix, "application/octet-stream")


class PlaygroundServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, site: dict[str, bytes]) -> None:
        super().__init__((HOST, port), PlaygroundHandler)
        self.site = site
        self.config: dict[str, Any] = {}

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class PlaygroundHandler(BaseHTTPRequestHandler):
    server: PlaygroundServer
    server_version = "syncdsl-playground"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _allowed_host(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.port
        return host in {f"{HOST}:{port}", f"localhost:{port}"}

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if not self._allowed_host():
            self._send(403, b"forbidden host\n", "text/plain; charset=utf-8", send_body)
            return
        if path == "/config.json":
            self._send(200, json.dumps(self.server.config).encode(), "application/json", send_body)
            return
        body = self.server.site.get(path)
        if body is None:
            self._send(404, b"not found\n", "text/plain; charset=utf-8", send_body)
            return
        self._send(200, body, content_type("/index.html" if path == "/" else path), send_body)

    def _send(self, status: int, body: bytes, ctype: str, send_body: bool) -> None:
        ws = self.server.config.get("ws", "")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # CodeMirror adds its styles at run time, hence 'unsafe-inline' for styles only.
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'self'; connect-src 'self' {ws}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'none'",
        )
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's signature
        """Quiet: a page load is not worth a terminal line."""


# --- the language server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    """Whether something holds ``port``: tried by binding it, since a probe connection would
    reach the WebSocket server as a broken handshake (logged with a traceback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
    return False


class LanguageServerProcess:
    """The one ``syncdsl lsp --ws 127.0.0.1:PORT`` behind the page, for the playground's lifetime."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"ws://{HOST}:{port}/"
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()

    def command(self) -> list[str]:
        launcher = "import sys; from syncdsl.cli import main; sys.exit(main())"
        return [sys.executable, "-c", launcher, "lsp", "--ws", f"{HOST}:{self.port}"]

    def start(self, timeout: float = START_TIMEOUT) -> None:
        # Same interpreter, environment and working directory: the child imports this very syncdsl.
        self._proc = proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while not _listening(self.port):
            code = proc.poll()
            if code is not None:
                raise CliError(f"the language server exited with code {code} before listening on {self.url}")
            if time.monotonic() > deadline:
                self.stop()
                raise CliError(f"the language server did not listen on {self.url} within {timeout:.0f} s")
            time.sleep(0.05)

    def on_exit(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(returncode)`` (on another thread) if the server exits before :meth:`stop`."""
        proc = self._proc
        assert proc is not None

        def watch() -> None:
            code = proc.wait()
            if not self._stopping.is_set():
                callback(code)

        threading.Thread(target=watch, name="syncdsl-lsp-watch", daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the command ------------------------------------------------------------------------------


def _require_language_server() -> None:
    from importlib.util import find_spec

    missing = [name for name in ("pygls", "lsprotocol", "websockets") if find_spec(name) is None]
    if missing:
        raise CliError(
            f"the playground needs {', '.join(missing)}, which come with syncdsl: "
            "reinstall it (pip install --force-reinstall syncdsl)"
        )


def _stop_on_sigterm() -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


@click.command("playground")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="HTTP port on 127.0.0.1 (0 picks a free one).",
)
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening a browser.")
def playground(port: int, no_browser: bool) -> None:
    """Serve the browser playground on 127.0.0.1.

    The page talks to a `syncdsl lsp --ws` on another loopback port, started here.
    """
    site = load_site()
    _require_language_server()
    try:
        httpd = PlaygroundServer(port, site)
    except OSError as exc:
        hint = " (try --port 0)" if port else ""
        raise CliError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}{hint}") from None
    server = LanguageServerProcess(free_port())
    died: list[int] = []

    def language_server_died(code: int) -> None:
        died.append(code)
        httpd.shutdown()  # returns once serve_forever (on the main thread) has stopped

    try:
        _stop_on_sigterm()
        server.start()
        server.on_exit(language_server_died)
        from syncdsl import __version__

        httpd.config = {"ws": server.url, "version": __version__}
        url = f"http://{HOST}:{httpd.port}/"
        click.echo(f"syncdsl playground: {url}")
        click.echo(f"language server: {server.url} (Ctrl-C stops both)")
        sys.stdout.flush()
        if not no_browser:
            import webbrowser

            webbrowser.open(url)
        httpd.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.stop()
        httpd.server_close()
    if died:
        raise CliError(f"the language server exited with code {died[0]}; the playground stopped")
