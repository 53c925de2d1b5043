import assert from "node:assert/strict";
import { describe as suite, test } from "node:test";

import {
  choosePython,
  describe,
  expandPath,
  importStrategy,
  launcherPath,
  resolveServerCommand,
  type ResolveOptions,
  spawnFailureReason,
  startFailureReason,
  venvCandidates,
} from "../src/serverCommand";

const EXT = "/home/ann/.vscode/extensions/syncdsl.syncdsl-0.1.0";
const LAUNCHER = `${EXT}/bundled/tool/lsp_launcher.py`;

function options(overrides: Partial<ResolveOptions> & { files?: string[] } = {}): ResolveOptions {
  const files = new Set(overrides.files ?? []);
  return {
    serverPath: "",
    interpreter: "",
    importStrategy: "useBundled",
    pythonExtensionInterpreter: undefined,
    extensionPath: EXT,
    workspaceFolders: ["/home/ann/project"],
    platform: "linux",
    env: { HOME: "/home/ann" },
    isFile: (p) => files.has(p),
    ...overrides,
  };
}

suite("resolveServerCommand", () => {
  test("with nothing set, the bundled server runs on python3 from PATH", () => {
    assert.deepEqual(resolveServerCommand(options()), {
      command: "python3",
      args: [LAUNCHER],
      env: { SYNCDSL_IMPORT_STRATEGY: "useBundled" },
      source: "PATH",
      importStrategy: "useBundled",
    });
  });

  test("on Windows the PATH fallback is python and the launcher path uses backslashes", () => {
    const got = resolveServerCommand(options({ platform: "win32", extensionPath: "C:\\ext", workspaceFolders: [] }));
    assert.equal(got.command, "python");
    assert.deepEqual(got.args, ["C:\\ext\\bundled\\tool\\lsp_launcher.py"]);
  });

  test("an explicit server path wins over everything and bypasses the bundle", () => {
    const got = resolveServerCommand(
      options({
        serverPath: "/opt/syncdsl/bin/syncdsl",
        interpreter: "/usr/bin/python3",
        pythonExtensionInterpreter: "/x/python",
        importStrategy: "fromEnvironment",
      }),
    );
    assert.deepEqual(got, { command: "/opt/syncdsl/bin/syncdsl", args: ["lsp"], env: {}, source: "syncdsl.server.path" });
  });

  test("fromEnvironment is handed to the launcher; an unknown strategy means useBundled", () => {
    assert.deepEqual(resolveServerCommand(options({ importStrategy: "fromEnvironment" })).env, {
      SYNCDSL_IMPORT_STRATEGY: "fromEnvironment",
    });
    assert.equal(importStrategy("bundled"), "useBundled");
    assert.equal(importStrategy("fromEnvironment"), "fromEnvironment");
  });
});

suite("choosePython", () => {
  test("the interpreter setting comes first, with ~ expanded", () => {
    const got = choosePython(options({ interpreter: "~/py/bin/python", pythonExtensionInterpreter: "/x/python" }));
    assert.deepEqual(got, { python: "/home/ann/py/bin/python", source: "syncdsl.interpreter" });
  });

  test("then the Python extension's selected interpreter", () => {
    const got = choosePython(
      options({ pythonExtensionInterpreter: "/envs/a/bin/python", files: ["/home/ann/project/.venv/bin/python"] }),
    );
    assert.deepEqual(got, { python: "/envs/a/bin/python", source: "Python extension" });
  });

  test("then the workspace .venv, before venv", () => {
    const got = choosePython(options({ files: ["/home/ann/project/venv/bin/python", "/home/ann/project/.venv/bin/python"] }));
    assert.deepEqual(got, { python: "/home/ann/project/.venv/bin/python", source: "workspace virtual environment" });
    assert.equal(choosePython(options({ files: ["/home/ann/project/venv/bin/python"] })).python, "/home/ann/project/venv/bin/python");
  });

  test("every workspace folder is searched in order", () => {
    const got = choosePython(options({ workspaceFolders: ["/w/a", "/w/b"], files: ["/w/b/.venv/bin/python"] }));
    assert.equal(got.python, "/w/b/.venv/bin/python");
  });

  test("then an activated VIRTUAL_ENV", () => {
    const got = choosePython(options({ env: { VIRTUAL_ENV: "/envs/tools" }, files: ["/envs/tools/bin/python"] }));
    assert.deepEqual(got, { python: "/envs/tools/bin/python", source: "VIRTUAL_ENV" });
  });

  test("Windows virtual environments keep the interpreter in Scripts", () => {
    const got = choosePython(
      options({ platform: "win32", workspaceFolders: ["C:\\work\\proj"], files: ["C:\\work\\proj\\.venv\\Scripts\\python.exe"] }),
    );
    assert.equal(got.python, "C:\\work\\proj\\.venv\\Scripts\\python.exe");
  });

  test("blank settings count as unset", () => {
    assert.equal(choosePython(options({ interpreter: "  ", pythonExtensionInterpreter: " " })).source, "PATH");
    assert.equal(resolveServerCommand(options({ serverPath: "\t" })).source, "PATH");
  });
});

suite("expandPath", () => {
  const base = { workspaceFolders: ["/home/ann/project"], platform: "linux" as const, env: { HOME: "/home/ann", TOOLS: "/opt/t" } };

  test("expands ${workspaceFolder}, ${env:NAME} and ~", () => {
    assert.equal(expandPath("${workspaceFolder}/.venv/bin/syncdsl", base), "/home/ann/project/.venv/bin/syncdsl");
    assert.equal(expandPath("${env:TOOLS}/syncdsl", base), "/opt/t/syncdsl");
    assert.equal(expandPath("~/bin/syncdsl", base), "/home/ann/bin/syncdsl");
  });

  test("anchors a relative path at the first workspace folder but leaves a bare name for PATH", () => {
    assert.equal(expandPath("tools/syncdsl", base), "/home/ann/project/tools/syncdsl");
    assert.equal(expandPath("python3", base), "python3");
  });
});

suite("failure reasons", () => {
  test("the launcher's own syncdsl: line is the reason", () => {
    const stderr = "something\nsyncdsl: the language server needs Python 3.10 or newer, and /usr/bin/python3 is Python 3.8.10\n";
    assert.equal(
      startFailureReason(stderr, "connection closed"),
      "the language server needs Python 3.10 or newer, and /usr/bin/python3 is Python 3.8.10",
    );
  });

  test("else the last line of a traceback, else the client's message", () => {
    const traceback = 'Traceback (most recent call last):\n  File "x", line 1\nModuleNotFoundError: No module named \'pygls\'\n\n';
    assert.equal(startFailureReason(traceback, "closed"), "ModuleNotFoundError: No module named 'pygls'");
    assert.equal(startFailureReason("", "Connection closed"), "Connection closed");
  });

  test("a missing command says what to do", () => {
    const fromPath = resolveServerCommand(options());
    assert.match(spawnFailureReason(fromPath, "ENOENT", "spawn python3 ENOENT"), /^no `python3` on PATH: install Python 3\.10/);
    const explicit = resolveServerCommand(options({ serverPath: "/nope/syncdsl" }));
    assert.equal(spawnFailureReason(explicit, "ENOENT", "x"), "/nope/syncdsl (from syncdsl.server.path) does not exist");
    assert.equal(spawnFailureReason(explicit, "EACCES", "x"), "/nope/syncdsl (from syncdsl.server.path) is not executable");
  });
});

suite("venvCandidates, launcherPath and describe", () => {
  test("lists .venv then venv for each folder", () => {
    assert.deepEqual(venvCandidates({ workspaceFolders: ["/a", "/b"], platform: "linux" }), [
      "/a/.venv/bin/python",
      "/a/venv/bin/python",
      "/b/.venv/bin/python",
      "/b/venv/bin/python",
    ]);
  });

  test("the launcher lives in bundled/tool", () => {
    assert.equal(launcherPath("/ext", "linux"), "/ext/bundled/tool/lsp_launcher.py");
  });

  test("quotes arguments with spaces and names the strategy", () => {
    assert.equal(
      describe({ command: "/My Tools/syncdsl", args: ["lsp"], env: {}, source: "syncdsl.server.path" }),
      '"/My Tools/syncdsl" lsp (from syncdsl.server.path)',
    );
    assert.equal(describe(resolveServerCommand(options())), `python3 ${LAUNCHER} (from PATH, useBundled)`);
  });
});
