"""A hypothesis-driven editing session: random incremental edits (garbage, emoji, CRLF, deleting
everything) against one live server. It must stay alive, answer within a bound, and finally
publish exactly the core's diagnostics for the final text."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import client_capabilities

from tests.lsp import expected
from tests.lsp.conftest import EDITORS, RecordingClient, config, start

ANSWER_WITHIN = 10.0  # seconds

START = "version: 1\npolicies:\n  p: {}\ncontexts:\n  - context_id: a\n    path: /x\n    policy: p\n"
PIECES = st.sampled_from(
    [
        "version: 1\n", "contexts:\n", "  - context_id: a\n", "    path: /x\n", "    policy: q\n",
        "policies:\n  q: {extends: p}\n", "\r\n", "\n", "😀", "é", "[", "{", "}", "]", ": ", "- ", "  ", "\t",
        "# syncdsl: disable=SD301\n", "*a", "&a ", "!!python/name:os.system ", '"', "'", "\x85", "\u2028",
        "recycle_policy: {paths: [/t/*]}\n",
    ]
)
INSERT = st.one_of(st.lists(PIECES, max_size=5).map("".join), st.text(max_size=12))
EDIT = st.one_of(st.tuples(st.floats(0, 1), st.floats(0, 1), INSERT), st.just("delete-all"))


@pytest.fixture(scope="module")
def session() -> Iterator[tuple[asyncio.AbstractEventLoop, RecordingClient]]:
    loop = asyncio.new_event_loop()
    client = loop.run_until_complete(config().start())
    assert isinstance(client, RecordingClient)
    loop.run_until_complete(start(client, client_capabilities(EDITORS["vscode"])))
    yield loop, client
    loop.run_until_complete(client.shutdown_session())
    loop.run_until_complete(client.stop())
    loop.close()


def _offset(text: str, fraction: float) -> int:
    offset = int(fraction * len(text))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # never split a CRLF: it is one line break to the LSP
    return offset


counter = iter(range(1_000_000))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(EDIT, min_size=1, max_size=3), min_size=1, max_size=6))
def test_random_editing_session(session: tuple[asyncio.AbstractEventLoop, RecordingClient], batches) -> None:  # type: ignore[no-untyped-def]
    loop, client = session
    loop.run_until_complete(asyncio.wait_for(_run(client, batches), 60))


async def _run(client: RecordingClient, batches: list[list[object]]) -> None:
    uri = client.open(f"session-{next(counter)}.sync.yaml", START)
    text = START
    document = types.TextDocumentIdentifier(uri=uri)
    for batch in batches:
        changes: list[types.TextDocumentContentChangeEvent] = []
        for edit in batch:
            if edit == "delete-all":
                start_at, end_at, new = 0, len(text), ""
            else:
                a, b, new = edit  # type: ignore[misc]
                start_at, end_at = sorted((_offset(text, a), _offset(text, b)))
            begin = expected.offset_position(text, start_at)
            end = expected.offset_position(text, end_at)
            changes.append(
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(**begin), types.Position(**end)), text=new
                )
            )
            text = text[:start_at] + new + text[end_at:]
        client.edit(uri, *changes)
        where = types.Position(**expected.offset_position(text, len(text) // 2))
        await asyncio.wait_for(
            client.text_document_completion_async(types.CompletionParams(text_document=document, position=where)),
            ANSWER_WITHIN,
        )
        await asyncio.wait_for(
            client.text_document_hover_async(types.HoverParams(text_document=document, position=where)),
            ANSWER_WITHIN,
        )
    final = await client.published_for(uri, client.versions[uri])
    assert expected.in_order([expected.as_json(d) for d in final]) == expected.in_order(
        expected.diagnostics(text, uri)
    )
    client.close(uri)
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]
