"""Document symbols, definition, references and rename of policy names."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp import expected
from tests.lsp.conftest import RecordingClient, rng

pytestmark = pytest.mark.asyncio(loop_scope="module")

DOC = """\
version: 1
policies:
  standard:
    upload_policy: {upload_mode: Archive}
  strict:
    extends: "standard"
contexts:
  - context_id: SdkCtx-a
    path: /home/wuying/a
    policy: strict
  - context_id: SdkCtx-b
    path: /home/wuying/b
    policy: {extends: standard, delete_policy: {sync_local_file: false}}
"""


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def outline(symbols: list[types.DocumentSymbol]) -> list[tuple]:
    return [
        (s.name, s.detail, s.kind, (s.range.start.line, s.range.end.line), outline(list(s.children or [])))
        for s in symbols
    ]


async def test_document_symbols_are_hierarchical(editor: RecordingClient) -> None:
    uri = editor.open("symbols.sync.yaml", DOC)
    symbols = await editor.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    assert symbols is not None
    K = types.SymbolKind
    assert outline(symbols) == [  # type: ignore[arg-type]
        ("policies", "2 policies", K.Namespace, (1, 6), [
            ("standard", None, K.Class, (2, 4), [("upload_policy", None, K.Struct, (3, 3), [])]),
            ("strict", "extends standard", K.Class, (4, 6), []),
        ]),
        ("contexts", "2 contexts", K.Array, (6, 13), [
            ("SdkCtx-a", "/home/wuying/a (strict)", K.Object, (7, 10), []),
            ("SdkCtx-b", "/home/wuying/b (inline policy)", K.Object, (10, 13), [
                ("delete_policy", None, K.Struct, (12, 12), []),
            ]),
        ]),
    ]
    assert symbols[0].children is not None
    assert symbols[0].children[0].selection_range == rng(2, 2, 2, 10)  # type: ignore[union-attr]


async def test_definition_and_references(editor: RecordingClient) -> None:
    uri = editor.open("refs.sync.yaml", DOC)
    found = await editor.text_document_definition_async(
        types.DefinitionParams(text_document=doc_id(uri), position=types.Position(9, 14))
    )
    assert list(found or []) == [types.Location(uri=uri, range=rng(4, 2, 4, 8))]
    refs = await editor.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(uri),
            position=types.Position(5, 15),  # inside the quoted "standard"
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert list(refs or []) == [
        types.Location(uri=uri, range=rng(2, 2, 2, 10)),
        types.Location(uri=uri, range=rng(5, 14, 5, 22)),
        types.Location(uri=uri, range=rng(12, 22, 12, 30)),
    ]
    nothing = await editor.text_document_definition_async(
        types.DefinitionParams(text_document=doc_id(uri), position=types.Position(8, 12))
    )
    assert nothing is None


async def test_prepare_rename_and_rename(editor: RecordingClient) -> None:
    uri = editor.open("rename.sync.yaml", DOC)
    prepared = await editor.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc_id(uri), position=types.Position(12, 25))
    )
    assert prepared == types.PrepareRenamePlaceholder(range=rng(12, 22, 12, 30), placeholder="standard")
    edit = await editor.text_document_rename_async(
        types.RenameParams(text_document=doc_id(uri), position=types.Position(2, 3), new_name="base")
    )
    assert expected.as_json(edit) == {
        "changes": {
            uri: [
                {"range": expected.as_json(rng(2, 2, 2, 10)), "newText": "base"},
                {"range": expected.as_json(rng(5, 14, 5, 22)), "newText": "base"},
                {"range": expected.as_json(rng(12, 22, 12, 30)), "newText": "base"},
            ]
        }
    }
    assert await editor.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc_id(uri), position=types.Position(0, 2))
    ) is None


async def test_rename_refuses_bad_or_taken_names(editor: RecordingClient) -> None:
    uri = editor.open("rename-bad.sync.yaml", DOC)
    for name, message in (
        ("2fast", "`2fast` is not a valid policy name"),
        ("strict", "a policy named `strict` already exists"),
    ):
        with pytest.raises(JsonRpcException, match=message):
            await editor.text_document_rename_async(
                types.RenameParams(text_document=doc_id(uri), position=types.Position(2, 3), new_name=name)
            )


NAMED = """\
version: 1
policies:
  team: {}
contexts:
  - context_name: team
    path: /home/wuying/a
    policy: team
  - context_name: team
    create: true
    path: /tmp/b
"""


async def test_context_names_have_definition_references_and_rename(editor: RecordingClient) -> None:
    uri = editor.open("names.sync.yaml", NAMED)
    found = await editor.text_document_definition_async(
        types.DefinitionParams(text_document=doc_id(uri), position=types.Position(4, 20))
    )
    # The entry that may create the context, not the policy of the same spelling.
    assert list(found or []) == [types.Location(uri=uri, range=rng(7, 18, 7, 22))]
    refs = await editor.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(uri),
            position=types.Position(7, 19),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert list(refs or []) == [types.Location(uri=uri, range=rng(4, 18, 4, 22))]
    edit = await editor.text_document_rename_async(
        types.RenameParams(text_document=doc_id(uri), position=types.Position(4, 19), new_name="crew")
    )
    assert expected.as_json(edit) == {
        "changes": {
            uri: [
                {"range": expected.as_json(rng(4, 18, 4, 22)), "newText": "crew"},
                {"range": expected.as_json(rng(7, 18, 7, 22)), "newText": "crew"},
            ]
        }
    }
