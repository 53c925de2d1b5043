import assert from "node:assert/strict";
import { describe as suite, test } from "node:test";

import {
  describe,
  expandPath,
  PYTHON_LSP_PROGRAM,
  resolveServerCommand,
  type ResolveOptions,
  venvCandidates,
} from "../src/serverCommand";

function options(overrides: Partial<ResolveOptions> & { files?: string[] } = {}): ResolveOptions {
  const files = new Set(overrides.files ?? []);
  return {
    serverPath: "",
    interpreter: "",
    workspaceFolders: ["/home/ann/project"],
    platform: "linux",
    env: { HOME: "/home/ann" },
    isFile: (p) => files.has(p),
    ...overrides,
  };
}

suite("resolveServerCommand", () => {
  test("an explicit server path wins over everything", () => {
    const got = resolveServerCommand(
      options({ serverPath: "/opt/syncdsl/bin/syncdsl", interpreter: "/usr/bin/python3", files: ["/home/ann/project/.venv/bin/syncdsl"] }),
    );
    assert.deepEqual(got, { command: "/opt/syncdsl/bin/syncdsl", args: ["lsp"], source: "syncdsl.server.path" });
  });

  test("the interpreter runs the CLI entry point with -c", () => {
    const got = resolveServerCommand(options({ interpreter: "~/py/bin/python", files: ["/home/ann/project/.venv/bin/syncdsl"] }));
    assert.deepEqual(got, { command: "/home/ann/py/bin/python", args: ["-c", PYTHON_LSP_PROGRAM], source: "syncdsl.interpreter" });
  });

  test("the workspace .venv comes before venv and before PATH", () => {
    const got = resolveServerCommand(
      options({ files: ["/home/ann/project/venv/bin/syncdsl", "/home/ann/project/.venv/bin/syncdsl"] }),
    );
    assert.deepEqual(got, { command: "/home/ann/project/.venv/bin/syncdsl", args: ["lsp"], source: "workspace virtual environment" });
  });

  test("venv is used when .venv has no syncdsl", () => {
    const got = resolveServerCommand(options({ files: ["/home/ann/project/venv/bin/syncdsl"] }));
    assert.equal(got.command, "/home/ann/project/venv/bin/syncdsl");
  });

  test("every workspace folder is searched in order", () => {
    const got = resolveServerCommand(
      options({ workspaceFolders: ["/w/a", "/w/b"], files: ["/w/b/.venv/bin/syncdsl"] }),
    );
    assert.equal(got.command, "/w/b/.venv/bin/syncdsl");
  });

  test("an activated VIRTUAL_ENV is used after the workspace", () => {
    const got = resolveServerCommand(options({ env: { VIRTUAL_ENV: "/envs/tools" }, files: ["/envs/tools/bin/syncdsl"] }));
    assert.deepEqual(got, { command: "/envs/tools/bin/syncdsl", args: ["lsp"], source: "VIRTUAL_ENV" });
  });

  test("PATH is the last resort", () => {
    assert.deepEqual(resolveServerCommand(options()), { command: "syncdsl", args: ["lsp"], source: "PATH" });
    assert.deepEqual(resolveServerCommand(options({ platform: "win32", workspaceFolders: [] })), {
      command: "syncdsl.exe",
      args: ["lsp"],
      source: "PATH",
    });
  });

  test("Windows virtual environments keep the executable in Scripts", () => {
    const got = resolveServerCommand(
      options({ platform: "win32", workspaceFolders: ["C:\\work\\proj"], files: ["C:\\work\\proj\\.venv\\Scripts\\syncdsl.exe"] }),
    );
    assert.equal(got.command, "C:\\work\\proj\\.venv\\Scripts\\syncdsl.exe");
  });

  test("a blank setting counts as unset", () => {
    assert.equal(resolveServerCommand(options({ serverPath: "   ", interpreter: "\t" })).source, "PATH");
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

suite("venvCandidates and describe", () => {
  test("lists .venv then venv for each folder", () => {
    assert.deepEqual(venvCandidates({ workspaceFolders: ["/a", "/b"], platform: "linux" }), [
      "/a/.venv/bin/syncdsl",
      "/a/venv/bin/syncdsl",
      "/b/.venv/bin/syncdsl",
      "/b/venv/bin/syncdsl",
    ]);
  });

  test("quotes arguments with spaces", () => {
    assert.equal(
      describe({ command: "/My Tools/syncdsl", args: ["lsp"], source: "syncdsl.server.path" }),
      '"/My Tools/syncdsl" lsp (from syncdsl.server.path)',
    );
  });
});
