"""``syncdsl lsp``: start the language server (stdio by default, or TCP / WebSocket).

pygls is imported only here, inside the command, so no other command pays for it; on stdio
even ``initialize`` is answered before it is loaded (:mod:`lsp_server.fast_start`).
Over WebSocket the process keeps listening: every connection gets its own server
state, and browser pages are admitted only from loopback or ``--allow-origin``.
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
@click.option(
    "--ws",
    "ws",
    metavar="HOST:PORT",
    help="Listen on a WebSocket (the browser playground): several clients, each with its own state.",
)
@click.option(
    "--allow-origin",
    "allow_origin",
    metavar="URL",
    multiple=True,
    help="With --ws: also accept browser pages from this origin (loopback pages always are). Repeatable.",
)
@click.option(
    "--max-clients",
    type=click.IntRange(1, 1024),
    default=16,
    show_default=True,
    help="With --ws: connections served at once; one more is closed with code 1013.",
)
def lsp(mode: str, tcp: str | None, ws: str | None, allow_origin: tuple[str, ...], max_clients: int) -> None:
    """Start the syncdsl language server."""
    if tcp and ws:
        raise click.UsageError("give at most one of --tcp and --ws")
    if allow_origin and not ws:
        raise click.UsageError("--allow-origin needs --ws")
    from importlib.util import find_spec

    missing = [name for name in ("pygls", "lsprotocol") if find_spec(name) is None]
    if missing:
        raise CliError(
            f"the language server needs {missing[0]}, which comes with syncdsl: "
            "reinstall it (pip install --force-reinstall syncdsl)"
        )
    if ws:
        _serve_ws(ws, allow_origin, max_clients)
        return
    if not tcp:
        # stdio: `initialize` is answered while pygls and the handlers load on a thread.
        from lsp_server.fast_start import serve_stdio

        serve_stdio(_create_server)
        return
    host, port = _host_port(tcp, "--tcp")
    _create_server().start_tcp(host, port)


def _create_server():  # type: ignore[no-untyped-def]
    from lsp_server.server import create_server

    return create_server()


def _serve_ws(address: str, allow_origin: tuple[str, ...], max_clients: int) -> None:
    host, port = _host_port(address, "--ws")
    try:
        import websockets  # noqa: F401
    except ImportError:
        raise CliError(
            "--ws needs the `websockets` package, which comes with syncdsl: "
            "reinstall it (pip install --force-reinstall syncdsl)"
        ) from None
    from lsp_server.ws_server import parse_allowed_origin, start_ws

    origins = []
    for url in allow_origin:
        try:
            origins.append(parse_allowed_origin(url))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--allow-origin") from None
    try:
        start_ws(host, port, origins, max_clients)
    except OSError as exc:
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
