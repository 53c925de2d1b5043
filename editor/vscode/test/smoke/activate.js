// Smoke test driver: load the packaged extension against the fake `vscode` module, activate it in a
// workspace, open a document and report (as JSON on stdout) what the extension did.
//   node test/smoke/activate.js EXTENSION_DIR WORKSPACE FILE OPTIONS_JSON
// EXTENSION_DIR is an unpacked .vsix's `extension/` folder (dist/extension.js, bundled/...).
// OPTIONS_JSON: { "settings": {...}, "pythonExtension": "/path/to/python" (optional),
//                 "expectFailure": true (optional: the server must not start; no document is opened) }
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
const { recorded, openDocument, settings, usePythonExtension } = vscode.__smoke;

function until(what, predicate, ms = 60000) {
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

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

async function main() {
  const [extensionDir, workspace, file, optionsJson] = process.argv.slice(2);
  const options = JSON.parse(optionsJson || "{}");
  Object.assign(settings, options.settings || {});
  if (options.pythonExtension) {
    usePythonExtension(options.pythonExtension);
  }
  vscode.workspace.workspaceFolders = [{ uri: vscode.Uri.file(workspace), name: path.basename(workspace), index: 0 }];
  const extension = require(path.resolve(extensionDir, "dist", "extension.js"));
  const context = { subscriptions: [], extensionPath: path.resolve(extensionDir), globalState: {}, workspaceState: {} };
  await extension.activate(context);
  const status = recorded.statusBarItems[0];

  if (options.expectFailure) {
    await until("the failure to show", () => status.text === "$(error) syncdsl");
    await sleep(1500); // any second message would arrive now
    await extension.deactivate();
    return JSON.stringify({ status: status.text, tooltip: status.tooltip, messages: recorded.messages, output: recorded.output.join("") });
  }

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
  await sleep(200); // the last exit is logged when the process's streams close
  const output = recorded.output.join("");
  const result = {
    commands: [...recorded.commands.keys()].sort(),
    running,
    started: output.split("\n").filter((line) => line.startsWith("[syncdsl] starting ")),
    server: output.split("\n").filter((line) => line.startsWith("syncdsl ")),
    diagnostics,
    messages: recorded.messages,
    afterDeactivate: status.text,
    output,
  };
  return JSON.stringify(result);
}

main().then(
  // Exit only once the (possibly large) report has been written to the pipe.
  (report) => process.stdout.write(report, () => process.exit(0)),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
    process.exit(1);
  },
);
