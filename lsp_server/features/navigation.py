"""Document symbols, go-to-definition, references and rename of policy names."""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidRequest

from lsp_server.convert import LineIndex
from lsp_server.documents import OpenDocument
from lsp_server.server import Analysis, SyncDslServer, guarded
from syncdsl.diagnostics import Position
from syncdsl.hover import document_at, models_of
from syncdsl.model import Model
from syncdsl.navigation import (
    Occurrence,
    RenameError,
    Symbol,
    definition_of,
    occurrence_at,
    outline,
    references_of,
    rename_edits,
)

_SYMBOL_KINDS = {
    "namespace": types.SymbolKind.Namespace,
    "policy": types.SymbolKind.Class,
    "section": types.SymbolKind.Struct,
    "list": types.SymbolKind.Array,
    "context": types.SymbolKind.Object,
}


def _symbol(s: Symbol, index: LineIndex) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=s.name,
        detail=s.detail or None,
        kind=_SYMBOL_KINDS[s.kind],
        range=index.span_to_range(s.span),
        selection_range=index.span_to_range(s.selection),
        children=[_symbol(c, index) for c in s.children],
    )


def register(server: SyncDslServer) -> None:
    async def model_at(
        ls: SyncDslServer, uri: str, position: types.Position
    ) -> tuple[OpenDocument, Analysis, Model, Position] | None:
        doc = ls.documents.get(uri)
        if doc is None:
            return None
        analysis = await ls.analysis(doc)
        pos = analysis.index.client_to_core(position)
        yaml_doc = document_at(analysis.result.parsed, pos)
        if yaml_doc is None:
            return None
        model: Model = analysis.result.model_of(yaml_doc)
        return doc, analysis, model, pos

    async def name_at(
        ls: SyncDslServer, uri: str, position: types.Position
    ) -> tuple[OpenDocument, Analysis, Model, Occurrence] | None:
        """Like ``model_at``, with the policy name under the cursor in place of the position; None off a name."""
        found = await model_at(ls, uri, position)
        if found is None:
            return None
        doc, analysis, model, pos = found
        at = occurrence_at(model, pos)
        return None if at is None else (doc, analysis, model, at)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def symbols(ls: SyncDslServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        analysis = await ls.analysis(doc)
        parsed = analysis.result.parsed
        models = models_of(parsed)
        return [_symbol(s, analysis.index) for s in outline(parsed, models)]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: SyncDslServer, params: types.DefinitionParams) -> list[types.Location] | None:
        found = await name_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, analysis, model, at = found
        target = definition_of(model, at.name)
        if target is None:
            return None
        return [types.Location(uri=doc.uri, range=analysis.index.span_to_range(target.span))]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: SyncDslServer, params: types.ReferenceParams) -> list[types.Location] | None:
        found = await name_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, analysis, model, at = found
        return [
            types.Location(uri=doc.uri, range=analysis.index.span_to_range(o.span))
            for o in references_of(model, at.name, params.context.include_declaration)
        ]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(
        ls: SyncDslServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        found = await name_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        _doc, analysis, _model, at = found
        return types.PrepareRenamePlaceholder(range=analysis.index.span_to_range(at.span), placeholder=at.name)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    @guarded(types.TEXT_DOCUMENT_RENAME)
    async def rename(ls: SyncDslServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = await model_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, analysis, model, pos = found
        try:
            edits = rename_edits(model, pos, params.new_name)
        except RenameError as exc:
            raise JsonRpcInvalidRequest(str(exc)) from exc
        text_edits = [
            types.TextEdit(range=analysis.index.span_to_range(e.span), new_text=e.text) for e in edits
        ]
        return types.WorkspaceEdit(changes={doc.uri: text_edits})
