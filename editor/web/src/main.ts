// The syncdsl playground: a CodeMirror editor talking LSP to `syncdsl lsp --ws`.
import "./playground.css"
import samples, {type Sample} from "virtual:samples"
import {basicSetup} from "codemirror"
import {yaml} from "@codemirror/lang-yaml"
import {lintGutter} from "@codemirror/lint"
import {EditorView, keymap} from "@codemirror/view"
import {LSPClient, LSPPlugin, formatDocument, formatKeymap, hoverTooltips, serverCompletion} from "@codemirror/lsp-client"
import {loadConfig} from "./config"
import {Connection, type ConnectionState} from "./connection"
import {describeError} from "./errors"
import {ProblemsPanel} from "./panel"
import {fixAll, problemsOf, problemsPlugin} from "./problems"

const LANGUAGE_ID = "syncdsl"

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`the page has no #${id}`)
  return el as T
}

function sampleFromHash(): Sample {
  const name = new URLSearchParams(location.hash.slice(1)).get("sample")
  return samples.find((s) => s.name == name) ?? samples[0]!
}

async function main(): Promise<void> {
  const picker = byId<HTMLSelectElement>("sample")
  const title = byId("sample-title")
  const status = byId("status")
  const editorHost = byId("editor")
  const notice = byId("notice")

  for (const sample of samples) picker.append(new Option(sample.file, sample.name))

  const client = new LSPClient({
    timeout: 10000,
    extensions: [serverCompletion(), hoverTooltips(), keymap.of(formatKeymap)],
  })
  const drafts = new Map<string, string>()
  let current = sampleFromHash()
  let view: EditorView | null = null

  const panel = new ProblemsPanel(byId("problems"), {
    reveal: (problem) => view && problemsOf(view, problems)?.reveal(problem),
    apply: (fix) => view && problemsOf(view, problems)?.apply(fix),
  })
  const problems = problemsPlugin(panel)

  function open(sample: Sample): void {
    if (view) {
      drafts.set(current.name, view.state.doc.toString())
      view.destroy() // closes the document on the server
    }
    current = sample
    picker.value = sample.name
    title.textContent = sample.title
    history.replaceState(null, "", `#sample=${encodeURIComponent(sample.name)}`)
    view = new EditorView({
      doc: drafts.get(sample.name) ?? sample.text,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.contentAttributes.of({"aria-label": `${sample.file} (syncdsl)`}),
        EditorView.theme({"&.cm-focused": {outline: "none"}}),
        client.plugin(`untitled:${sample.file}`, LANGUAGE_ID),
        problems,
      ],
      parent: editorHost,
    })
  }

  function showNotice(text: string): void {
    notice.textContent = text
    notice.hidden = !text
  }

  picker.addEventListener("change", () => {
    const chosen = samples.find((s) => s.name == picker.value)
    if (chosen) open(chosen)
  })
  window.addEventListener("hashchange", () => {
    const chosen = sampleFromHash()
    if (chosen.name != current.name) open(chosen)
  })
  byId("reset").addEventListener("click", () => {
    drafts.delete(current.name)
    view?.dispatch({changes: {from: 0, to: view.state.doc.length, insert: current.text}})
  })
  byId("format").addEventListener("click", () => {
    if (view) formatDocument(view)
  })
  byId("fix-all").addEventListener("click", () => {
    if (!view) return
    fixAll(view, client).then(
      (changed) => showNotice(changed ? "" : "Nothing to fix automatically."),
      (err: unknown) => showNotice(`Fix all failed: ${describeError(err)}`),
    )
  })

  open(current)

  // A small handle for tests and the browser console.
  Object.assign(window, {
    playground: {
      get view() {
        return view
      },
      text: () => view?.state.doc.toString() ?? "",
      settled: () => !!view && !!LSPPlugin.get(view) && !!problemsOf(view, problems)?.settled(),
    },
  })

  const config = await loadConfig()
  if (config.version) byId("version").textContent = `syncdsl ${config.version}`
  const setStatus = (state: ConnectionState, detail: string): void => {
    status.dataset.state = state
    status.textContent = state == "online" ? "connected" : state
    status.title = detail
    if (state == "online" && view) problemsOf(view, problems)?.schedule(0)
  }
  if (!config.ws) {
    setStatus("offline", "no language server address")
    showNotice("No language server: start the page with `syncdsl playground`, or add ?ws=ws://HOST:PORT to the address.")
    return
  }
  new Connection(config.ws, client, setStatus).start()
}

main().catch((err: unknown) => {
  document.body.prepend(`The playground failed to start: ${describeError(err)}`)
})
