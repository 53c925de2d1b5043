/**
 * The syncdsl VS Code extension: a thin client that starts the syncdsl language server.
 *
 * Everything about the language (diagnostics, fixes, completion, hover,
 * formatting) lives in the server; this file only chooses how to start it
 * (see serverCommand.ts), starts it, hands it the user's settings, and shows
 * its state. The server process is spawned here rather than by
 * vscode-languageclient so that its stderr can explain a failed start and a
 * normal exit is logged as such, not as an error.
 */

import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  CloseAction,
  type CloseHandlerResult,
  DidChangeConfigurationNotification,
  ErrorAction,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { onPythonInterpreterChanged, pythonExtensionInterpreter } from "./python";
import {
  describe,
  resolveServerCommand,
  type ServerCommand,
  spawnFailureReason,
  startFailureReason,
} from "./serverCommand";
import { RESTART_SETTINGS, serverSettings } from "./settings";

const LANGUAGE_ID = "syncdsl";
const SECTION = "syncdsl";
/** A server that crashes this many times within CRASH_WINDOW_MS is not restarted again. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60 * 1000;

/** One server process and what it left behind. */
interface Run {
  child?: childProcess.ChildProcess;
  /** The tail of the process's stderr: the reason shown when it could not start. */
  stderr: string;
  spawnError?: string;
  /** Set before a deliberate stop, so the exit is not reported as a crash. */
  stopping: boolean;
  exited?: Promise<void>;
  crashes: number[];
}

let extensionPath = "";
let client: LanguageClient | undefined;
let run: Run | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let command: ServerCommand | undefined;
// Serialises start/stop/restart so a quick double restart cannot leave two servers running.
let queue: Promise<void> = Promise.resolve();
// One error message per start attempt, however many parts of the client notice the failure.
let attempt = 0;
let reportedAttempt = -1;

/**
 * vscode-languageclient pops up a notification of its own for some failures ("couldn't create connection
 * to server", "restarting server failed"), on top of the message this extension shows. Keep those in the
 * log and report the failure once, with the reason, through `reportFailure`.
 */
class SyncdslLanguageClient extends LanguageClient {
  public constructor(...args: ConstructorParameters<typeof LanguageClient>) {
    super(...args);
    // When the server exits during `initialize`, vscode-languageclient 9 rejects its internal start promise
    // after it stopped tracking it (`start()` then returns undefined), so nothing can handle that rejection.
    // The failure itself is reported through `error` below; mark that promise as handled.
    const internals = this as unknown as { createOnStartPromise?: () => [Promise<void>, unknown, unknown] };
    const create = internals.createOnStartPromise;
    if (typeof create === "function") {
      internals.createOnStartPromise = () => {
        const made = create.call(this);
        made[0].catch(() => undefined);
        return made;
      };
    }
  }

  public override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, false);
    if (showNotification === "force" && run?.stopping !== true) {
      reportFailure(failureReason(message));
    }
  }

  /** The client also stops itself after a failed start, without awaiting: never let that reject. */
  public override stop(timeout?: number): Promise<void> {
    return super.stop(timeout).catch((error: unknown) => {
      output.appendLine(`[syncdsl] stopping the client: ${String(error)}`);
    });
  }
}

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}

async function findServer(): Promise<ServerCommand> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const serverPath = config.get<string>("server.path", "");
  const interpreter = config.get<string>("interpreter", "");
  // Ask the Python extension only when its answer can matter.
  const fromExtension =
    serverPath.trim() === "" && interpreter.trim() === ""
      ? await pythonExtensionInterpreter(folders[0]?.uri, (line) => {
          output.appendLine(line);
        })
      : undefined;
  return resolveServerCommand({
    serverPath,
    interpreter,
    importStrategy: config.get<string>("importStrategy", "useBundled"),
    pythonExtensionInterpreter: fromExtension,
    extensionPath,
    workspaceFolders: folders.map((folder) => folder.uri.fsPath),
    platform: process.platform,
    env: process.env,
    isFile,
  });
}

function showStatus(state: "starting" | "running" | "stopped" | "failed", detail?: string): void {
  const icons = { starting: "$(sync~spin)", running: "$(check)", stopped: "$(circle-slash)", failed: "$(error)" };
  status.text = `${icons[state]} syncdsl`;
  const where = command === undefined ? "" : `\n${describe(command)}`;
  status.tooltip = `syncdsl language server: ${state}${detail === undefined ? "" : ` (${detail})`}${where}\nClick to show the server log.`;
  status.backgroundColor = state === "failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
}

function updateVisibility(): void {
  const editor = vscode.window.activeTextEditor;
  if (editor !== undefined && editor.document.languageId === LANGUAGE_ID) {
    status.show();
  } else {
    status.hide();
  }
}

function failureReason(fallback: string): string {
  if (run?.spawnError !== undefined) {
    return run.spawnError;
  }
  return startFailureReason(run?.stderr ?? "", fallback);
}

/** Show the one error message of this start attempt (later calls for the same attempt only log). */
function reportFailure(reason: string): void {
  output.appendLine(`[syncdsl] the server is not running: ${reason}`);
  showStatus("failed", reason);
  if (reportedAttempt === attempt) {
    return;
  }
  reportedAttempt = attempt;
  const where = command === undefined ? "" : ` (${describe(command)})`;
  void vscode.window
    .showErrorMessage(`syncdsl: the language server could not start${where}: ${reason}`, "Show server log", "Open settings")
    .then(async (choice) => {
      if (choice === "Show server log") {
        output.show(true);
      } else if (choice === "Open settings") {
        await vscode.commands.executeCommand("workbench.action.openSettings", "@ext:syncdsl.syncdsl");
      }
    });
}

/** The launcher's first line once syncdsl is imported (see bundled/tool/lsp_launcher.py). */
const READY_LINE = /^syncdsl \S+ (bundled|from the environment) /m;
/** How long to wait for that line before talking to the server anyway (a very slow first import). */
const READY_TIMEOUT_MS = 30000;

/**
 * Start the process for `serverCommand`. The promise resolves once the server runs: for the bundled
 * launcher, when it reported that syncdsl is imported; for an explicit `syncdsl.server.path`, when the
 * process started. It rejects, with the reason to show, when the command cannot be run or the process
 * exits first, so that a failed start is found here rather than halfway through `initialize`.
 */
function spawnServer(serverCommand: ServerCommand, state: Run): Promise<childProcess.ChildProcess> {
  return new Promise((resolve, reject) => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const waitForReady = serverCommand.importStrategy !== undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (error?: Error): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error === undefined) {
        resolve(child);
      } else {
        reject(error);
      }
    };
    state.stderr = "";
    state.spawnError = undefined;
    const child = childProcess.spawn(serverCommand.command, serverCommand.args, {
      cwd: folder,
      env: { ...process.env, ...serverCommand.env },
      stdio: "pipe",
      windowsHide: true,
    });
    state.child = child;
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      state.stderr = (state.stderr + text).slice(-16000);
      if (!settled) {
        // Until the client has the process, the log is ours to write (it copies stderr from then on).
        output.append(text);
      }
      if (READY_LINE.test(state.stderr)) {
        settle();
      }
    });
    state.exited = new Promise((done) => {
      child.once("close", (code, signal) => {
        const how = code === null ? `signal ${signal ?? "?"}` : `exit code ${code}`;
        output.appendLine(state.stopping ? `[syncdsl] the server stopped (${how})` : `[syncdsl] the server exited (${how})`);
        settle(new Error(startFailureReason(state.stderr, `the server exited (${how}) before it started`)));
        done();
      });
    });
    child.once("spawn", () => {
      if (waitForReady) {
        timer = setTimeout(settle, READY_TIMEOUT_MS);
      } else {
        settle();
      }
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      state.spawnError = spawnFailureReason(serverCommand, error.code, error.message);
      settle(new Error(state.spawnError));
    });
  });
}

function clientOptions(state: Run, getClient: () => LanguageClient | undefined): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: "file", language: LANGUAGE_ID },
      { scheme: "untitled", language: LANGUAGE_ID },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // Settings are pulled by the server (`workspace/configuration`); see `settingsChanged` for the push.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{pyproject.toml,.syncdsl.toml}"),
    },
    // A failed initialize is reported by `start` (once); the client must not show its own message.
    initializationFailedHandler: () => false,
    errorHandler: {
      error: (_error, _message, count): ErrorHandlerResult => ({
        action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        handled: true,
      }),
      closed: (): CloseHandlerResult => {
        if (state.stopping || getClient()?.state !== State.Running) {
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        const now = Date.now();
        state.crashes = [...state.crashes.filter((time) => now - time < CRASH_WINDOW_MS), now];
        if (state.crashes.length >= MAX_CRASHES) {
          attempt += 1;
          reportFailure(`it stopped ${MAX_CRASHES} times in 3 minutes and is not restarted: ${failureReason("see the server log")}`);
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        output.appendLine("[syncdsl] the server stopped unexpectedly; restarting it");
        return { action: CloseAction.Restart, handled: true };
      },
    },
    middleware: {
      workspace: {
        // The server asks for the `syncdsl` section; send only the keys it reads, cleaned.
        configuration: async (params, token, next) => {
          const answers: unknown = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers as never;
          }
          return answers.map((answer: unknown, i: number) =>
            params.items[i]?.section === SECTION ? serverSettings(answer) : answer,
          );
        },
      },
    },
  };
}

async function start(): Promise<void> {
  attempt += 1;
  showStatus("starting");
  command = await findServer();
  output.appendLine(`[syncdsl] starting ${describe(command)}`);
  const serverCommand = command;
  const state: Run = { stderr: "", stopping: false, crashes: [] };
  const serverOptions: ServerOptions = () => spawnServer(serverCommand, state);
  const next: LanguageClient = new SyncdslLanguageClient(
    SECTION,
    "syncdsl",
    serverOptions,
    clientOptions(state, (): LanguageClient => next),
  );
  next.onDidChangeState((event) => {
    if (reportedAttempt === attempt && event.newState !== State.Running) {
      return; // keep showing the failure
    }
    if (event.newState === State.Starting) {
      showStatus("starting");
    } else if (event.newState === State.Running) {
      showStatus("running");
    } else {
      showStatus("stopped");
    }
  });
  client = next;
  run = state;
  let failure: string | undefined;
  try {
    await next.start();
    if (next.state !== State.Running) {
      failure = "the server stopped while starting";
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  if (failure !== undefined) {
    // Let the process finish writing (and exit) so its last words are the reason shown.
    await Promise.race([state.exited, new Promise((done) => setTimeout(done, 3000))]);
    reportFailure(failureReason(failure));
  }
}

function isAlive(child: childProcess.ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stop(): Promise<void> {
  const running = client;
  const state = run;
  client = undefined;
  if (running === undefined) {
    return;
  }
  if (state !== undefined) {
    state.stopping = true;
  }
  try {
    if (running.needsStop()) {
      await running.stop(4000);
    }
  } catch (error) {
    output.appendLine(`[syncdsl] error while stopping the server: ${String(error)}`);
  }
  await running.dispose().catch(() => undefined);
  const child = state?.child;
  if (child !== undefined && isAlive(child)) {
    // It did not exit after `shutdown` and `exit`: give it a moment, then end it.
    await Promise.race([state?.exited, new Promise((done) => setTimeout(done, 2000))]);
    if (isAlive(child)) {
      child.kill();
    }
  }
  if (reportedAttempt !== attempt) {
    showStatus("stopped");
  }
}

/** Tell the server the settings changed; it pulls the new ones with `workspace/configuration`. */
function settingsChanged(): void {
  if (client?.isRunning() === true) {
    void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }
}

function enqueue(work: () => Promise<void>): Promise<void> {
  queue = queue.then(work, work);
  return queue;
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel("syncdsl");
  status = vscode.window.createStatusBarItem("syncdsl.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "syncdsl";
  status.command = "syncdsl.showServerLog";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("syncdsl.restartServer", restart),
    vscode.commands.registerCommand("syncdsl.showServerLog", () => {
      output.show(true);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateVisibility),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
        void restart();
      } else if (event.affectsConfiguration(SECTION)) {
        settingsChanged();
      }
    }),
  );
  const interpreterChanged = await onPythonInterpreterChanged(() => {
    if (command?.source === "Python extension" || command?.source === "PATH") {
      output.appendLine("[syncdsl] the Python extension's interpreter changed; restarting the server");
      void restart();
    }
  });
  if (interpreterChanged !== undefined) {
    context.subscriptions.push(interpreterChanged);
  }
  updateVisibility();
  await enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}
