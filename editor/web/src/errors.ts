/** The message of whatever a promise rejected with (an Error, an LSP ResponseError, a string). */
export function describeError(err: unknown): string {
  if (err && typeof err == "object" && "message" in err) return String((err as {message: unknown}).message)
  return String(err)
}
