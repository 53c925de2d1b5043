/**
 * How the extension finds the language server to start.
 *
 * Kept free of the `vscode` module so it can be unit-tested with node's test
 * runner, without downloading VS Code. The order mirrors what Python users
 * expect from other linters: an explicit setting wins, then the project's own
 * virtual environment (so the server version matches the project's pinned
 * syncdsl), then an activated environment, then whatever is on PATH.
 */

import * as path from "node:path";

/** The python `-c` program that runs `syncdsl lsp` without relying on a console script. */
export const PYTHON_LSP_PROGRAM = "import sys; from syncdsl.cli import main; sys.exit(main(['lsp']))";

export type ServerSource = "syncdsl.server.path" | "syncdsl.interpreter" | "workspace virtual environment" | "VIRTUAL_ENV" | "PATH";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, shown in the log and the status bar tooltip. */
  source: ServerSource;
}

export interface ResolveOptions {
  /** `syncdsl.server.path` (may be empty). */
  serverPath: string;
  /** `syncdsl.interpreter` (may be empty). */
  interpreter: string;
  /** File-system paths of the open workspace folders, first one first. */
  workspaceFolders: readonly string[];
  platform: NodeJS.Platform;
  /** The environment: `HOME`/`USERPROFILE` for `~`, `VIRTUAL_ENV`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether a file exists (injected so tests need no real files). */
  isFile(filePath: string): boolean;
}

/** Virtual-environment folder names looked for in each workspace folder, in order. */
export const VENV_NAMES: readonly string[] = [".venv", "venv"];

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** Expand `${workspaceFolder}`, `${env:NAME}` and a leading `~`; make a relative path absolute. */
export function expandPath(value: string, options: Pick<ResolveOptions, "workspaceFolders" | "platform" | "env">): string {
  const p = pathApi(options.platform);
  const folder = options.workspaceFolders[0];
  let out = value.trim();
  out = out.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => options.env[name] ?? "");
  if (folder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
  }
  const home = options.env.HOME ?? options.env.USERPROFILE;
  if (home !== undefined && (out === "~" || out.startsWith("~/") || out.startsWith("~\\"))) {
    out = p.join(home, out.slice(1));
  }
  // A bare name ("syncdsl", "python3") is looked up on PATH by the OS; only paths with a separator are anchored.
  const hasSeparator = out.includes("/") || (options.platform === "win32" && out.includes("\\"));
  if (hasSeparator && !p.isAbsolute(out) && folder !== undefined) {
    out = p.resolve(folder, out);
  }
  return out;
}

/** The `syncdsl` executable inside a virtual environment folder. */
export function venvExecutable(venv: string, platform: NodeJS.Platform): string {
  const p = pathApi(platform);
  return platform === "win32" ? p.join(venv, "Scripts", "syncdsl.exe") : p.join(venv, "bin", "syncdsl");
}

/** Every place a workspace virtual environment's `syncdsl` may be, in the order they are tried. */
export function venvCandidates(options: Pick<ResolveOptions, "workspaceFolders" | "platform">): string[] {
  const p = pathApi(options.platform);
  const out: string[] = [];
  for (const folder of options.workspaceFolders) {
    for (const name of VENV_NAMES) {
      out.push(venvExecutable(p.join(folder, name), options.platform));
    }
  }
  return out;
}

/** Decide which command starts the server. Never throws: the last resort is `syncdsl` on PATH. */
export function resolveServerCommand(options: ResolveOptions): ServerCommand {
  if (options.serverPath.trim() !== "") {
    return { command: expandPath(options.serverPath, options), args: ["lsp"], source: "syncdsl.server.path" };
  }
  if (options.interpreter.trim() !== "") {
    return {
      command: expandPath(options.interpreter, options),
      args: ["-c", PYTHON_LSP_PROGRAM],
      source: "syncdsl.interpreter",
    };
  }
  for (const candidate of venvCandidates(options)) {
    if (options.isFile(candidate)) {
      return { command: candidate, args: ["lsp"], source: "workspace virtual environment" };
    }
  }
  const active = options.env.VIRTUAL_ENV;
  if (active !== undefined && active !== "") {
    const candidate = venvExecutable(active, options.platform);
    if (options.isFile(candidate)) {
      return { command: candidate, args: ["lsp"], source: "VIRTUAL_ENV" };
    }
  }
  return { command: options.platform === "win32" ? "syncdsl.exe" : "syncdsl", args: ["lsp"], source: "PATH" };
}

/** One line for the log and the status bar tooltip. */
export function describe(command: ServerCommand): string {
  const quoted = [command.command, ...command.args].map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part));
  return `${quoted.join(" ")} (from ${command.source})`;
}
