"""Code actions (quick fixes, "Disable SDxxx on this line", fix all) and formatting."""

from __future__ import annotations

import pytest
from lsprotocol import types

from syncdsl.formatter import format_text
from tests.lsp import expected
from tests.lsp.conftest import RecordingClient, rng

pytestmark = pytest.mark.asyncio(loop_scope="module")

DOC = """\
version: 1
policies:
  base:
    recycle_policy:
      paths: [/tmp/a, /tmp/a]   # scratch
contexts:
  - context_id: SdkCtx-1
    path: /home/wuying/data
    policy: bsae
"""


async def actions(
    client: RecordingClient, uri: str, at: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    diagnostics = await client.diagnostics_of(uri)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=at,
            context=types.CodeActionContext(
                diagnostics=[d for d in diagnostics if d.range.start.line <= at.end.line], only=only
            ),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def summary(action: types.CodeAction, uri: str) -> tuple:
    assert action.edit is not None and action.edit.changes is not None
    edits = [(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
             for e in action.edit.changes[uri]]
    return (action.title, action.kind, bool(action.is_preferred), [d.code for d in action.diagnostics or []], edits)


async def test_quick_fixes_and_disable_comments_in_range(editor: RecordingClient) -> None:
    uri = editor.open("fixes.sync.yaml", DOC)
    found = await actions(editor, uri, rng(4, 0, 4, 40))
    assert [summary(a, uri) for a in found] == [
        ("Remove the duplicate path (SD111)", "quickfix", True, ["SD111"], [(4, 20, 4, 28, "")]),
        ("Disable SD111 on this line", "quickfix", False, ["SD111"], [(4, 41, 4, 41, "  # syncdsl: disable=SD111")]),
    ]
    found = await actions(editor, uri, rng(8, 14, 8, 14))
    assert [summary(a, uri) for a in found] == [
        ("Change to `base` (SD301)", "quickfix", False, ["SD301"], [(8, 12, 8, 16, "base")]),
        ("Disable SD301 on this line", "quickfix", False, ["SD301"], [(8, 16, 8, 16, "  # syncdsl: disable=SD301")]),
    ]
    # The diagnostics attached to an action are the ones the client shows.
    published = [expected.as_json(d) for d in await editor.diagnostics_of(uri)]
    assert expected.as_json(found[0].diagnostics[0]) in published  # type: ignore[index]


async def test_disable_adds_to_an_existing_suppression(editor: RecordingClient) -> None:
    text = DOC.replace("    policy: bsae\n", "    policy: bsae  # syncdsl: disable=SD106\n")
    uri = editor.open("disable.sync.yaml", text)
    found = await actions(editor, uri, rng(8, 14, 8, 14), only=["quickfix"])
    titles = [a.title for a in found]
    assert "Disable SD301 on this line" in titles
    disable = found[titles.index("Disable SD301 on this line")]
    assert summary(disable, uri)[-1] == [(8, 42, 8, 42, ",SD301")]


async def test_only_filter(editor: RecordingClient) -> None:
    uri = editor.open("only.sync.yaml", DOC)
    assert await actions(editor, uri, rng(4, 0, 4, 40), only=["refactor"]) == []


async def test_formatting_returns_the_core_formatter_output(editor: RecordingClient) -> None:
    messy = "contexts:\n  - path: /home/wuying/a   # mount\n    context_id: SdkCtx-a\nversion: 1\n"
    uri = editor.open("format.sync.yaml", messy)
    edits = await editor.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits is not None
    (edit,) = edits
    assert edit.range == rng(0, 0, 4, 0)
    assert edit.new_text == format_text(messy) == (
        "version: 1\ncontexts:\n  - context_id: SdkCtx-a\n    path: /home/wuying/a  # mount\n"
    )
    # Formatted text gives no edits; text that does not parse is left alone.
    uri = editor.open("formatted.sync.yaml", format_text(messy))
    assert list(await editor.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri), options=types.FormattingOptions(2, True)
        )
    ) or []) == []
    uri = editor.open("broken.sync.yaml", "version: [1\n")
    assert await editor.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri), options=types.FormattingOptions(2, True)
        )
    ) is None


async def test_fix_all_applies_every_safe_fix(editor: RecordingClient) -> None:
    fixes = pytest.importorskip("syncdsl.fixes", reason="source.fixAll needs the core fixer (syncdsl.fixes)")
    text = DOC.replace("paths: [/tmp/a, /tmp/a]", "paths: [/tmp/a, /tmp/a, '', /tmp/b]")
    uri = editor.open("fixall.sync.yaml", text)
    found = await actions(editor, uri, rng(0, 0, 0, 0), only=["source.fixAll.syncdsl"])
    (fix_all,) = found
    assert fix_all.kind == "source.fixAll.syncdsl"
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    (edit,) = fix_all.edit.changes[uri]
    fixed = fixes.fix_text(text).text
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: edit.range.start.line]) + edit.range.start.character
    end = sum(len(x) + 1 for x in lines[: edit.range.end.line]) + edit.range.end.character
    assert text[:start] + edit.new_text + text[end:] == fixed != text
