"""``syncdsl lsp``: start the language server (stdio by default, or TCP / WebSocket).

pygls is imported only here, inside the command, so no other command pays for it.
"""

from __future__ import annotations

import click

from syncdsl.cli import CliError


def _host_port(value: str, option: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"expected HOST:PORT, got `{value}`", param_hint=option)
    return host.strip("[]"), int(port)


@click.command("lsp")
@click.option("--stdio", "mode", flag_value="stdio", default=True, help="Talk LSP over stdin/stdout (the default).")
@click.option("--tcp", "tcp", metavar="HOST:PORT", help="Listen for one LSP client on a TCP port.")
@click.option("--ws", "ws", metavar="HOST:PORT", help="Listen on a WebSocket (for the browser playground).")
def lsp(mode: str, tcp: str | None, ws: str | None) -> None:
    """Start the syncdsl language server."""
    if tcp and ws:
        raise click.UsageError("give at most one of --tcp and --ws")
    try:
        from lsp_server import create_server
    except ImportError as exc:
        raise CliError(
            f"the language server needs the `lsp` extra (pip install 'syncdsl[lsp]'): {exc}"
        ) from None
    server = create_server()
    if tcp:
        host, port = _host_port(tcp, "--tcp")
        server.start_tcp(host, port)
    elif ws:
        host, port = _host_port(ws, "--ws")
        try:
            import websockets  # noqa: F401
        except ImportError:
            raise CliError("--ws needs the `websockets` package (pip install 'syncdsl[lsp]')") from None
        server.start_ws(host, port)
    else:
        server.start_io()
