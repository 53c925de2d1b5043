"""Document sync, settings, and diagnostics: pushed (linted at once, coalesced while a lint runs) and pulled."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from lsp_server.server import SETTINGS_SECTION, SyncDslServer, guarded

_CONFIG_FILES = (".syncdsl.toml", "pyproject.toml")


def register(server: SyncDslServer) -> None:
    @server.feature(types.INITIALIZED)
    @guarded(types.INITIALIZED, notification=True)
    async def initialized(ls: SyncDslServer, params: types.InitializedParams) -> None:
        for note in ls.startup_notes:
            ls.log(note, types.MessageType.Warning)
        ls.startup_notes.clear()
        ls.expect_settings()
        await ls.load_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded(types.WORKSPACE_DID_CHANGE_CONFIGURATION, notification=True)
    async def did_change_configuration(ls: SyncDslServer, params: types.DidChangeConfigurationParams) -> None:
        pushed = params.settings.get(SETTINGS_SECTION) if isinstance(params.settings, dict) else None
        if ls.capability("workspace.configuration"):
            await ls.load_settings()
        else:
            ls.apply_settings(pushed)
        ls.config_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded(types.WORKSPACE_DID_CHANGE_WATCHED_FILES, notification=True)
    def did_change_watched_files(ls: SyncDslServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in _CONFIG_FILES for change in params.changes):
            ls.config_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded(types.TEXT_DOCUMENT_DID_OPEN, notification=True)
    def did_open(ls: SyncDslServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule_lint(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(types.TEXT_DOCUMENT_DID_CHANGE, notification=True)
    def did_change(ls: SyncDslServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule_lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded(types.TEXT_DOCUMENT_DID_SAVE, notification=True)
    def did_save(ls: SyncDslServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule_lint(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(types.TEXT_DOCUMENT_DID_CLOSE, notification=True)
    def did_close(ls: SyncDslServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="syncdsl", inter_file_dependencies=False, workspace_diagnostics=True),
    )
    @guarded(types.TEXT_DOCUMENT_DIAGNOSTIC)
    async def pull(ls: SyncDslServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        await ls.settings_ready()
        analysis = await ls.analysis(doc)
        # Once the report is out: ready the re-parse of the next edit (as after a push).
        asyncio.get_running_loop().call_later(0.05, ls.prepare_next_edit, doc.uri)
        if params.previous_result_id == analysis.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=analysis.result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=analysis.diagnostics, result_id=analysis.result_id)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    @guarded(types.WORKSPACE_DIAGNOSTIC)
    async def pull_workspace(
        ls: SyncDslServer, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        await ls.settings_ready()
        previous = {p.uri: p.value for p in params.previous_result_ids}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        for doc in ls.documents:
            analysis = await ls.analysis(doc)
            if previous.get(doc.uri) == analysis.result_id:
                items.append(
                    types.WorkspaceUnchangedDocumentDiagnosticReport(
                        uri=doc.uri, version=doc.version, result_id=analysis.result_id
                    )
                )
                continue
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=doc.uri, version=doc.version, items=analysis.diagnostics, result_id=analysis.result_id
                )
            )
        return types.WorkspaceDiagnosticReport(items=items)
