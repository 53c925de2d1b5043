// Smoke test driver: load the bundled extension against the fake `vscode` module, activate it in a
// workspace, open a document and report (as JSON on stdout) what the extension did.
//   node test/smoke/activate.js BUNDLE WORKSPACE FILE SETTINGS_JSON
"use strict";

const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");

const fake = path.join(__dirname, "vscode.js");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? fake : resolve.call(this, request, ...rest);
};

const vscode = require(fake);
const { recorded, openDocument, settings } = vscode.__smoke;

function until(what, predicate, ms = 20000) {
  return new Promise((done, fail) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        done();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        fail(new Error(`timed out waiting for ${what}; output:\n${recorded.output.join("")}`));
      }
    }, 20);
  });
}

async function main() {
  const [bundle, workspace, file, userSettings] = process.argv.slice(2);
  Object.assign(settings, JSON.parse(userSettings || "{}"));
  vscode.workspace.workspaceFolders = [{ uri: vscode.Uri.file(workspace), name: path.basename(workspace), index: 0 }];
  const extension = require(path.resolve(bundle));
  const context = { subscriptions: [], extensionPath: path.dirname(bundle), globalState: {}, workspaceState: {} };
  await extension.activate(context);
  const status = recorded.statusBarItems[0];
  await until("the server to run", () => status.text === "$(check) syncdsl");
  const running = { id: status.id, text: status.text, command: status.command, tooltip: status.tooltip };

  const document = openDocument(file, "syncdsl", fs.readFileSync(file, "utf8"));
  const key = String(document.uri);
  await until("diagnostics", () => (recorded.diagnostics.get(key) || []).length > 0);
  const diagnostics = recorded.diagnostics.get(key).map((d) => ({
    code: typeof d.code === "object" && d.code !== null ? d.code.value : d.code,
    href: typeof d.code === "object" && d.code !== null ? String(d.code.target) : null,
    severity: d.severity,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  }));

  // Restart through the registered command: the old server stops and a new one runs.
  await recorded.commands.get("syncdsl.restartServer")();
  await until("the restarted server to run", () => status.text === "$(check) syncdsl");
  recorded.commands.get("syncdsl.showServerLog")();

  await extension.deactivate();
  const result = {
    commands: [...recorded.commands.keys()].sort(),
    running,
    started: recorded.output.join("").split("\n").filter((line) => line.startsWith("[syncdsl] starting ")),
    diagnostics,
    messages: recorded.messages,
    afterDeactivate: status.text,
  };
  process.stdout.write(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
    process.exit(1);
  },
);
