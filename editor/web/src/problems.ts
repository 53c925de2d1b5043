// Diagnostics and quick fixes, pulled from the server.
//
// @codemirror/lsp-client announces pull-diagnostics support, so the syncdsl server pushes
// nothing to it; this plugin pulls instead: a short pause after the last edit it syncs the
// document, asks `textDocument/diagnostic`, then one `textDocument/codeAction` over the whole
// document for the quick fixes, and matches each fix to its diagnostic through the
// diagnostics the server lists on the action. A result is shown only if no newer version was
// synced meanwhile; edits typed after the sync are mapped through (lsp-client's workspace
// mapping), and the same mapping places the fixes' edits when one is applied later.
import type * as lsp from "vscode-languageserver-protocol"
import {LSPPlugin, type LSPClient, type WorkspaceMapping} from "@codemirror/lsp-client"
import {setDiagnostics, type Diagnostic as LintDiagnostic} from "@codemirror/lint"
import {EditorSelection, type ChangeSpec} from "@codemirror/state"
import {EditorView, ViewPlugin, type ViewUpdate} from "@codemirror/view"
import {describeError} from "./errors"

export type Severity = "error" | "warning" | "info" | "hint"

export interface QuickFix {
  title: string
  preferred: boolean
  edit: lsp.WorkspaceEdit
}

export interface Problem {
  /** 1-based line and column of the start, as the server sent them (the CLI prints the same). */
  line: number
  column: number
  severity: Severity
  code: string
  message: string
  range: lsp.Range
  fixes: QuickFix[]
}

/** What the plugin reports to the page (the problems list). */
export interface ProblemsSink {
  waiting(): void
  show(problems: readonly Problem[], version: number): void
  failed(message: string): void
}

const PULL_DELAY_MS = 250
export const FIX_ALL_KIND = "source.fixAll.syncdsl"

function severityOf(value: lsp.DiagnosticSeverity | undefined): Severity {
  return value == 2 ? "warning" : value == 3 ? "info" : value == 4 ? "hint" : "error"
}

function keyOf(d: lsp.Diagnostic): string {
  const r = d.range
  const message = typeof d.message == "string" ? d.message : d.message.value
  return `${String(d.code ?? "")}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${message}`
}

function isAction(item: lsp.Command | lsp.CodeAction): item is lsp.CodeAction {
  return typeof (item as lsp.CodeAction).title == "string" && typeof (item as lsp.Command).command != "string"
}

/** Quick fixes by diagnostic; preferred fixes first, then in the server's order. */
function fixesByDiagnostic(actions: readonly (lsp.Command | lsp.CodeAction)[]): Map<string, QuickFix[]> {
  const found = new Map<string, QuickFix[]>()
  for (const action of actions) {
    if (!isAction(action) || !action.edit || action.disabled) continue
    for (const d of action.diagnostics ?? []) {
      const list = found.get(keyOf(d)) ?? []
      list.push({title: action.title, preferred: !!action.isPreferred, edit: action.edit})
      found.set(keyOf(d), list)
    }
  }
  for (const list of found.values()) list.sort((a, b) => Number(b.preferred) - Number(a.preferred))
  return found
}

function editsFor(edit: lsp.WorkspaceEdit, uri: string): lsp.TextEdit[] {
  const out: lsp.TextEdit[] = [...(edit.changes?.[uri] ?? [])]
  for (const change of edit.documentChanges ?? []) {
    if ("textDocument" in change && change.textDocument.uri == uri) {
      for (const e of change.edits) if ("newText" in e) out.push(e)
    }
  }
  return out
}

/** Apply the edits of `edit` that target `uri`, with positions taken from the document `mapping` started at. */
export function applyWorkspaceEdit(
  view: EditorView,
  uri: string,
  edit: lsp.WorkspaceEdit,
  mapping: WorkspaceMapping,
  userEvent: string,
): boolean {
  const changes: ChangeSpec[] = []
  for (const e of editsFor(edit, uri)) {
    const empty = e.range.start.line == e.range.end.line && e.range.start.character == e.range.end.character
    const from = mapping.mapPosition(uri, e.range.start, empty ? -1 : 1)
    const to = mapping.mapPosition(uri, e.range.end, -1)
    changes.push({from, to: Math.max(from, to), insert: e.newText})
  }
  if (!changes.length) return false
  const changeSet = view.state.changes(changes)
  view.dispatch({
    changes: changeSet,
    selection: EditorSelection.cursor(changeSet.mapPos(view.state.selection.main.head, 1)),
    scrollIntoView: true,
    userEvent,
  })
  return true
}

class ProblemsPlugin {
  private timer: ReturnType<typeof setTimeout> | null = null
  private seq = 0
  private inFlight = 0
  private mapping: WorkspaceMapping | null = null
  private publishedVersion = -1

  constructor(
    readonly view: EditorView,
    private readonly sink: ProblemsSink,
  ) {
    sink.waiting()
    this.schedule(0)
  }

  update(update: ViewUpdate): void {
    if (update.docChanged) this.schedule(PULL_DELAY_MS)
  }

  schedule(delay: number): void {
    if (this.timer != null) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.pull()
    }, delay)
  }

  /** True when the shown problems belong to the document exactly as it is now. */
  settled(): boolean {
    const plugin = LSPPlugin.get(this.view)
    const file = plugin?.client.workspace.getFile(plugin.uri)
    return (
      !!plugin && !!file && this.timer == null && this.inFlight == 0 &&
      plugin.unsyncedChanges.empty && file.version == this.publishedVersion
    )
  }

  private async pull(): Promise<void> {
    const plugin = LSPPlugin.get(this.view)
    if (!plugin || !plugin.client.connected) return
    const {client, uri} = plugin
    const seq = ++this.seq
    client.sync()
    const file = client.workspace.getFile(uri)
    if (!file) return
    const version = file.version
    const doc = file.doc
    const mapping = client.workspaceMapping()
    let kept = false
    this.inFlight++
    try {
      const report = await client.request<lsp.DocumentDiagnosticParams, lsp.DocumentDiagnosticReport>(
        "textDocument/diagnostic", {textDocument: {uri}})
      const items = report.kind == "full" ? report.items : []
      let actions: (lsp.Command | lsp.CodeAction)[] = []
      if (items.length) {
        actions = (await client.request<lsp.CodeActionParams, (lsp.Command | lsp.CodeAction)[] | null>(
          "textDocument/codeAction", {
            textDocument: {uri},
            range: {start: {line: 0, character: 0}, end: plugin.toPosition(doc.length, doc)},
            context: {diagnostics: items, only: ["quickfix"], triggerKind: 1},
          })) ?? []
      }
      if (seq != this.seq || file.version != version || client.workspace.getFile(uri) != file) return
      this.publish(items, fixesByDiagnostic(actions), mapping, uri, version)
      kept = true
    } catch (err) {
      if (seq == this.seq) this.sink.failed(describeError(err))
    } finally {
      this.inFlight--
      if (!kept) mapping.destroy()
    }
  }

  private publish(
    items: readonly lsp.Diagnostic[],
    fixes: Map<string, QuickFix[]>,
    mapping: WorkspaceMapping,
    uri: string,
    version: number,
  ): void {
    this.mapping?.destroy()
    this.mapping = mapping
    this.publishedVersion = version
    const problems: Problem[] = items.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: severityOf(d.severity),
      code: String(d.code ?? ""),
      message: typeof d.message == "string" ? d.message : d.message.value,
      range: d.range,
      fixes: fixes.get(keyOf(d)) ?? [],
    }))
    const marks: LintDiagnostic[] = problems.map((p) => ({
      from: mapping.mapPosition(uri, p.range.start, 1),
      to: Math.max(mapping.mapPosition(uri, p.range.start, 1), mapping.mapPosition(uri, p.range.end, -1)),
      severity: p.severity,
      message: p.message,
      source: p.code,
      actions: p.fixes.map((fix) => ({name: fix.title, apply: () => void this.apply(fix)})),
    }))
    this.view.dispatch(setDiagnostics(this.view.state, marks))
    this.sink.show(problems, version)
  }

  /** Apply a quick fix shown with the current problems. */
  apply(fix: QuickFix): boolean {
    const plugin = LSPPlugin.get(this.view)
    if (!plugin || !this.mapping) return false
    return applyWorkspaceEdit(this.view, plugin.uri, fix.edit, this.mapping, "input.quickfix")
  }

  /** Put the cursor at a problem's start (mapped through the edits made since it was found). */
  reveal(problem: Problem): void {
    const plugin = LSPPlugin.get(this.view)
    if (!plugin || !this.mapping) return
    const pos = Math.min(this.mapping.mapPosition(plugin.uri, problem.range.start, 1), this.view.state.doc.length)
    this.view.dispatch({selection: EditorSelection.cursor(pos), scrollIntoView: true})
    this.view.focus()
  }

  destroy(): void {
    if (this.timer != null) clearTimeout(this.timer)
    this.seq++
    this.mapping?.destroy()
    this.mapping = null
  }
}

export function problemsPlugin(sink: ProblemsSink) {
  return ViewPlugin.define((view) => new ProblemsPlugin(view, sink))
}

/** The problems plugin of `view`, if the view has one (`problemsPlugin` must be in its extensions). */
export function problemsOf(view: EditorView, plugin: ReturnType<typeof problemsPlugin>): ProblemsPlugin | null {
  return view.plugin(plugin)
}

/** Ask the server for its fix-all action and apply it; false when there is nothing to fix. */
export async function fixAll(view: EditorView, client: LSPClient): Promise<boolean> {
  const plugin = LSPPlugin.get(view)
  if (!plugin) return false
  client.sync()
  const file = client.workspace.getFile(plugin.uri)
  if (!file) return false
  return client.withMapping(async (mapping) => {
    const actions = await client.request<lsp.CodeActionParams, (lsp.Command | lsp.CodeAction)[] | null>(
      "textDocument/codeAction", {
        textDocument: {uri: plugin.uri},
        range: {start: {line: 0, character: 0}, end: plugin.toPosition(file.doc.length, file.doc)},
        context: {diagnostics: [], only: [FIX_ALL_KIND], triggerKind: 1},
      })
    const action = (actions ?? []).find((a): a is lsp.CodeAction => isAction(a) && a.kind == FIX_ALL_KIND && !!a.edit)
    return action?.edit ? applyWorkspaceEdit(view, plugin.uri, action.edit, mapping, "input.fixall") : false
  })
}
