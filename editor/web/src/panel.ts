// The problems list beside the editor: one row per diagnostic with its code, position,
// message and quick-fix buttons. Rows carry the raw values as data attributes
// (data-code, data-line, data-column, data-severity, data-message) for tests and styling.
import type {Problem, ProblemsSink, QuickFix} from "./problems"

export interface PanelActions {
  reveal(problem: Problem): void
  apply(fix: QuickFix): void
}

/** Text with `backticked` spans as <code> elements, built with DOM nodes (never innerHTML). */
function renderMessage(message: string): DocumentFragment {
  const out = document.createDocumentFragment()
  message.split(/(`[^`]*`)/).forEach((part) => {
    if (part.length > 1 && part.startsWith("`") && part.endsWith("`")) {
      const code = document.createElement("code")
      code.textContent = part.slice(1, -1)
      out.append(code)
    } else if (part) {
      out.append(part)
    }
  })
  return out
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const el = document.createElement(tag)
  el.className = className
  if (text != null) el.textContent = text
  return el
}

export class ProblemsPanel implements ProblemsSink {
  private readonly list: HTMLOListElement
  private readonly count: HTMLElement
  private readonly note: HTMLElement

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.list = root.querySelector("ol")!
    this.count = root.querySelector(".problem-count")!
    this.note = root.querySelector(".problem-note")!
  }

  waiting(): void {
    this.root.dataset.state = "waiting"
    this.note.textContent = "Waiting for the language server…"
  }

  failed(message: string): void {
    this.root.dataset.state = "error"
    this.note.textContent = `Diagnostics unavailable: ${message}`
  }

  show(problems: readonly Problem[], version: number): void {
    this.root.dataset.state = "ready"
    this.root.dataset.version = String(version)
    this.root.dataset.count = String(problems.length)
    this.count.textContent = String(problems.length)
    this.note.textContent = problems.length ? "" : "No problems: this configuration lints clean."
    this.list.replaceChildren(...problems.map((p) => this.row(p)))
  }

  private row(problem: Problem): HTMLLIElement {
    const li = element("li", `problem severity-${problem.severity}`)
    Object.assign(li.dataset, {
      code: problem.code,
      line: String(problem.line),
      column: String(problem.column),
      severity: problem.severity,
      message: problem.message,
    })
    const head = element("button", "problem-goto")
    head.type = "button"
    head.title = "Show in the editor"
    head.append(
      element("span", "problem-severity", problem.severity),
      element("span", "problem-code", problem.code),
      element("span", "problem-where", `${problem.line}:${problem.column}`),
    )
    head.addEventListener("click", () => this.actions.reveal(problem))
    const message = element("p", "problem-message")
    message.append(renderMessage(problem.message))
    li.append(head, message)
    if (problem.fixes.length) {
      const fixes = element("div", "problem-fixes")
      for (const fix of problem.fixes) {
        const button = element("button", fix.preferred ? "quickfix preferred" : "quickfix")
        button.type = "button"
        button.append(renderMessage(fix.title))
        button.dataset.title = fix.title
        button.addEventListener("click", () => this.actions.apply(fix))
        fixes.append(button)
      }
      li.append(fixes)
    }
    return li
  }
}
