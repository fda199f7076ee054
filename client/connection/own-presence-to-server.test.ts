import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { MessageType } from '../../shared/protocol.ts'
import { sendOnlyOwnPresenceToServer } from './own-presence-to-server.ts'

/** A connection that opened and records what the tab sends the server. */
class RecordingSocket {
  readonly OPEN = 1
  readyState = 1
  binaryType = 'arraybuffer'
  readonly sent: Uint8Array[] = []
  onopen: (() => void) | null = null
  onmessage: unknown = null
  onclose: unknown = null
  onerror: unknown = null

  send(data: Uint8Array): void {
    this.sent.push(data)
  }

  close(): void {
    this.readyState = 3
  }
}

const providers: WebsocketProvider[] = []

/** A tab of one browser on the room: its provider shares a BroadcastChannel with the other tabs made here. */
function openTab(name: string): { provider: WebsocketProvider; socket: RecordingSocket } {
  const provider = new WebsocketProvider('ws://seed.test/ws', 'room', new Y.Doc(), {
    connect: false,
    WebSocketPolyfill: RecordingSocket as unknown as typeof WebSocket,
  })
  providers.push(provider)
  sendOnlyOwnPresenceToServer(provider)
  provider.awareness.setLocalStateField('user', { name, color: '#1d4ed8' })
  provider.connect()
  const socket = provider.ws as unknown as RecordingSocket
  socket.onopen?.()
  return { provider, socket }
}

/** The client ids whose states reached the server over this socket. */
function idsHeardByServer(socket: RecordingSocket): Set<number> {
  const server = new awarenessProtocol.Awareness(new Y.Doc())
  server.setLocalState(null)
  for (const frame of socket.sent) {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== MessageType.awareness) continue
    awarenessProtocol.applyAwarenessUpdate(server, decoding.readVarUint8Array(decoder), 'tab')
  }
  const ids = new Set(server.getStates().keys())
  server.destroy()
  return ids
}

afterEach(() => {
  for (const provider of providers.splice(0)) {
    provider.destroy()
    provider.awareness.destroy()
  }
})

describe('sendOnlyOwnPresenceToServer', () => {
  it('keeps another tab’s state, heard over BroadcastChannel, off this tab’s connection', () => {
    const first = openTab('Ada Lovelace')
    const second = openTab('Ada Lovelace')
    second.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 })

    // The tabs still know each other…
    expect(first.provider.awareness.getStates().has(second.provider.awareness.clientID)).toBe(true)
    expect(second.provider.awareness.getStates().has(first.provider.awareness.clientID)).toBe(true)
    // …but each connection carries its own tab only.
    expect(idsHeardByServer(first.socket)).toEqual(new Set([first.provider.awareness.clientID]))
    expect(idsHeardByServer(second.socket)).toEqual(new Set([second.provider.awareness.clientID]))
  })

  it('still sends the tab’s own changes, and its leaving', () => {
    const tab = openTab('Grace Hopper')
    const sentBefore = tab.socket.sent.length
    tab.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 })
    expect(tab.socket.sent.length).toBe(sentBefore + 1)
    tab.provider.awareness.setLocalState(null)
    expect(tab.socket.sent.length).toBe(sentBefore + 2)
    expect(idsHeardByServer(tab.socket)).toEqual(new Set())
  })
})
