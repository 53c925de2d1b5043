"""Completion and hover: convert the cursor, ask :mod:`syncdsl.completion` / :mod:`syncdsl.hover`, convert back."""

from __future__ import annotations

import os

from lsprotocol import types

from lsp_server.documents import OpenDocument
from lsp_server.server import SyncDslServer, guarded
from syncdsl.completion import Completion, complete
from syncdsl.hover import hover_at

_KINDS = {
    "key": types.CompletionItemKind.Property,
    "enum": types.CompletionItemKind.EnumMember,
    "boolean": types.CompletionItemKind.Value,
    "policy": types.CompletionItemKind.Reference,
    "context": types.CompletionItemKind.Reference,
    "item": types.CompletionItemKind.Snippet,
}


def core_text(doc: OpenDocument) -> str:
    """The document text as the core counts it (without a leading BOM)."""
    return doc.text[1:] if doc.index.bom else doc.text


def file_label(doc: OpenDocument) -> str:
    return os.path.basename(doc.path) if doc.path else doc.uri.rsplit("/", 1)[-1]


def _markup(ls: SyncDslServer, text: str, formats: list[types.MarkupKind] | None) -> types.MarkupContent:
    markdown = formats is None or types.MarkupKind.Markdown in formats
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=text)


def _item(ls: SyncDslServer, doc: OpenDocument, c: Completion) -> types.CompletionItem:
    snippets = bool(ls.capability("text_document.completion.completion_item.snippet_support"))
    formats = ls.capability("text_document.completion.completion_item.documentation_format")
    use_snippet = snippets and c.snippet is not None
    new_text = c.snippet if use_snippet and c.snippet is not None else c.text
    item = types.CompletionItem(
        label=c.label,
        kind=_KINDS[c.kind],
        detail=c.detail,
        documentation=_markup(ls, c.documentation, formats),
        sort_text=c.sort,
        filter_text=c.label.lstrip("- ") if c.kind == "item" else c.label,
        text_edit=types.TextEdit(range=doc.index.span_to_range(c.replace), new_text=new_text),
        insert_text_format=types.InsertTextFormat.Snippet if use_snippet else types.InsertTextFormat.PlainText,
    )
    modes = ls.capability("text_document.completion.completion_item.insert_text_mode_support.value_set") or []
    if "\n" in new_text and types.InsertTextMode.AsIs in modes:
        item.insert_text_mode = types.InsertTextMode.AsIs  # the text carries its own indentation
    return item


def register(server: SyncDslServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[":", " ", "-", "{", ","], resolve_provider=False),
    )
    @guarded(types.TEXT_DOCUMENT_COMPLETION)
    def completion(ls: SyncDslServer, params: types.CompletionParams) -> types.CompletionList | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        found = complete(core_text(doc), doc.index.client_to_core(params.position))
        return types.CompletionList(is_incomplete=False, items=[_item(ls, doc, c) for c in found])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: SyncDslServer, params: types.HoverParams) -> types.Hover | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        analysis = await ls.analysis(doc)
        found = hover_at(analysis.result.parsed, analysis.index.client_to_core(params.position), file_label(doc))
        if found is None:
            return None
        formats = ls.capability("text_document.hover.content_format")
        return types.Hover(
            contents=_markup(ls, found.markdown, formats), range=analysis.index.span_to_range(found.span)
        )
