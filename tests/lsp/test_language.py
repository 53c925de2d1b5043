"""Completion and hover through the real server, as Neovim and VS Code ask for them."""

from __future__ import annotations

import pytest
from lsprotocol import types

from syncdsl.rules import get_rule
from syncdsl.schema import field_at, markdown_doc, markdown_enum_doc
from tests.lsp.conftest import RecordingClient, rng

pytestmark = pytest.mark.asyncio(loop_scope="module")

DOC = """\
version: 1
policies:
  standard:
    upload_policy:
      upload_mode: Archive
      archive_exclude_paths: [logs]
@BLANK@
  strict:
    extends: standard
    delete_policy: {sync_local_file: false, }
contexts:
  - context_id: SdkCtx-0123abcd   # syncdsl: disable=SD306,SD303
    path: /home/wuying/data
    policy: strict
  - context_id: SdkCtx-89efcdab
    path: /home/wuying/tmp
    policy:@SPACE@
""".replace("@BLANK@", " " * 6).replace("@SPACE@", " ")  # a blank line at the editor's indentation; `policy: `


async def complete(client: RecordingClient, uri: str, line: int, character: int) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, character)
        )
    )
    assert isinstance(result, types.CompletionList)
    return list(result.items)


async def test_keys_on_an_empty_line_inside_a_section(editor: RecordingClient) -> None:
    uri = editor.open("keys.sync.yaml", DOC)
    items = await complete(editor, uri, 6, 6)  # the blank line after archive_exclude_paths, at its indentation
    assert [i.label for i in items] == ["auto_upload", "upload_strategy"]
    auto = items[0]
    assert auto.kind == types.CompletionItemKind.Property
    assert auto.detail == "boolean"
    spec = field_at(("policies", "standard", "upload_policy", "auto_upload"))
    assert spec is not None
    assert auto.documentation == types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown_doc(spec))
    assert auto.text_edit == types.TextEdit(range=rng(6, 6, 6, 6), new_text="auto_upload: ")
    assert auto.insert_text_format == types.InsertTextFormat.PlainText


async def test_policy_keys_with_a_block_snippet(editor: RecordingClient) -> None:
    uri = editor.open("policy-keys.sync.yaml", DOC)
    items = await complete(editor, uri, 6, 4)  # the blank line, at policy-field indentation
    assert [i.label for i in items] == [
        "extends", "download_policy", "delete_policy", "extract_policy", "recycle_policy", "bw_list", "mapping_policy",
    ]
    recycle = next(i for i in items if i.label == "recycle_policy")
    assert recycle.text_edit == types.TextEdit(range=rng(6, 4, 6, 4), new_text="recycle_policy:\n      $0")
    assert recycle.insert_text_format == types.InsertTextFormat.Snippet


async def test_keys_inside_a_flow_mapping(editor: RecordingClient) -> None:
    uri = editor.open("flow.sync.yaml", DOC)
    assert [i.label for i in await complete(editor, uri, 9, 44)] == []  # delete_policy has one field, present
    text = DOC.replace("delete_policy: {sync_local_file: false, }", "extract_policy: {ex}")
    uri = editor.open("flow2.sync.yaml", text)
    items = await complete(editor, uri, 9, 23)
    assert [i.label for i in items] == ["extract", "delete_src_file", "extract_current_folder"]
    assert items[0].text_edit == types.TextEdit(range=rng(9, 21, 9, 23), new_text="extract: ")


async def test_enum_values_booleans_and_policy_names(editor: RecordingClient) -> None:
    uri = editor.open("values.sync.yaml", DOC)
    items = await complete(editor, uri, 4, 20)  # inside `Archive`
    assert [i.label for i in items] == ["File", "Archive"]
    spec = field_at(("policies", "standard", "upload_policy", "upload_mode"))
    assert items[1].documentation == types.MarkupContent(
        kind=types.MarkupKind.Markdown, value=markdown_enum_doc(spec, "Archive")
    )
    assert items[1].text_edit == types.TextEdit(range=rng(4, 19, 4, 26), new_text="Archive")
    assert [i.label for i in await complete(editor, uri, 9, 38)] == ["true", "false"]
    assert [i.label for i in await complete(editor, uri, 16, 12)] == ["standard", "strict"]
    (parent,) = await complete(editor, uri, 8, 13)  # `extends: |standard`: a policy never extends itself
    assert parent.label == "standard"
    assert parent.text_edit == types.TextEdit(range=rng(8, 13, 8, 21), new_text="standard")


async def test_snippet_for_a_new_context(editor: RecordingClient) -> None:
    uri = editor.open("item.sync.yaml", DOC + "  \n")
    (item,) = await complete(editor, uri, 17, 2)
    assert item.label == "- context"
    assert item.kind == types.CompletionItemKind.Snippet
    assert item.text_edit == types.TextEdit(range=rng(17, 2, 17, 2), new_text="- context_id: $1\n    path: $2$0")
    assert item.insert_text_format == types.InsertTextFormat.Snippet


async def test_hover_on_keys_and_values(editor: RecordingClient) -> None:
    uri = editor.open("hover.sync.yaml", DOC)
    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(4, 8))
    )
    assert hover is not None
    assert hover.range == rng(4, 6, 4, 17)
    assert hover.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value=markdown_doc(field_at(("policies", "standard", "upload_policy", "upload_mode"))),
    )
    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(4, 22))
    )
    assert hover is not None and hover.range == rng(4, 19, 4, 26)
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**Archive** (`upload_mode`)")


async def test_hover_on_a_policy_reference_shows_provenance(editor: RecordingClient) -> None:
    uri = editor.open("hover-policy.sync.yaml", DOC)
    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(13, 14))
    )
    assert hover is not None and hover.range == rng(13, 12, 13, 18)
    assert isinstance(hover.contents, types.MarkupContent)
    lines = hover.contents.value.splitlines()
    assert lines[0] == "**policy `strict`** extends `standard`"
    assert (
        "| `upload_policy.upload_mode` | `Archive` | set by policy `standard` at hover-policy.sync.yaml:5"
        " (via strict -> standard) |"
    ) in lines
    assert "| `delete_policy.sync_local_file` | `false` | set by policy `strict` at hover-policy.sync.yaml:10 |" in (
        lines
    )
    assert "| `download_policy.auto_download` | `true` | SDK default |" in lines


async def test_hover_on_a_context_and_on_a_suppressed_code(editor: RecordingClient) -> None:
    uri = editor.open("hover-context.sync.yaml", DOC)
    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(11, 20))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.splitlines()[:3] == [
        "**context `SdkCtx-0123abcd`** mounted at `/home/wuying/data`",
        "",
        "policy `strict` extends `standard`",
    ]
    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(11, 60))
    )
    assert hover is not None and hover.range == rng(11, 59, 11, 64)
    rule = get_rule("SD303")
    assert rule is not None and rule.__doc__ is not None
    assert hover.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value=f"**SD303** `unused-policy` (warning)\n\n{rule.__doc__.strip()}\n",
    )


async def test_context_names_already_used_are_offered(editor: RecordingClient) -> None:
    text = (
        "version: 1\ncontexts:\n  - context_name: team-data\n    path: /tmp/a\n"
        "  - context_name: \n    path: /tmp/b\n"
    )
    uri = editor.open("names.sync.yaml", text)
    (item,) = await complete(editor, uri, 4, 18)
    assert (item.label, item.kind) == ("team-data", types.CompletionItemKind.Reference)
    assert item.text_edit == types.TextEdit(range=rng(4, 18, 4, 18), new_text="team-data")
