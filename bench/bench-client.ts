/**
 * One Y.Doc connected to a room of a BenchServer, whatever its kind, so that
 * benchmarks treat the servers alike: a stock y-websocket WebsocketProvider
 * for Seed and the reference server (server/testing/node-client.ts), a
 * HocuspocusProvider for Hocuspocus, which prefixes every message with the
 * document name and so speaks a framing the stock provider does not.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { connectClient } from '../server/testing/node-client.ts'
import type { BenchServer } from './servers.ts'

export interface BenchClient {
  doc: Y.Doc
  /** Resolves once the first sync with the server completed. */
  synced(): Promise<void>
  /** Disconnects and frees the doc; the server sees the socket close. */
  destroy(): void
}

export function connectBenchClient(server: Pick<BenchServer, 'kind' | 'providerUrl'>, roomId: string): BenchClient {
  if (server.kind !== 'hocuspocus') {
    const { doc, synced, destroy } = connectClient(server.providerUrl, roomId)
    return { doc, synced, destroy }
  }
  const doc = new Y.Doc()
  // Our own socket so that Node's `ws` can be passed in; a provider given a socket does not attach by itself.
  const socket = new HocuspocusProviderWebsocket({ url: server.providerUrl, WebSocketPolyfill: WebSocket })
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: roomId, document: doc })
  provider.attach()
  return {
    doc,
    synced: () =>
      new Promise((resolve) => {
        if (provider.synced) resolve()
        else provider.on('synced', () => resolve())
      }),
    destroy: () => {
      provider.destroy()
      socket.destroy()
      doc.destroy()
    },
  }
}
