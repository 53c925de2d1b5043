"""The comment block at the top of a file stays at the top when fmt reorders keys (issue 9).

Before, only a header followed by a blank line stayed; without the blank line
the comment moved into the middle of the file with the first key.
"""

from __future__ import annotations

import pytest

from syncdsl.formatter import format_text


def test_a_header_without_a_blank_line_stays_at_the_top() -> None:
    text = "# Team sync settings\n# owner: data-platform\ncontexts: []\nversion: 1\n"
    assert format_text(text) == "# Team sync settings\n# owner: data-platform\nversion: 1\ncontexts: []\n"


def test_a_header_with_a_blank_line_stays_at_the_top_as_before() -> None:
    assert format_text("# header\n\ncontexts: []\nversion: 1\n") == "# header\n\nversion: 1\ncontexts: []\n"


def test_the_block_right_above_the_first_key_moves_with_it_when_a_blank_line_splits_the_top() -> None:
    text = "# header\n\n# the contexts\ncontexts: []\nversion: 1\n"
    assert format_text(text) == "# header\n\nversion: 1\n# the contexts\ncontexts: []\n"


def test_a_header_above_an_end_of_line_comment_and_a_crlf_file() -> None:
    text = "# h\r\ncontexts: []  # none yet\r\nversion: 1\r\n"
    assert format_text(text) == "# h\r\nversion: 1\r\ncontexts: []  # none yet\r\n"


@pytest.mark.parametrize(
    "text",
    [
        "!\n#\n\ny:",  # found by the atheris target: a tag on the root, then a comment and a blank line
        "#\n\n!\ny:",
        "# a\n!\n\n# b\ny:\n",
        "&root\n# c\ncontexts: []\nversion: 1\n",
        "# h\ncontexts: []\nversion: 1\n---\n# second\ncontexts: []\nversion: 1\n",
    ],
)
def test_formatting_the_top_of_a_document_is_idempotent(text: str) -> None:
    once = format_text(text)
    assert format_text(once) == once
