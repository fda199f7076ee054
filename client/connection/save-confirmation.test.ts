import * as decoding from 'lib0/decoding'
import { ObservableV2 } from 'lib0/observable'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { MessageType } from '../../shared/protocol.ts'
import { SaveConfirmation } from './save-confirmation.ts'

/** Just enough of a WebsocketProvider: its doc, socket, `synced` flag and events. */
class FakeProvider extends ObservableV2<{
  sync: (synced: boolean) => void
  'connection-close': (event: CloseEvent | null) => void
}> {
  doc = new Y.Doc()
  wsconnected = true
  sent: Uint8Array[] = []
  ws = { readyState: 1, OPEN: 1, send: (data: Uint8Array) => this.sent.push(data) }
  private syncedState = false

  get synced(): boolean {
    return this.syncedState
  }

  set synced(state: boolean) {
    if (state === this.syncedState) return
    this.syncedState = state
    this.emit('sync', [state])
  }

  /** What the real provider does when the server's sync step 2 arrives. */
  receiveSyncStep2(): void {
    this.synced = true
  }

  close(): void {
    this.wsconnected = false
    this.synced = false
    this.emit('connection-close', [null])
  }

  sentSyncStep1Count(): number {
    return this.sent.filter((frame) => {
      const decoder = decoding.createDecoder(frame)
      return decoding.readVarUint(decoder) === MessageType.sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1
    }).length
  }
}

function typeLocally(provider: FakeProvider, text: string): void {
  provider.doc.getText('t').insert(0, text)
}

describe('SaveConfirmation', () => {
  let provider: FakeProvider
  let saves: SaveConfirmation
  let changes: number

  beforeEach(() => {
    vi.useFakeTimers()
    provider = new FakeProvider()
    changes = 0
    saves = new SaveConfirmation(provider as unknown as WebsocketProvider, () => changes++)
    provider.receiveSyncStep2()
  })

  afterEach(() => {
    saves.destroy()
    vi.useRealTimers()
  })

  it('asks the server for a receipt after a pause in typing, and is saved once it arrives', () => {
    typeLocally(provider, 'a')
    typeLocally(provider, 'b')
    expect(saves.hasUnsavedChanges).toBe(true)
    expect(changes).toBe(1)
    vi.advanceTimersByTime(299)
    expect(provider.sentSyncStep1Count()).toBe(0)
    vi.advanceTimersByTime(1)
    expect(provider.sentSyncStep1Count()).toBe(1)
    expect(provider.synced).toBe(false)

    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(false)
    expect(changes).toBe(2)
  })

  it('ignores changes that came from the server', () => {
    provider.doc.transact(() => provider.doc.getText('t').insert(0, 'remote'), provider)
    expect(saves.hasUnsavedChanges).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(provider.sentSyncStep1Count()).toBe(0)
  })

  it('does not take a receipt for changes made after the request', () => {
    typeLocally(provider, 'a')
    vi.advanceTimersByTime(300)
    typeLocally(provider, 'b')
    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(true)

    vi.advanceTimersByTime(300)
    expect(provider.sentSyncStep1Count()).toBe(2)
    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(false)
  })

  it('keeps changes made while disconnected unsaved until a receipt after the next connection', () => {
    provider.close()
    typeLocally(provider, 'offline')
    vi.advanceTimersByTime(1000)
    expect(provider.sentSyncStep1Count()).toBe(0)

    provider.wsconnected = true
    // The connection's own first sync does not cover what we send in reply to the server.
    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(true)
    expect(provider.sentSyncStep1Count()).toBe(1)
    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(false)
  })

  it('asks again after a connection dropped while waiting for the receipt', () => {
    typeLocally(provider, 'a')
    vi.advanceTimersByTime(300)
    provider.close()
    provider.wsconnected = true
    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(true)
    expect(provider.sentSyncStep1Count()).toBe(2)
    provider.receiveSyncStep2()
    expect(saves.hasUnsavedChanges).toBe(false)
  })
})
