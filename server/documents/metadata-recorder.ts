/**
 * Keeps each document's metadata (title, size, last change, last writers) in
 * the store as its content changes: it listens to durable batches on the room
 * events and records, per room, at most once per interval (a second), and
 * whatever is left when the room is unloaded or the server shuts down
 * (`flush`). It never blocks a room: a batch only notes what changed, the
 * store is written beside it, one write per room at a time. A failed write is
 * logged and retried at the room's next batch (or its unload), with the
 * writers it carried kept.
 */
import type { Logger } from 'pino'
import { readDocumentTitle } from '../../shared/document-title.ts'
import type { RoomEvent, RoomEvents } from '../room/room-events.ts'
import type { DocumentStore, Writer } from '../storage/document-store.ts'
import { mergeWriters } from '../storage/document-metadata.ts'

/** At most one metadata write per room per this many ms. */
export const METADATA_RECORD_INTERVAL_MS = 1000

export interface MetadataRecorderOptions {
  store: Pick<DocumentStore, 'recordMetadata'>
  logger: Logger
  intervalMs?: number
  /** The clock (ms since the epoch); Date.now unless a test controls time. */
  now?: () => number
}

interface RoomState {
  /** What the latest batch showed, not recorded yet; null when everything is recorded. */
  pending: { title: string; bytes: number; updatedAt: number } | null
  /** Who wrote since the last record, most recent first, each once. */
  writers: Writer[]
  lastRecordedAt: number
  timer: NodeJS.Timeout | null
  recording: Promise<void> | null
  /** A batch arrived while a record was being written: record again after it. */
  changedWhileRecording: boolean
}

export class MetadataRecorder {
  private readonly rooms = new Map<string, RoomState>()
  private readonly intervalMs: number
  private readonly now: () => number

  constructor(private readonly options: MetadataRecorderOptions) {
    this.intervalMs = options.intervalMs ?? METADATA_RECORD_INTERVAL_MS
    this.now = options.now ?? Date.now
  }

  /** Starts listening; returns the function that stops. */
  listen(events: RoomEvents): () => void {
    return events.on((event) => this.onEvent(event))
  }

  /** Records every room's unrecorded change now; resolves once those writes ended (failures are logged). */
  async flush(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((roomId) => this.flushRoom(roomId)))
  }

  private onEvent(event: RoomEvent): void {
    switch (event.type) {
      case 'batch': {
        const state = this.stateOf(event.room)
        state.pending = { title: readDocumentTitle(event.document.doc), bytes: event.document.bytes, updatedAt: this.now() }
        state.writers = mergeWriters(event.writers, state.writers)
        if (state.recording) state.changedWhileRecording = true
        else this.schedule(event.room, state)
        return
      }
      case 'unloaded':
        void this.flushRoom(event.room).then(() => {
          const state = this.rooms.get(event.room)
          if (state && !state.recording && !state.timer) this.rooms.delete(event.room)
        })
        return
      case 'deleted': {
        const state = this.rooms.get(event.room)
        if (state?.timer) clearTimeout(state.timer)
        this.rooms.delete(event.room)
        return
      }
      default:
        return
    }
  }

  private stateOf(roomId: string): RoomState {
    let state = this.rooms.get(roomId)
    if (!state) {
      state = { pending: null, writers: [], lastRecordedAt: -Infinity, timer: null, recording: null, changedWhileRecording: false }
      this.rooms.set(roomId, state)
    }
    return state
  }

  /** Records now if the last record is an interval old, else once it is. */
  private schedule(roomId: string, state: RoomState): void {
    if (state.timer || state.recording || !state.pending) return
    const wait = state.lastRecordedAt + this.intervalMs - this.now()
    if (wait <= 0) {
      this.record(roomId, state)
      return
    }
    state.timer = setTimeout(() => {
      state.timer = null
      this.record(roomId, state)
    }, wait)
  }

  private async flushRoom(roomId: string): Promise<void> {
    const state = this.rooms.get(roomId)
    if (!state) return
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    while (state.recording) await state.recording
    if (state.pending) this.record(roomId, state)
    await state.recording
  }

  private record(roomId: string, state: RoomState): void {
    const pending = state.pending
    if (!pending || state.recording) return
    const writers = state.writers
    state.pending = null
    state.writers = []
    state.changedWhileRecording = false
    state.lastRecordedAt = this.now()
    state.recording = this.options.store
      .recordMetadata(roomId, { ...pending, writers })
      .then(
        () => {
          state.recording = null
          if (state.changedWhileRecording && this.rooms.get(roomId) === state) this.schedule(roomId, state)
        },
        (error: unknown) => {
          state.recording = null
          // Kept for the next batch, which retries: newer changes win, these writers stay behind newer ones.
          state.pending ??= pending
          state.writers = mergeWriters(state.writers, writers)
          this.options.logger.error({ room: roomId, err: error }, 'could not record the document’s metadata; retrying at its next change')
          if (state.changedWhileRecording && this.rooms.get(roomId) === state) this.schedule(roomId, state)
        },
      )
  }
}
