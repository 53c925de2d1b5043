"""Code actions (quick fixes, "disable on this line", fix all) and formatting."""

from __future__ import annotations

from lsprotocol import types

from lsp_server.convert import LineIndex, minimal_edit, text_edit, to_lsp_diagnostic
from lsp_server.documents import OpenDocument
from lsp_server.server import Analysis, SyncDslServer, guarded
from syncdsl.diagnostics import Applicability, Diagnostic, Span
from syncdsl.navigation import disable_edit

FIX_ALL = "source.fixAll.syncdsl"


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def _wanted(only: list[str] | None, kind: str) -> bool:
    """Whether ``kind`` is asked for by the request's ``only`` filter (a kind matches its parents)."""
    return only is None or any(kind == k or kind.startswith(k + ".") for k in only)


def _workspace_edit(doc: OpenDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={doc.uri: edits})


def _quick_fixes(doc: OpenDocument, analysis: Analysis, found: list[Diagnostic]) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    for d in found:
        if d.fix is None:
            continue
        out.append(
            types.CodeAction(
                title=f"{d.fix.message} ({d.code})",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[to_lsp_diagnostic(d, analysis.index, doc.uri)],
                edit=_workspace_edit(doc, [text_edit(e, analysis.index) for e in d.fix.edits]),
                is_preferred=d.fix.applicability is Applicability.SAFE,
            )
        )
    return out


def _disable_actions(doc: OpenDocument, analysis: Analysis, found: list[Diagnostic]) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    done: set[tuple[int, str]] = set()
    for d in found:
        line = d.span.start.line
        if (line, d.code) in done or d.code == "SD001":
            continue
        done.add((line, d.code))
        edit = disable_edit(analysis.result.parsed, line, d.code)
        if edit is None:
            continue
        out.append(
            types.CodeAction(
                title=f"Disable {d.code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[to_lsp_diagnostic(d, analysis.index, doc.uri)],
                edit=_workspace_edit(doc, [text_edit(edit, analysis.index)]),
            )
        )
    return out


def fix_all_edits(ls: SyncDslServer, doc: OpenDocument) -> list[types.TextEdit] | None:
    """Edits applying every safe fix (the core re-lints until none is left), as one minimal edit.

    None when the core has no fixer (``syncdsl.fixes.fix_text``) in this installation.
    """
    try:
        from syncdsl.fixes import fix_text
    except ImportError:
        return None
    result = fix_text(doc.text, doc.path, ls.config_for(doc))
    fixed = ("\ufeff" if doc.index.bom else "") + result.text  # the core's text has no BOM
    return minimal_edit(doc.text, fixed, doc.index)


def register(server: SyncDslServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL],
            resolve_provider=False,
        ),
    )
    @guarded(types.TEXT_DOCUMENT_CODE_ACTION)
    async def code_action(ls: SyncDslServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        analysis = await ls.analysis(doc)
        only = [getattr(k, "value", k) for k in params.context.only] if params.context.only else None
        wanted = analysis.index.range_to_span(params.range)
        found = [d for d in analysis.result.diagnostics if _overlaps(d.span, wanted)]
        actions: list[types.CodeAction] = []
        if _wanted(only, types.CodeActionKind.QuickFix.value):
            actions += _quick_fixes(doc, analysis, found)
            actions += _disable_actions(doc, analysis, found)
        safe = any(d.fix is not None and d.fix.applicability is Applicability.SAFE for d in analysis.result.diagnostics)
        if safe and only is not None and _wanted(only, FIX_ALL):
            edits = fix_all_edits(ls, doc)
            if edits:
                actions.append(
                    types.CodeAction(
                        title="Fix all safe syncdsl problems",
                        kind=FIX_ALL,
                        edit=_workspace_edit(doc, edits),
                    )
                )
        return actions

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @guarded(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: SyncDslServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        from syncdsl.formatter import FormatError, format_text

        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        try:
            formatted = format_text(doc.text)
        except FormatError as exc:
            # A document that does not parse is never rewritten; its diagnostics already say why.
            ls.log(f"syncdsl: not formatting {doc.uri}: {exc}", types.MessageType.Info)
            return None
        return minimal_edit(doc.text, formatted, LineIndex(doc.text, doc.encoding))
