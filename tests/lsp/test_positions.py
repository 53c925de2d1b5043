"""Position encodings: UTF-16 by default, UTF-8 or UTF-32 when the client prefers them;
exact around astral-plane characters (emoji), CRLF line ends and a BOM, in both directions."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import client_capabilities

from tests.lsp import expected
from tests.lsp.conftest import EDITORS, RecordingClient, change, config, start

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _utf32_only() -> types.ClientCapabilities:
    caps = client_capabilities(EDITORS["vscode"])
    caps.general = types.GeneralClientCapabilities(position_encodings=["utf-32"])
    return caps


CLIENTS = {
    "utf-16": lambda: client_capabilities(EDITORS["vscode"]),  # offers nothing: the default
    "utf-8": lambda: client_capabilities(EDITORS["neovim"]),  # offers utf-8, utf-16, utf-32 in that order
    "utf-32": _utf32_only,
}


@pytest_lsp.fixture(config=config(), scope="module", params=sorted(CLIENTS))
async def client(lsp_client: RecordingClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    await start(lsp_client, CLIENTS[request.param]())
    lsp_client.encoding = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


EMOJI = 'version: 1\ncontexts:\n  - {context_id: "ctx-😀", path: /tmp/xé😀, policy: nopé😀x}\n'


async def test_negotiated_encoding(client: RecordingClient) -> None:
    assert client.initialized_with is not None
    assert client.initialized_with.capabilities.position_encoding == client.encoding  # type: ignore[attr-defined]


async def test_ranges_after_emoji(client: RecordingClient) -> None:
    encoding: str = client.encoding  # type: ignore[attr-defined]
    uri = client.open(f"emoji-{encoding}.sync.yaml", EMOJI)
    found = await client.diagnostics_of(uri)
    assert [expected.as_json(d) for d in found] == expected.diagnostics(EMOJI, uri, encoding)
    (undefined,) = [d for d in found if d.code == "SD301"]
    # `nopé😀x` starts after 50 code points; 😀 takes 2 UTF-16 units or 4 UTF-8 bytes, é 2 UTF-8 bytes.
    start, end = {"utf-32": (50, 56), "utf-16": (52, 59), "utf-8": (57, 67)}[encoding]
    assert (undefined.range.start.character, undefined.range.end.character) == (start, end)


async def test_incremental_edit_addressed_in_client_units(client: RecordingClient) -> None:
    encoding: str = client.encoding  # type: ignore[attr-defined]
    uri = client.open(f"edit-{encoding}.sync.yaml", EMOJI)
    await client.diagnostics_of(uri)
    start, end = {"utf-32": (50, 56), "utf-16": (52, 59), "utf-8": (57, 67)}[encoding]
    client.edit(uri, change(2, start, 2, end, "🙂nope"))
    text = EMOJI.replace("nopé😀x", "🙂nope")
    found = await client.diagnostics_of(uri)
    assert [expected.as_json(d) for d in found] == expected.diagnostics(text, uri, encoding)
    assert [d.message for d in found] == ["undefined policy `🙂nope`; `policies` defines none"]


CRLF = "version: 1\r\npolicies:\r\n  p1: {}\r\ncontexts:\r\n  - context_id: a\r\n    path: /tmp/x\r\n    policy: p2\r\n"


async def test_crlf_lines(client: RecordingClient) -> None:
    encoding: str = client.encoding  # type: ignore[attr-defined]
    uri = client.open(f"crlf-{encoding}.sync.yaml", CRLF)
    found = await client.diagnostics_of(uri)
    assert [expected.as_json(d) for d in found] == expected.diagnostics(CRLF, uri, encoding)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == [("SD303", 2, 2), ("SD301", 6, 12)]
    # Join two lines across a CRLF: the end of line 2 to the start of line 3.
    client.edit(uri, change(6, 14, 7, 0, "\r\n    beta_wait_for_completion: true\r\n"))
    text = CRLF.replace("policy: p2\r\n", "policy: p2\r\n    beta_wait_for_completion: true\r\n")
    found = await client.diagnostics_of(uri)
    assert [expected.as_json(d) for d in found] == expected.diagnostics(text, uri, encoding)


BOM = "\ufeffcontexts: [{context_id: a, path: /tmp/x, policy: nope}]\nversion: 1\n"


async def test_bom_counts_as_one_character_on_the_first_line(client: RecordingClient) -> None:
    encoding: str = client.encoding  # type: ignore[attr-defined]
    uri = client.open(f"bom-{encoding}.sync.yaml", BOM)
    found = await client.diagnostics_of(uri)
    assert [expected.as_json(d) for d in found] == expected.diagnostics(BOM, uri, encoding)
    bom_units = {"utf-8": 3, "utf-16": 1, "utf-32": 1}[encoding]
    (undefined,) = [d for d in found if d.code == "SD301"]
    assert undefined.range.start == types.Position(0, 49 + bom_units)
