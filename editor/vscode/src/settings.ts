/**
 * The part of the `syncdsl` settings the server reads through `workspace/configuration`.
 *
 * VS Code answers for the whole `syncdsl` section, which also holds the
 * extension's own keys (`server.path`, `interpreter`, `importStrategy`, `trace`). The server
 * only needs rule selection and severities, so the extension sends exactly
 * those, cleaned: unknown severities and non-string codes are dropped here
 * rather than rejected by the server one message at a time.
 */

export type Level = "error" | "warning" | "info";

export interface ServerSettings {
  /** `null` leaves the choice to the project's configuration file. */
  select: string[] | null;
  ignore: string[] | null;
  severity: Record<string, Level>;
}

const LEVELS: ReadonlySet<string> = new Set(["error", "warning", "info"]);

function codeList(value: unknown): string[] | null {
  if (value === null || value === undefined) {
    return null;
  }
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is string => typeof item === "string" && item.trim() !== "").map((item) => item.trim().toUpperCase());
}

function severities(value: unknown): Record<string, Level> {
  const out: Record<string, Level> = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return out;
  }
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    const normalised = typeof level === "string" ? level.trim().toLowerCase() : "";
    if (LEVELS.has(normalised) && code.trim() !== "") {
      out[code.trim().toUpperCase()] = normalised as Level;
    }
  }
  return out;
}

/** Pick and clean the server's settings out of the raw `syncdsl` configuration object. */
export function serverSettings(raw: unknown): ServerSettings {
  const section = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  return {
    select: codeList(section.select),
    ignore: codeList(section.ignore),
    severity: severities(section.severity),
  };
}

/** Settings whose change means the server must be started again (a different executable or syncdsl). */
export const RESTART_SETTINGS: readonly string[] = ["syncdsl.server.path", "syncdsl.interpreter", "syncdsl.importStrategy"];
