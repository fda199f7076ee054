/**
 * One Y.Doc connected to a room of a BenchServer, whatever its kind, so that
 * benchmarks treat the servers alike: a stock y-websocket WebsocketProvider
 * for Seed and the reference server (test-support/node-client.ts), a
 * HocuspocusProvider for Hocuspocus, which prefixes every message with the
 * document name and so speaks a framing the stock provider does not.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket, type onCloseParameters } from '@hocuspocus/provider'
import { WebSocket } from 'ws'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { connectClient } from '../test-support/node-client.ts'
import type { BenchServer } from './servers.ts'

export interface BenchClient {
  doc: Y.Doc
  /** The provider's awareness: a local state set here reaches the others in the room. */
  awareness: Awareness
  /** Resolves once the first sync with the server completed. */
  synced(): Promise<void>
  /** Close code of every connection the client lost before destroy(), 1006 when the provider gives none (the connection ended without a close frame). */
  readonly closeCodes: readonly number[]
  /** Disconnects and frees the doc; the server sees the socket close. */
  destroy(): void
}

export function connectBenchClient(server: Pick<BenchServer, 'kind' | 'providerUrl'>, roomId: string): BenchClient {
  const closeCodes: number[] = []
  let destroyed = false
  const recordClose = (code: number | undefined) => {
    if (!destroyed) closeCodes.push(code ?? 1006)
  }
  if (server.kind !== 'hocuspocus') {
    const { doc, provider, synced, destroy } = connectClient(server.providerUrl, roomId)
    provider.on('connection-close', (event) => recordClose(event?.code))
    return {
      doc,
      awareness: provider.awareness,
      synced,
      closeCodes,
      destroy: () => {
        destroyed = true
        destroy()
      },
    }
  }
  const doc = new Y.Doc()
  // Our own socket so that Node's `ws` can be passed in; a provider given a socket does not attach by itself.
  const socket = new HocuspocusProviderWebsocket({ url: server.providerUrl, WebSocketPolyfill: WebSocket })
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: roomId, document: doc })
  provider.on('close', ({ event }: onCloseParameters) => recordClose(event.code))
  provider.attach()
  // The provider is given a document, so it makes its awareness (null only when told to go without).
  const awareness = provider.awareness!
  return {
    doc,
    awareness,
    closeCodes,
    synced: () =>
      new Promise((resolve) => {
        if (provider.synced) resolve()
        else provider.on('synced', () => resolve())
      }),
    destroy: () => {
      destroyed = true
      provider.destroy()
      socket.destroy()
      doc.destroy()
    },
  }
}
