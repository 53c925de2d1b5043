"""The open documents, kept exactly as the client sent them.

pygls's own workspace splits lines with ``str.splitlines`` (which also breaks
at form feeds, NEL, U+2028 and others) and clamps positions loosely; the LSP
and syncdsl's core break lines only at ``\\r\\n``, ``\\r`` and ``\\n``, so the
server keeps its own store and applies incremental changes through
:class:`~lsp_server.convert.LineIndex`.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import to_fs_path

from lsp_server.convert import UTF16, LineIndex
from syncdsl.records import field, record


@record
class OpenDocument:
    uri: str
    text: str
    version: int | None = None
    language_id: str = ""
    encoding: str = UTF16
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text, self.encoding)
        return self._index

    def adopt_index(self, index: LineIndex) -> None:
        """Use ``index`` (made for this very text elsewhere, e.g. by the lint) as this text's."""
        if self._index is None and index.text is self.text and index.encoding == self.encoding:
            self._index = index

    @property
    def path(self) -> str | None:
        """The file-system path of a ``file:`` URI, else None (untitled buffers, playground)."""
        if not self.uri.startswith("file:"):
            return None
        return to_fs_path(self.uri)

    def apply(self, change: types.TextDocumentContentChangeEvent) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            index = self.index
            start = index.offset_of(change.range.start)
            end = max(start, index.offset_of(change.range.end))
            self._index = index.replaced(start, end, change.text)  # the next change needs no re-split
            self.text = self._index.text
        else:
            self.text = change.text
            self._index = None


class DocumentStore:
    def __init__(self) -> None:
        self._docs: dict[str, OpenDocument] = {}
        self.encoding: str = UTF16

    def open(self, item: types.TextDocumentItem) -> OpenDocument:
        doc = OpenDocument(item.uri, item.text, item.version, item.language_id, self.encoding)
        self._docs[item.uri] = doc
        return doc

    def change(self, params: types.DidChangeTextDocumentParams) -> OpenDocument | None:
        doc = self._docs.get(params.text_document.uri)
        if doc is None:
            return None
        for change in params.content_changes:
            doc.apply(change)
        doc.version = params.text_document.version
        return doc

    def close(self, uri: str) -> OpenDocument | None:
        return self._docs.pop(uri, None)

    def get(self, uri: str) -> OpenDocument | None:
        return self._docs.get(uri)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._docs.values()))
