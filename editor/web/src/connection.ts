// A WebSocket transport for @codemirror/lsp-client that reconnects.
//
// `syncdsl lsp --ws` gives each connection a server of its own; a dropped socket (the
// playground stopped and started again, a network hiccup) is still normal: the client is
// told, the status shows it, and the socket is reopened with a growing delay.
// On reconnect the client re-initialises and re-opens the document (lsp-client's workspace
// does that in `connect`).
import type {LSPClient, Transport} from "@codemirror/lsp-client"
import {describeError} from "./errors"

export type ConnectionState = "connecting" | "online" | "offline"

const FIRST_RETRY_MS = 200
const MAX_RETRY_MS = 4000
const decoder = new TextDecoder()

export class Connection implements Transport {
  private handlers = new Set<(message: string) => void>()
  private socket: WebSocket | null = null
  private retry = FIRST_RETRY_MS
  state: ConnectionState = "connecting"

  constructor(
    readonly url: string,
    private readonly client: LSPClient,
    private readonly onState: (state: ConnectionState, detail: string) => void,
  ) {}

  start(): void {
    this.open()
  }

  send(message: string): void {
    const socket = this.socket
    if (!socket || socket.readyState != WebSocket.OPEN) throw new Error("not connected to the language server")
    socket.send(message)
  }

  subscribe(handler: (message: string) => void): void {
    this.handlers.add(handler)
  }

  unsubscribe(handler: (message: string) => void): void {
    this.handlers.delete(handler)
  }

  private setState(state: ConnectionState, detail: string): void {
    this.state = state
    this.onState(state, detail)
  }

  private open(): void {
    this.setState("connecting", `connecting to ${this.url}`)
    let socket: WebSocket
    try {
      socket = new WebSocket(this.url)
    } catch (err) {
      this.setState("offline", `bad language server address ${this.url}: ${String(err)}`)
      return
    }
    this.socket = socket
    socket.onopen = () => {
      this.retry = FIRST_RETRY_MS
      this.client.connect(this)
      this.client.initializing.then(
        () => {
          if (this.socket == socket) this.setState("online", `language server at ${this.url}`)
        },
        (err: unknown) => this.setState("offline", `the language server did not initialise: ${describeError(err)}`),
      )
    }
    // pygls sends its JSON-RPC messages as binary frames (UTF-8).
    socket.binaryType = "arraybuffer"
    socket.onmessage = (event: MessageEvent) => {
      const data = typeof event.data == "string" ? event.data : decoder.decode(event.data as ArrayBuffer)
      for (const handler of this.handlers) handler(data)
    }
    socket.onclose = () => {
      if (this.socket != socket) return
      this.socket = null
      this.client.disconnect()
      this.setState("offline", `no language server at ${this.url}; retrying`)
      setTimeout(() => this.open(), this.retry)
      this.retry = Math.min(this.retry * 2, MAX_RETRY_MS)
    }
  }
}
