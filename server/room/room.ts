/**
 * One collaborative document in memory: its Y.Doc, its awareness, the
 * connections editing it, and the rules for what each incoming message does.
 * Everything that reveals document state to others goes through the durable
 * update log, so nobody sees an update that is not stored yet.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Logger } from 'pino'
import { CloseCode } from '../../shared/protocol.ts'
import { LimitExceededError, ProtocolError, RoomLoadError, type StoreWriteError } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { decodeMessage } from '../protocol/decode-message.ts'
import { encodeAwarenessUpdate, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { DurableUpdateLog } from './durable-update-log.ts'

/** What a room needs from a connection. */
export interface RoomMember {
  readonly id: number
  /** Awareness client ids whose states arrived over this connection. */
  readonly awarenessClientIds: Set<number>
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
}

export interface RoomOptions {
  store: DocumentStore
  logger: Logger
  metrics: Metrics
  compactAfterUpdates: number
  /** Updates that would grow the stored document past this are refused. */
  maxDocumentBytes: number
  /** The room can no longer store updates; the registry drops it. */
  onWriteFailure: (room: Room, error: StoreWriteError) => void
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

export class Room {
  readonly members = new Set<RoomMember>()
  readonly awareness: awarenessProtocol.Awareness
  private readonly log: DurableUpdateLog
  /**
   * Stored size of the document: exact after a compaction, an upper bound in
   * between (the sum of the updates since), which is what the limit guards.
   */
  private documentBytes: number

  private constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    loadedBytes: number,
    private readonly options: RoomOptions,
  ) {
    this.documentBytes = loadedBytes
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server itself has no cursor; only clients publish awareness states.
    this.awareness.setLocalState(null)
    this.log = new DurableUpdateLog({
      store: options.store,
      roomId: id,
      compactAfterUpdates: options.compactAfterUpdates,
      snapshot: () => {
        const update = Y.encodeStateAsUpdate(doc)
        this.documentBytes = update.byteLength
        return { update, stateVector: Y.encodeStateVector(doc) }
      },
      onWriteFailure: (error) => {
        options.metrics.storeErrors.inc({ operation: 'write' })
        options.onWriteFailure(this, error)
      },
      onBatchWritten: (_updates, _bytes, seconds) => options.metrics.storeWriteSeconds.observe(seconds),
    })
    doc.on('update', this.onDocumentUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** Reads the room from the store; the room is complete before anyone is served. */
  static async load(id: string, options: RoomOptions): Promise<Room> {
    const doc = new Y.Doc()
    let loadedBytes = 0
    try {
      const updates = await options.store.loadRoom(id)
      doc.transact(() => {
        for (const update of updates) {
          Y.applyUpdate(doc, update)
          loadedBytes += update.byteLength
        }
      })
    } catch (cause) {
      doc.destroy()
      options.store.releaseRoom(id)
      options.metrics.storeErrors.inc({ operation: 'load' })
      throw new RoomLoadError(id, { cause })
    }
    return new Room(id, doc, loadedBytes, options)
  }

  join(member: RoomMember): void {
    this.members.add(member)
    member.send(encodeSyncStep1(this.doc))
    const states = this.awareness.getStates()
    if (states.size > 0) {
      member.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])))
    }
  }

  /** Removes a member and, for everyone else, the awareness states it brought. */
  leave(member: RoomMember): void {
    if (!this.members.delete(member)) return
    if (member.awarenessClientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...member.awarenessClientIds], null)
    }
  }

  /** Handles one frame; throws ProtocolError when the frame must close the connection. */
  receive(member: RoomMember, frame: Uint8Array): void {
    const message = decodeMessage(frame)
    switch (message.kind) {
      case 'sync-step-1':
        this.answerSyncStep1(member, message.stateVector)
        return
      case 'sync-step-2':
      case 'sync-update':
        this.applyClientUpdate(member, message.update)
        return
      case 'awareness':
        this.applyAwareness(member, message.update)
        return
      case 'query-awareness':
        member.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])))
        return
      case 'auth':
        return
    }
  }

  /** Waits for every applied update to be stored. */
  flush(): Promise<void> {
    return this.log.flush()
  }

  /** Stores the room as one record and frees its memory. */
  async unload(): Promise<void> {
    try {
      await this.log.compact()
    } finally {
      this.destroy()
    }
  }

  destroy(): void {
    this.doc.off('update', this.onDocumentUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
    this.options.store.releaseRoom(this.id)
  }

  private answerSyncStep1(member: RoomMember, stateVector: Uint8Array): void {
    let diff: Uint8Array
    try {
      diff = Y.encodeStateAsUpdate(this.doc, stateVector)
    } catch (cause) {
      throw new ProtocolError(`Sync step 1 carries an invalid state vector (${describe(cause)}).`)
    }
    const reply = encodeSyncStep2(diff)
    this.log.afterDurable(() => member.send(reply))
  }

  private applyClientUpdate(member: RoomMember, update: Uint8Array): void {
    if (this.documentBytes + update.byteLength > this.options.maxDocumentBytes) {
      throw new LimitExceededError(
        'document-size',
        CloseCode.documentTooLarge,
        `Document would exceed ${this.options.maxDocumentBytes} bytes; this change was not saved`,
      )
    }
    try {
      Y.applyUpdate(this.doc, update, member)
    } catch (cause) {
      throw new ProtocolError(`Yjs rejected the update (${describe(cause)}).`)
    }
  }

  private applyAwareness(member: RoomMember, update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, member)
    } catch (cause) {
      throw new ProtocolError(`Awareness update does not decode (${describe(cause)}).`)
    }
  }

  private readonly onDocumentUpdate = (update: Uint8Array, origin: unknown): void => {
    this.documentBytes += update.byteLength
    this.log.append(update)
    const frame = encodeSyncUpdate(update)
    const receivedAt = performance.now()
    this.log.afterDurable(() => {
      for (const member of this.members) if (member !== origin) member.send(frame)
      this.options.metrics.broadcastSeconds.observe((performance.now() - receivedAt) / 1000)
    })
  }

  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed]
    if (this.isMember(origin)) {
      for (const id of [...added, ...updated]) origin.awarenessClientIds.add(id)
      for (const id of removed) origin.awarenessClientIds.delete(id)
    }
    // Echoed to the sender too: a client alone in a room needs its own renewals
    // to keep the provider's 30 s idle timeout from firing.
    const frame = encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    for (const member of this.members) member.send(frame)
  }

  private isMember(origin: unknown): origin is RoomMember {
    return this.members.has(origin as RoomMember)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
