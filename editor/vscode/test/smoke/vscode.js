// A stand-in for the `vscode` module, just enough for the bundled extension and vscode-languageclient
// to activate, start the real server and exchange messages, in plain node (no VS Code download).
// What the extension does with it is recorded in `recorded` for the smoke test to inspect.
"use strict";

const { EventEmitter: NodeEmitter } = require("node:events");
const path = require("node:path");

const recorded = {
  commands: new Map(),
  statusBarItems: [],
  output: [],
  diagnostics: new Map(),
  messages: [],
};

class Disposable {
  constructor(fn) {
    this._fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i && i.dispose && i.dispose()));
  }
  dispose() {
    if (this._fn) this._fn();
    this._fn = undefined;
  }
}

class EventEmitter {
  constructor() {
    this._emitter = new NodeEmitter();
    this.event = (listener, thisArg, disposables) => {
      const bound = thisArg ? listener.bind(thisArg) : listener;
      this._emitter.on("e", bound);
      const d = new Disposable(() => this._emitter.off("e", bound));
      if (Array.isArray(disposables)) disposables.push(d);
      return d;
    };
  }
  fire(value) {
    this._emitter.emit("e", value);
  }
  dispose() {
    this._emitter.removeAllListeners();
  }
}

function noEvent() {
  return () => new Disposable();
}

class Uri {
  constructor(scheme, fsPath, authority = "") {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
    this.authority = authority;
    this.query = "";
    this.fragment = "";
  }
  static file(p) {
    return new Uri("file", path.resolve(p));
  }
  static parse(value) {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ""), decodeURIComponent(u.pathname), u.host);
  }
  toString() {
    return this.scheme === "file" ? "file://" + encodeURI(this.fsPath) : `${this.scheme}://${this.authority}${this.path}`;
  }
  toJSON() {
    return this.toString();
  }
  with() {
    return this;
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  constructor(a, b, c, d) {
    if (typeof a === "number") {
      this.start = new Position(a, b);
      this.end = new Position(c, d);
    } else {
      this.start = a;
      this.end = b;
    }
  }
}

class Diagnostic {
  constructor(range, message, severity) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}

class CancellationTokenSource {
  constructor() {
    const emitter = new EventEmitter();
    this.token = { isCancellationRequested: false, onCancellationRequested: emitter.event };
    this._emitter = emitter;
  }
  cancel() {
    this.token.isCancellationRequested = true;
    this._emitter.fire();
  }
  dispose() {}
}

class CancellationError extends Error {}
class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other) {
    return this.value === other.value || this.value === "" || other.value.startsWith(this.value + ".");
  }
  intersects(other) {
    return this.contains(other) || other.contains(this);
  }
}
for (const [name, value] of Object.entries({
  Empty: "",
  QuickFix: "quickfix",
  Refactor: "refactor",
  RefactorExtract: "refactor.extract",
  RefactorInline: "refactor.inline",
  RefactorRewrite: "refactor.rewrite",
  Source: "source",
  SourceOrganizeImports: "source.organizeImports",
  SourceFixAll: "source.fixAll",
})) {
  CodeActionKind[name] = new CodeActionKind(value);
}

class TabInputText {
  constructor(uri) {
    this.uri = uri;
  }
}
class TabInputTextDiff {
  constructor(original, modified) {
    this.original = original;
    this.modified = modified;
  }
}
class TabInputCustom extends TabInputText {}
class TabInputNotebook extends TabInputText {}
class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}

// Anything not modelled: a class that can be extended or constructed, callable, returning disposables.
function generic(name) {
  const fn = function (...args) {
    if (new.target) return this;
    return new Disposable();
  };
  Object.defineProperty(fn, "name", { value: name });
  return fn;
}

function namespace(name, members) {
  return new Proxy(members, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (typeof prop !== "string" || prop === "then") return undefined;
      if (prop.startsWith("onDid") || prop.startsWith("onWill")) return noEvent();
      return generic(`${name}.${prop}`);
    },
  });
}

// The user's settings, as a nested object ({ syncdsl: { severity: {...} } }); set by the driver.
const settings = {};

// A stand-in for ms-python.python's exported API, when the driver sets an interpreter for it.
const pythonExtension = { current: undefined };
function usePythonExtension(interpreter) {
  const changed = new EventEmitter();
  pythonExtension.current = {
    id: "ms-python.python",
    isActive: true,
    exports: {
      environments: {
        getActiveEnvironmentPath: () => ({ id: interpreter, path: interpreter }),
        resolveEnvironment: async () => ({ executable: { uri: Uri.file(interpreter) }, version: { major: 3, minor: 11 } }),
        onDidChangeActiveEnvironmentPath: changed.event,
      },
    },
  };
}

function lookup(dotted) {
  let node = settings;
  for (const part of dotted.split(".").filter(Boolean)) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

function getConfiguration(section) {
  const prefix = section ? `${section}.` : "";
  return {
    get: (key, fallback) => {
      const value = lookup(prefix + key);
      return value === undefined ? fallback : value;
    },
    has: (key) => lookup(prefix + key) !== undefined,
    inspect: () => undefined,
    update: async () => undefined,
  };
}

const documents = [];
const openEmitter = new EventEmitter();

function outputChannel(name) {
  return {
    name,
    append: (text) => recorded.output.push(text),
    appendLine: (text) => recorded.output.push(text + "\n"),
    replace: () => undefined,
    clear: () => undefined,
    show: () => recorded.messages.push(`show output ${name}`),
    hide: () => undefined,
    dispose: () => undefined,
  };
}

const vscode = {
  version: "1.82.0",
  Disposable,
  EventEmitter,
  Uri,
  Position,
  Range,
  Diagnostic,
  CancellationTokenSource,
  CancellationError,
  ThemeColor,
  CodeActionKind,
  TabInputText,
  TabInputTextDiff,
  TabInputCustom,
  TabInputNotebook,
  StatusBarAlignment: { Left: 1, Right: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  NotebookCellKind: { Markup: 1, Code: 2 },
  env: { appName: "fake-vscode", language: "en", machineId: "smoke", openExternal: async () => true },
  commands: namespace("commands", {
    registerCommand(id, fn) {
      recorded.commands.set(id, fn);
      return new Disposable(() => recorded.commands.delete(id));
    },
    executeCommand: async () => undefined,
  }),
  window: namespace("window", {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: { all: [{ tabs: [] }], onDidChangeTabs: noEvent(), onDidChangeTabGroups: noEvent() },
    createOutputChannel: outputChannel,
    createStatusBarItem(id) {
      const item = { id, text: "", tooltip: "", visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
      recorded.statusBarItems.push(item);
      return item;
    },
    showErrorMessage: async (message) => {
      recorded.messages.push(`error: ${message}`);
      return undefined;
    },
    showWarningMessage: async (message) => {
      recorded.messages.push(`warning: ${message}`);
      return undefined;
    },
    showInformationMessage: async (message) => {
      recorded.messages.push(`info: ${message}`);
      return undefined;
    },
    withProgress: async (_options, task) => task({ report: () => undefined }, new CancellationTokenSource().token),
  }),
  workspace: namespace("workspace", {
    workspaceFolders: undefined,
    textDocuments: documents,
    notebookDocuments: [],
    getConfiguration,
    createFileSystemWatcher: () => ({ onDidCreate: noEvent(), onDidChange: noEvent(), onDidDelete: noEvent(), dispose() {} }),
    onDidOpenTextDocument: openEmitter.event,
    applyEdit: async () => true,
  }),
  // The Python extension is absent unless the driver provides a stand-in (`pythonExtension` below).
  extensions: namespace("extensions", {
    all: [],
    getExtension: (id) => (id === "ms-python.python" ? pythonExtension.current : undefined),
  }),
  languages: namespace("languages", {
    match(selector, document) {
      const selectors = Array.isArray(selector) ? selector : [selector];
      return selectors.some((s) => (typeof s === "string" ? s === document.languageId : s.language === document.languageId && (!s.scheme || s.scheme === document.uri.scheme))) ? 10 : 0;
    },
    createDiagnosticCollection(name) {
      return {
        name,
        set(uri, diagnostics) {
          recorded.diagnostics.set(String(uri), diagnostics);
        },
        delete(uri) {
          recorded.diagnostics.delete(String(uri));
        },
        clear() {
          recorded.diagnostics.clear();
        },
        forEach() {},
        get(uri) {
          return recorded.diagnostics.get(String(uri));
        },
        has(uri) {
          return recorded.diagnostics.has(String(uri));
        },
        dispose() {},
      };
    },
  }),
};

/** Open a document the way VS Code does: add it to textDocuments and fire onDidOpenTextDocument. */
function openDocument(fsPath, languageId, text) {
  const lines = text.split("\n");
  const document = {
    uri: Uri.file(fsPath),
    fileName: fsPath,
    languageId,
    version: 1,
    isClosed: false,
    isUntitled: false,
    lineCount: lines.length,
    getText: () => text,
  };
  documents.push(document);
  vscode.window.tabGroups.all[0].tabs.push({ input: new TabInputText(document.uri) });
  openEmitter.fire(document);
  return document;
}

module.exports = namespace("vscode", vscode);
module.exports.__smoke = { recorded, openDocument, settings, usePythonExtension };
