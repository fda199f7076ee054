/**
 * Everything that happens to a document, in one place: metrics, webhooks and
 * (next) versions and comments listen here; nothing else reaches into a
 * Room's internals.
 *
 * An event is emitted once, by the instance where it happened (in a cluster
 * every instance has its own registry and hears only its own rooms' events):
 * - created: a room came into existence here (POST /api/rooms, the document API,
 *   or the first write of a room nobody created, e.g. a stock client in open mode);
 * - loaded / unloaded: this instance took the room into memory / let it go;
 * - batch: records this instance stored for the room are durable (seq range,
 *   who wrote them); emitted after the store confirmed, before anyone is shown them;
 * - compacted: the room's records up to `upToSeq` became one of `bytes`;
 * - deleted: the room was deleted (records, metadata and uploads gone);
 * - versionCreated: a version of the room was recorded here (version-recorder.ts).
 *
 * Listeners run synchronously inside the emitter and must not throw or block:
 * one that has work to do queues it. A throwing listener is logged and skipped,
 * never a reason for the room to fail.
 */
import type * as Y from 'yjs'
import type { Logger } from 'pino'
import type { Writer } from '../storage/document-store.ts'
import type { VersionInfo } from '../storage/version-store.ts'

/** Read-only access to a loaded room's document, for listeners that derive something from it (title, size). Never write through it. */
export interface DocumentView {
  readonly doc: Y.Doc
  /** Stored size of the document: exact after a compaction, an upper bound in between (cheap; encoding the state is not). */
  readonly bytes: number
}

export type RoomEvent =
  | { readonly type: 'created'; readonly room: string; readonly at: number }
  | { readonly type: 'loaded'; readonly room: string; readonly lastSeq: number }
  | {
      readonly type: 'batch'
      readonly room: string
      readonly fromSeq: number
      readonly toSeq: number
      /** Who wrote the updates in the batch, each once. */
      readonly writers: readonly Writer[]
      /** Stored bytes of the batch's record(s). */
      readonly bytes: number
      /** The document after the batch (it may already hold later, not yet durable changes). */
      readonly document: DocumentView
    }
  | { readonly type: 'compacted'; readonly room: string; readonly upToSeq: number; readonly bytes: number }
  | { readonly type: 'unloaded'; readonly room: string }
  | { readonly type: 'deleted'; readonly room: string }
  | { readonly type: 'versionCreated'; readonly room: string; readonly version: VersionInfo }

export type RoomEventType = RoomEvent['type']
export type RoomEventListener = (event: RoomEvent) => void

export class RoomEvents {
  private readonly listeners = new Set<RoomEventListener>()

  constructor(private readonly logger: Logger) {}

  /** Registers a listener; returns the function that removes it. */
  on(listener: RoomEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: RoomEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        this.logger.error({ room: event.room, event: event.type, err: error }, 'a room event listener failed; skipped')
      }
    }
  }
}
