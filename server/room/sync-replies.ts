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
 */
import * as Y from 'yjs'
import { encodeSyncStep2, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { chunkState } from './chunked-state.ts'

export interface SyncRepliesOptions {
  /** A reply estimated larger than this is cut into messages of about this size. */
  chunkBytes: number
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

function sum(values: Iterable<number>): number {
  let total = 0
  for (const value of values) total += value
  return total
}
