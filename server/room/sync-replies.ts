/**
 * The answer to a client's sync step 1. A small one is one sync step 2, as
 * y-protocols sends it. One larger than `chunkBytes` is cut (chunked-state.ts)
 * into sync update messages followed by one sync step 2 (the structs added
 * since the cut, the delete set, anything pending): stock clients keep
 * receiving messages however slow the link, and they consider themselves
 * synced only at that last message, once the document is complete.
 *
 * The cut messages are encoded once and shared: clients asking with the same
 * state vector (every fresh client asks with the empty one) get the same
 * frames, by reference, while the document has changed by less than one
 * chunk since the cut; the last message brings each of them up to date. The
 * frames are kept `keepMs` after their last use, so a burst of clients
 * joining together (after a restart) costs one encoding and one copy.
 *
 * Right after a load, the stored records themselves can be that shared
 * answer for clients that have nothing (`seedFromRecords`): in seq order they
 * are valid updates, each causally after the ones before, that together make
 * the document, so the first fresh clients after a restart cost no
 * encoding at all (issue 11's cold load).
 */
import * as Y from 'yjs'
import { encodeSyncStep2, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { chunkState } from './chunked-state.ts'

export interface SyncRepliesOptions {
  /** A reply estimated larger than this is cut into messages of about this size. */
  chunkBytes: number
  /** Stored records up to this size may go out as they are (`seedFromRecords`). */
  maxRecordFrameBytes: number
  /** How long cut messages stay shared after their last use. */
  keepMs: number
}

interface CutReply {
  /** The requesting state vector, as a map key. */
  key: string
  frames: Uint8Array[]
  stateVector: Uint8Array
  /** Sum of the document's clocks when cut: how far it has moved on since. */
  clockSum: number
}

export class SyncReplies {
  private cut: CutReply | null = null
  private expiry: NodeJS.Timeout | null = null

  constructor(
    private readonly doc: Y.Doc,
    private readonly options: SyncRepliesOptions,
  ) {}

  /**
   * The frames that answer a sync step 1 carrying `stateVector`, in order.
   * `storedBytes` is the document's stored size, the estimate for a client
   * that has nothing. Throws when the state vector does not decode.
   */
  framesFor(stateVector: Uint8Array, storedBytes: number): Uint8Array[] {
    const target = Y.decodeStateVector(stateVector)
    const current = Y.decodeStateVector(Y.encodeStateVector(this.doc))
    let missingClocks = 0
    for (const [client, clock] of current) missingClocks += Math.max(0, clock - (target.get(client) ?? 0))
    const estimate = Math.max(missingClocks, target.size === 0 ? storedBytes : 0)
    if (estimate <= this.options.chunkBytes) return [encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector))]

    const key = Buffer.from(stateVector).toString('base64')
    const clockSum = sum(current.values())
    if (!this.cut || this.cut.key !== key || clockSum - this.cut.clockSum > this.options.chunkBytes) {
      // The previous cut is dropped first: two need not be held at once.
      this.cut = null
      const chunked = chunkState(this.doc, stateVector, this.options.chunkBytes, encodeSyncUpdate)
      this.cut = { key, frames: chunked.updates, stateVector: chunked.stateVector, clockSum }
    }
    this.keepCut()
    return [...this.cut.frames, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, this.cut.stateVector))]
  }

  /**
   * Offers the records the document was just loaded from, in seq order, as
   * the shared answer to the empty state vector. Taken only when a fresh
   * client's answer would be cut anyway (`storedBytes` over `chunkBytes`)
   * and no record is over `maxRecordFrameBytes`.
   */
  seedFromRecords(records: Uint8Array[], storedBytes: number): void {
    if (storedBytes <= this.options.chunkBytes || records.some((record) => record.byteLength > this.options.maxRecordFrameBytes)) return
    const stateVector = Y.encodeStateVector(this.doc)
    this.cut = { key: EMPTY_STATE_VECTOR_KEY, frames: records.map(encodeSyncUpdate), stateVector, clockSum: sum(Y.decodeStateVector(stateVector).values()) }
    this.keepCut()
  }

  /** Drops the shared frames (the room unloads). */
  dispose(): void {
    if (this.expiry) clearTimeout(this.expiry)
    this.expiry = null
    this.cut = null
  }

  private keepCut(): void {
    if (this.expiry) clearTimeout(this.expiry)
    this.expiry = setTimeout(() => {
      this.expiry = null
      this.cut = null
    }, this.options.keepMs)
    this.expiry.unref()
  }
}

/** How a client that has nothing asks (y-websocket, Hocuspocus): the encoded empty state vector. */
const EMPTY_STATE_VECTOR_KEY = Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64')

function sum(values: Iterable<number>): number {
  let total = 0
  for (const value of values) total += value
  return total
}
