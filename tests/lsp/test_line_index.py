"""A change applied to a document moves its line index instead of splitting the whole text again."""

from __future__ import annotations

import random

import pytest

from lsp_server.convert import UTF8, UTF16, UTF32, LineIndex

TEXTS = [
    "version: 1\ncontexts:\n  - path: /a\n",
    "\ufeffversion: 1\npolicies:\n  p:\n    note: héllo ✓ 𝄞\n",
    "a: 1\r\nb: 2\r\n",  # CRLF: indexed afresh
    "a: 1\rb: 2\n",
    "",
    "\n\n\n",
]
PIECES = ["", "x", "\n", "\n\n", "é", "𝄞", "  - y\n", "\r", "\r\n", "\ufeff"]


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_a_replaced_index_is_the_index_of_the_new_text(encoding: str) -> None:
    rng = random.Random(7)
    for text in TEXTS:
        index = LineIndex(text, encoding)
        for _ in range(200):
            start = rng.randrange(len(index.text) + 1)
            end = min(len(index.text), start + rng.choice((0, 0, 1, 2, 5)))
            piece = rng.choice(PIECES)
            index = index.replaced(start, end, piece)
            fresh = LineIndex(index.text, encoding)
            assert (index.text, index.starts, index.bom, index.encoding) == (
                fresh.text,
                fresh.starts,
                fresh.bom,
                fresh.encoding,
            )
