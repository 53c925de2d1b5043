/**
 * How the extension decides what to run as the language server.
 *
 * Kept free of the `vscode` module so it can be unit-tested with node's test
 * runner, without downloading VS Code.
 *
 * The .vsix carries the server: syncdsl and its dependencies in
 * `bundled/libs`, started by `bundled/tool/lsp_launcher.py` with a Python the
 * user already has. So nothing has to be installed for the extension to work;
 * `syncdsl.importStrategy` only decides whose syncdsl wins when the chosen
 * interpreter's environment has one too (the launcher puts the bundle first
 * for `useBundled`, last for `fromEnvironment`).
 *
 * The interpreter is the first of: the `syncdsl.interpreter` setting, the
 * environment selected in the Python extension, the workspace's `.venv` or
 * `venv`, `$VIRTUAL_ENV`, and `python3` (`python` on Windows) on PATH. An
 * explicit `syncdsl.server.path` bypasses all of this and runs that
 * executable as `syncdsl lsp`.
 */

import * as path from "node:path";

export type ImportStrategy = "useBundled" | "fromEnvironment";
export const IMPORT_STRATEGIES: readonly ImportStrategy[] = ["useBundled", "fromEnvironment"];

export type ServerSource =
  | "syncdsl.server.path"
  | "syncdsl.interpreter"
  | "Python extension"
  | "workspace virtual environment"
  | "VIRTUAL_ENV"
  | "PATH";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Variables added to the server's environment. */
  env: Record<string, string>;
  /** Where the command (or its interpreter) came from, shown in the log and the status bar tooltip. */
  source: ServerSource;
  /** How syncdsl is imported; undefined for an explicit `syncdsl.server.path`. */
  importStrategy?: ImportStrategy;
}

export interface ResolveOptions {
  /** `syncdsl.server.path` (may be empty). */
  serverPath: string;
  /** `syncdsl.interpreter` (may be empty). */
  interpreter: string;
  /** `syncdsl.importStrategy` as written in the settings (anything else means `useBundled`). */
  importStrategy: string;
  /** The interpreter of the Python extension's selected environment, when that extension is installed. */
  pythonExtensionInterpreter: string | undefined;
  /** The folder the extension is installed in (holds `bundled/`). */
  extensionPath: string;
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

/** The environment variable that hands `syncdsl.importStrategy` to the launcher. */
export const STRATEGY_VARIABLE = "SYNCDSL_IMPORT_STRATEGY";

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

/** The Python interpreter inside a virtual environment folder. */
export function venvPython(venv: string, platform: NodeJS.Platform): string {
  const p = pathApi(platform);
  return platform === "win32" ? p.join(venv, "Scripts", "python.exe") : p.join(venv, "bin", "python");
}

/** Every place a workspace virtual environment's interpreter may be, in the order they are tried. */
export function venvCandidates(options: Pick<ResolveOptions, "workspaceFolders" | "platform">): string[] {
  const p = pathApi(options.platform);
  const out: string[] = [];
  for (const folder of options.workspaceFolders) {
    for (const name of VENV_NAMES) {
      out.push(venvPython(p.join(folder, name), options.platform));
    }
  }
  return out;
}

/** The launcher script inside the installed extension. */
export function launcherPath(extensionPath: string, platform: NodeJS.Platform): string {
  return pathApi(platform).join(extensionPath, "bundled", "tool", "lsp_launcher.py");
}

export function importStrategy(value: string): ImportStrategy {
  return (IMPORT_STRATEGIES as readonly string[]).includes(value) ? (value as ImportStrategy) : "useBundled";
}

/** The interpreter to run the launcher with, and where it came from. */
export function choosePython(options: ResolveOptions): { python: string; source: ServerSource } {
  if (options.interpreter.trim() !== "") {
    return { python: expandPath(options.interpreter, options), source: "syncdsl.interpreter" };
  }
  const fromExtension = options.pythonExtensionInterpreter?.trim();
  if (fromExtension !== undefined && fromExtension !== "") {
    return { python: fromExtension, source: "Python extension" };
  }
  for (const candidate of venvCandidates(options)) {
    if (options.isFile(candidate)) {
      return { python: candidate, source: "workspace virtual environment" };
    }
  }
  const active = options.env.VIRTUAL_ENV;
  if (active !== undefined && active !== "") {
    const candidate = venvPython(active, options.platform);
    if (options.isFile(candidate)) {
      return { python: candidate, source: "VIRTUAL_ENV" };
    }
  }
  return { python: options.platform === "win32" ? "python" : "python3", source: "PATH" };
}

/** Decide which command starts the server. Never throws. */
export function resolveServerCommand(options: ResolveOptions): ServerCommand {
  if (options.serverPath.trim() !== "") {
    return { command: expandPath(options.serverPath, options), args: ["lsp"], env: {}, source: "syncdsl.server.path" };
  }
  const strategy = importStrategy(options.importStrategy);
  const { python, source } = choosePython(options);
  return {
    command: python,
    args: [launcherPath(options.extensionPath, options.platform)],
    env: { [STRATEGY_VARIABLE]: strategy },
    source,
    importStrategy: strategy,
  };
}

/** One line for the log and the status bar tooltip. */
export function describe(command: ServerCommand): string {
  const quoted = [command.command, ...command.args].map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part));
  const strategy = command.importStrategy === undefined ? "" : `, ${command.importStrategy}`;
  return `${quoted.join(" ")} (from ${command.source}${strategy})`;
}

/** The exit code `lsp_launcher.py` uses for a problem it explains in one `syncdsl:` line on stderr. */
export const EXIT_CANNOT_START = 3;

/**
 * The reason to show when the server could not start: the launcher's own `syncdsl:` line when it wrote one,
 * else the last non-empty line the process wrote to stderr (a traceback's last line names the error), else
 * what node reported (`spawn python3 ENOENT`).
 */
export function startFailureReason(stderr: string, fallback: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const own = lines.filter((line) => line.startsWith("syncdsl: ")).pop();
  if (own !== undefined) {
    return own.slice("syncdsl: ".length);
  }
  return lines.pop() ?? fallback;
}

/** What to tell the user when the command itself could not be run (not found, not executable). */
export function spawnFailureReason(command: ServerCommand, code: string | undefined, message: string): string {
  if (code === "ENOENT") {
    if (command.source === "PATH") {
      return `no \`${command.command}\` on PATH: install Python 3.10 or newer, select an interpreter in the Python extension, or set syncdsl.interpreter`;
    }
    return `${command.command} (from ${command.source}) does not exist`;
  }
  if (code === "EACCES") {
    return `${command.command} (from ${command.source}) is not executable`;
  }
  return message;
}
