/**
 * The interpreter selected in the Python extension (ms-python.python), when it is installed.
 *
 * Only the small, stable part of its public API is used: `environments`
 * (`getActiveEnvironmentPath`, `resolveEnvironment`, and the event fired when
 * the user picks another interpreter). The types below describe just that
 * part, so the extension does not depend on the Python extension's npm package
 * and works the same without it.
 */

import * as vscode from "vscode";

const PYTHON_EXTENSION_ID = "ms-python.python";

interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri: vscode.Uri | undefined };
  readonly version?: { readonly major?: number; readonly minor?: number } | undefined;
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
  readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonExtensionApi {
  readonly environments?: PythonEnvironmentsApi;
}

async function environments(): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  try {
    const api = (extension.isActive ? extension.exports : await extension.activate()) as PythonExtensionApi | undefined;
    return api?.environments;
  } catch {
    return undefined;
  }
}

/** The selected interpreter's executable for `resource`'s folder, or undefined (no Python extension, none selected). */
export async function pythonExtensionInterpreter(resource: vscode.Uri | undefined, log: (line: string) => void): Promise<string | undefined> {
  const api = await environments();
  if (api === undefined) {
    return undefined;
  }
  try {
    const active = api.getActiveEnvironmentPath(resource);
    const resolved = await api.resolveEnvironment(active);
    const executable = resolved?.executable.uri?.fsPath;
    if (executable === undefined || executable === "") {
      log(`[syncdsl] the Python extension's environment ${active.path} has no interpreter; looking elsewhere`);
      return undefined;
    }
    return executable;
  } catch (error) {
    log(`[syncdsl] could not ask the Python extension for its interpreter: ${String(error)}`);
    return undefined;
  }
}

/** Calls `listener` when the user selects another interpreter in the Python extension. */
export async function onPythonInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
  const api = await environments();
  return api?.onDidChangeActiveEnvironmentPath(() => {
    listener();
  });
}
