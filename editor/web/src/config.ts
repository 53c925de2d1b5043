// Where the language server listens. `syncdsl playground` serves a generated `config.json`
// next to the page; a `?ws=ws://HOST:PORT` query overrides it (for a server started by hand
// with `syncdsl lsp --ws HOST:PORT`, or a page served by something else).

export interface PlaygroundConfig {
  ws: string | null
  version: string | null
}

export async function loadConfig(): Promise<PlaygroundConfig> {
  const query = new URLSearchParams(location.search).get("ws")
  let served: Partial<PlaygroundConfig> = {}
  try {
    const response = await fetch("config.json", {cache: "no-store"})
    if (response.ok) served = (await response.json()) as Partial<PlaygroundConfig>
  } catch {
    // Static hosting without the generated endpoint: only the query string can help.
  }
  return {
    ws: query || (typeof served.ws == "string" ? served.ws : null),
    version: typeof served.version == "string" ? served.version : null,
  }
}
