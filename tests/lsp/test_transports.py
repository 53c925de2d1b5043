"""``syncdsl lsp --tcp`` and ``--ws`` serve the same server; bad addresses are one-line usage errors."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys

import pytest

CLI = [sys.executable, "-c", "import sys; from syncdsl.cli import main; sys.exit(main(sys.argv[1:]))"]
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _serve(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *CLI, "lsp", *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )


async def _retry(connect):  # type: ignore[no-untyped-def]
    for _ in range(100):
        try:
            return await connect()
        except OSError:
            await asyncio.sleep(0.1)
    raise AssertionError("the server never started listening")


@pytest.mark.asyncio
async def test_tcp() -> None:
    port = _free_port()
    server = await _serve("--tcp", f"127.0.0.1:{port}")
    try:
        reader, writer = await _retry(lambda: asyncio.open_connection("127.0.0.1", port))
        body = json.dumps(INITIALIZE).encode()
        writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        header = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 20)
        length = int(header.split(b":")[1].split(b"\r\n")[0])
        answer = json.loads(await reader.readexactly(length))
        assert answer["id"] == 1
        assert answer["result"]["serverInfo"]["name"] == "syncdsl"
        writer.close()
    finally:
        server.kill()
        await server.wait()


@pytest.mark.asyncio
async def test_websocket() -> None:
    websockets = pytest.importorskip("websockets.asyncio.client")
    port = _free_port()
    server = await _serve("--ws", f"127.0.0.1:{port}")
    try:
        connection = await _retry(lambda: websockets.connect(f"ws://127.0.0.1:{port}"))
        await connection.send(json.dumps(INITIALIZE))
        answer = json.loads(await asyncio.wait_for(connection.recv(), 20))
        assert answer["id"] == 1
        assert answer["result"]["capabilities"]["positionEncoding"] == "utf-16"
        await connection.close()
    finally:
        server.kill()
        await server.wait()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tcp", "localhost"], "expected HOST:PORT, got `localhost`"),
        (["--ws", "h:99999"], "expected HOST:PORT, got `h:99999`"),
        (["--tcp", "a:1", "--ws", "b:2"], "give at most one of --tcp and --ws"),
    ],
)
def test_bad_addresses_are_usage_errors(args: list[str], message: str) -> None:
    done = subprocess.run([*CLI, "lsp", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
