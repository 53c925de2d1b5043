"""Scheduling without a debounce: edits sent faster than the server lints are coalesced, never shown stale.

The server lints an idle document at once and folds every edit that arrives during a lint into
one more lint of the newest text. Whatever the timing, what it publishes must be, for each version
it publishes, exactly the core's findings on that version's text; versions only go up; and the last
version is always published. Random edit sequences, sent in bursts with no waiting, check that.
"""

from __future__ import annotations

import asyncio
import os
import random

import pytest
import pytest_lsp
from pytest_lsp import client_capabilities

from tests.lsp import expected
from tests.lsp.conftest import EDITORS, RecordingClient, change, config, start
from tests.lsp.test_diagnostics import TEXT, apply

NO_DEBOUNCE = {**os.environ, "SYNCDSL_LSP_DEBOUNCE": "0"}
# Small edits that keep the text valid YAML most of the time, and sometimes break it.
INSERTS = ("x", "/tmp/b", ", /tmp/a", "  ", ":", "- ", "\n", "policy: base\n    ")


@pytest_lsp.fixture(config=config(NO_DEBOUNCE))
async def eager(lsp_client: RecordingClient):  # type: ignore[no-untyped-def]
    await start(lsp_client, client_capabilities(EDITORS["vscode"]))
    yield
    await lsp_client.shutdown_session()


def _random_edit(rnd: random.Random, text: str) -> tuple[int, int, int, int, str]:
    lines = text.split("\n")
    line = rnd.randrange(len(lines))
    column = rnd.randint(0, len(lines[line]))
    if rnd.random() < 0.3 and lines[line]:
        end = rnd.randint(column, len(lines[line]))
        return (line, column, line, end, "")
    return (line, column, line, column, rnd.choice(INSERTS))


@pytest.mark.asyncio(loop_scope="function")
@pytest.mark.parametrize("seed", range(4))
async def test_bursts_of_edits_publish_only_current_core_results(eager: RecordingClient, seed: int) -> None:
    rnd = random.Random(seed)
    uri = eager.open(f"burst-{seed}.sync.yaml", TEXT)
    await eager.published_for(uri, 1)
    texts = {1: TEXT}
    text = TEXT
    for _ in range(6):  # bursts: several edits with no wait, then one short pause
        for _ in range(rnd.randint(1, 8)):
            edit = _random_edit(rnd, text)
            text = apply(text, edit)
            texts[eager.edit(uri, change(*edit))] = text
        await asyncio.sleep(rnd.choice((0, 0, 0.001, 0.01)))
    last = eager.versions[uri]
    await eager.published_for(uri, last)
    mine = [p for p in eager.published if p.uri == uri]
    versions = [p.version for p in mine]
    assert versions == sorted(set(versions)), versions  # each version at most once, in order
    assert versions[-1] == last
    for params in mine:
        assert params.version is not None
        got = [expected.as_json(d) for d in params.diagnostics]
        assert got == expected.diagnostics(texts[params.version], uri), params.version
