/**
 * A stock y-websocket client in Node, as any Yjs app would use it, for tests
 * and benchmarks. BroadcastChannel is off so only the server can carry updates.
 * With `transport: 'http'` the same provider runs over the HTTP fallback.
 */
import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { HttpPollingSocket } from '../client/connection/http-polling-socket.ts'

export interface NodeClient {
  doc: Y.Doc
  provider: WebsocketProvider
  text: Y.Text
  /** Resolves once the first sync with the server completed. */
  synced(): Promise<void>
  destroy(): void
}

export interface ConnectOptions {
  connect?: boolean
  /** URL query parameters, e.g. `{ token }` (y-websocket's own `params` option). */
  params?: Record<string, string>
  /** 'http': the same provider over Seed's HTTP fallback (long polling) instead of a WebSocket. */
  transport?: 'websocket' | 'http'
}

export function connectClient(wsUrl: string, roomId: string, options: ConnectOptions = {}): NodeClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, roomId, doc, {
    WebSocketPolyfill: (options.transport === 'http' ? HttpPollingSocket : WebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    params: options.params ?? {},
  })
  return {
    doc,
    provider,
    text: doc.getText('text'),
    synced: () =>
      new Promise((resolve) => {
        if (provider.synced) resolve()
        else provider.once('sync', () => resolve())
      }),
    destroy: () => {
      provider.destroy()
      // provider.destroy() leaves the awareness timer running (DESIGN.md §3).
      provider.awareness.destroy()
      doc.destroy()
    },
  }
}

/** Polls `condition` until it holds; fails with `description` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${description}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
