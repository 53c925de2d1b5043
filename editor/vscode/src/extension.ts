/**
 * The syncdsl VS Code extension: a thin client that starts `syncdsl lsp`.
 *
 * Everything about the language (diagnostics, fixes, completion, hover,
 * formatting) lives in the server; this file only finds and starts it, hands
 * it the user's settings, and shows its state.
 */

import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { describe, resolveServerCommand, type ServerCommand } from "./serverCommand";
import { RESTART_SETTINGS, serverSettings } from "./settings";

const LANGUAGE_ID = "syncdsl";
const SECTION = "syncdsl";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let command: ServerCommand | undefined;
// Serialises start/stop/restart so a quick double restart cannot leave two servers running.
let queue: Promise<void> = Promise.resolve();

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}

function findServer(): ServerCommand {
  const config = vscode.workspace.getConfiguration(SECTION);
  return resolveServerCommand({
    serverPath: config.get<string>("server.path", ""),
    interpreter: config.get<string>("interpreter", ""),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
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

function clientOptions(): LanguageClientOptions {
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
  command = findServer();
  output.appendLine(`[syncdsl] starting ${describe(command)}`);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const serverOptions: ServerOptions = {
    command: command.command,
    args: command.args,
    options: { cwd: folder, env: process.env },
  };
  const next = new LanguageClient(SECTION, "syncdsl", serverOptions, clientOptions());
  next.onDidChangeState((event) => {
    if (event.newState === State.Starting) {
      showStatus("starting");
    } else if (event.newState === State.Running) {
      showStatus("running");
    } else {
      showStatus("stopped");
    }
  });
  client = next;
  showStatus("starting");
  try {
    await next.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.appendLine(`[syncdsl] the server did not start: ${reason}`);
    showStatus("failed", reason);
    const choice = await vscode.window.showErrorMessage(
      `syncdsl: cannot start the language server (${describe(command)}): ${reason}`,
      "Show server log",
      "Open settings",
    );
    if (choice === "Show server log") {
      output.show(true);
    } else if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "syncdsl.server.path");
    }
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    if (running.isRunning()) {
      await running.stop();
    }
  } catch (error) {
    output.appendLine(`[syncdsl] error while stopping the server: ${String(error)}`);
  }
  await running.dispose().catch(() => undefined);
  showStatus("stopped");
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
  updateVisibility();
  await enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}
