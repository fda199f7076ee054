/**
 * Records versions of documents (README "Version history"). It listens to the
 * room events: after a durable batch it waits for `afterIdleMs` without
 * another one, or at most `maxIntervalMs` after the first change not in a
 * version while editing goes on, then records; `record` does it on demand (a
 * name asked for, "Before restore"). After recording it thins the room's
 * versions (version-retention.ts) and announces the version on the room
 * events (webhooks send version.created).
 *
 * A version is the document's full state at the room's highest stored seq,
 * read after the room's own updates are durable. Nothing changed since the
 * latest version (its seq is the room's) → no new version. In a cluster each
 * instance hears only the batches of its own writers, so the instances whose
 * members wrote record after quiet; the store keeps one version per seq
 * (version-store.ts), so of two instances recording the same state one
 * stores it and the other finds it there. Who wrote is what this instance
 * heard since its last version.
 *
 * A room's recordings run one after another; a failure is logged and the
 * room's authors kept for its next version. Listeners never block: a batch
 * only notes what changed. Versions are removed with their document (the
 * 'deleted' event; PostgreSQL removes them in the deletion's transaction
 * too), and any left from an earlier room of the same id when it is created
 * again.
 */
import type { Logger } from 'pino'
import type { VersionConfig } from '../config.ts'
import * as Y from 'yjs'
import { RoomDeletedError } from '../errors.ts'
import type { RoomEvent, RoomEvents } from '../room/room-events.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import { mergeWriters } from '../storage/document-metadata.ts'
import type { DocumentStore, Writer } from '../storage/document-store.ts'
import type { VersionInfo, VersionStore } from '../storage/version-store.ts'
import { documentJson, renderDocument } from './document-content.ts'
import { versionsToThin, type RetentionPolicy } from './version-retention.ts'
import { countWordChanges } from './word-changes.ts'
import { versionContent } from './version-content.ts'

export interface VersionRecorderOptions {
  versions: VersionStore
  registry: Pick<RoomRegistry, 'withRoom' | 'isInUse'>
  store: Pick<DocumentStore, 'roomInfo'>
  events: RoomEvents
  timing: Pick<VersionConfig, 'afterIdleMs' | 'maxIntervalMs'>
  retention: RetentionPolicy
  logger: Logger
  /** The clock (ms since the epoch); Date.now unless a test controls time. */
  now?: () => number
}

/** What to record: a name (null: none) and whether the server records it by itself. */
export interface VersionRequest {
  name: string | null
  auto: boolean
  /**
   * When the document is unchanged since the latest version, whether that one
   * takes the name: 'always' (someone saving a version by name), 'ifUnnamed'
   * ("Before restore" leaves a name people gave alone).
   */
  nameUnchanged: 'always' | 'ifUnnamed'
}

export interface RecordOutcome {
  version: VersionInfo
  /** false: the document was unchanged and the latest version is answered (named as asked), or another instance stored this state first. */
  created: boolean
}

interface RoomState {
  /** Who wrote since the last version, most recent first. */
  writers: Writer[]
  /** When the first change not in a version was heard; null when none is pending. */
  firstChangeAt: number | null
  timer: NodeJS.Timeout | null
  /** The room's recordings and deletions, one after another. */
  work: Promise<unknown>
}

/** The state of a room as a version takes it. */
interface Capture {
  seq: number
  state: Uint8Array
  text: string
}

export class VersionRecorder {
  private readonly rooms = new Map<string, RoomState>()
  private readonly now: () => number
  private stopped = false

  constructor(private readonly options: VersionRecorderOptions) {
    this.now = options.now ?? Date.now
  }

  /** Starts listening; returns the function that stops. */
  listen(): () => void {
    return this.options.events.on((event) => this.onEvent(event))
  }

  /**
   * Records a version of the document now. Null when the document does not
   * exist (never created nor written, or deleted). Rejects when the store fails.
   */
  record(roomId: string, request: VersionRequest): Promise<RecordOutcome | null> {
    const state = this.stateOf(roomId)
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    return this.inRoomOrder(roomId, state, () => this.recordNow(roomId, state, request))
  }

  /** Resolves once the room's recordings and version deletions queued so far ended: what a listing waits for. */
  async settled(roomId: string): Promise<void> {
    await this.rooms.get(roomId)?.work
  }

  /** Stops the timers (call before the rooms unload at shutdown) and waits for recordings under way. Changes not yet in a version are in the next one. */
  async close(): Promise<void> {
    this.stopped = true
    for (const state of this.rooms.values()) if (state.timer) clearTimeout(state.timer)
    await Promise.all([...this.rooms.values()].map((state) => state.work))
  }

  private onEvent(event: RoomEvent): void {
    switch (event.type) {
      case 'batch': {
        const state = this.stateOf(event.room)
        state.writers = mergeWriters(event.writers, state.writers)
        state.firstChangeAt ??= this.now()
        this.schedule(event.room, state)
        return
      }
      case 'created':
      case 'deleted':
        this.forget(event.room)
        return
      default:
        return
    }
  }

  private stateOf(roomId: string): RoomState {
    let state = this.rooms.get(roomId)
    if (!state) {
      state = { writers: [], firstChangeAt: null, timer: null, work: Promise.resolve() }
      this.rooms.set(roomId, state)
    }
    return state
  }

  /** (Re)starts the room's timer: quiet for afterIdleMs, but no later than maxIntervalMs after its first pending change. */
  private schedule(roomId: string, state: RoomState): void {
    if (this.stopped || state.firstChangeAt === null) return
    if (state.timer) clearTimeout(state.timer)
    const { afterIdleMs, maxIntervalMs } = this.options.timing
    const wait = Math.max(0, Math.min(afterIdleMs, state.firstChangeAt + maxIntervalMs - this.now()))
    state.timer = setTimeout(() => {
      state.timer = null
      this.record(roomId, { name: null, auto: true, nameUnchanged: 'ifUnnamed' }).catch((error: unknown) => {
        this.options.logger.error({ room: roomId, err: error }, 'could not record a version; trying again at the next change')
      })
    }, wait)
  }

  /** A room deleted, or created anew: its versions (of a former room of that id) go, and what was pending with them. */
  private forget(roomId: string): void {
    const state = this.stateOf(roomId)
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    state.writers = []
    state.firstChangeAt = null
    void this.inRoomOrder(roomId, state, () => this.options.versions.deleteRoomVersions(roomId)).catch((error: unknown) => {
      this.options.logger.error({ room: roomId, err: error }, 'could not delete the versions of a deleted document')
    })
  }

  private async recordNow(roomId: string, state: RoomState, request: VersionRequest): Promise<RecordOutcome | null> {
    const authors = state.writers
    const firstChangeAt = state.firstChangeAt
    state.writers = []
    state.firstChangeAt = null
    try {
      const outcome = await this.store(roomId, request, authors)
      if (outcome?.created) this.options.events.emit({ type: 'versionCreated', room: roomId, version: outcome.version })
      return outcome
    } catch (error) {
      // Kept for the next version, behind whoever wrote meanwhile.
      state.writers = mergeWriters(state.writers, authors)
      state.firstChangeAt = firstChangeAt === null ? state.firstChangeAt : Math.min(firstChangeAt, state.firstChangeAt ?? firstChangeAt)
      throw error
    }
  }

  private async store(roomId: string, request: VersionRequest, authors: readonly Writer[]): Promise<RecordOutcome | null> {
    const { versions } = this.options
    const capture = await this.capture(roomId)
    if (capture === null) return null
    const latest = await versions.latestVersion(roomId)
    if (latest && latest.seq >= capture.seq) {
      const rename = request.name !== null && latest.name !== request.name && (request.nameUnchanged === 'always' || latest.name === null)
      const version = rename ? await versions.nameVersion(roomId, latest.seq, request.name!) : latest
      return version && { version, created: false }
    }
    const previousState = latest && (await versions.versionState(roomId, latest.seq))
    const words = countWordChanges(previousState ? renderDocument(versionContent(previousState).json, 'text') : '', capture.text)
    const version: VersionInfo = { seq: capture.seq, createdAt: this.now(), name: request.name, auto: request.auto, authors, ...words }
    if (!(await versions.addVersion(roomId, { ...version, state: capture.state }))) {
      const stored = await versions.getVersion(roomId, capture.seq)
      return stored && { version: stored, created: false }
    }
    await this.thin(roomId)
    return { version, created: true }
  }

  /** The room's state once its updates here are durable, at the highest seq the store holds; null when the document does not exist. */
  private async capture(roomId: string): Promise<Capture | null> {
    const { registry, store } = this.options
    const info = await store.roomInfo(roomId)
    if ((info === null || info.deleted) && !registry.isInUse(roomId)) return null
    try {
      return await registry.withRoom(roomId, async (room) => {
        await room.flush()
        const stored = await store.roomInfo(roomId)
        if (stored === null || stored.deleted) return null
        // Read in one synchronous section: the state and its text agree.
        return { seq: stored.lastSeq, state: Y.encodeStateAsUpdate(room.doc), text: renderDocument(documentJson(room.doc), 'text') }
      })
    } catch (error) {
      if (error instanceof RoomDeletedError) return null
      throw error
    }
  }

  private async thin(roomId: string): Promise<void> {
    const { versions, retention } = this.options
    const removed = versionsToThin(await versions.listVersions(roomId), this.now(), retention)
    if (removed.length > 0) await versions.deleteVersions(roomId, removed)
  }

  /** Runs `work` after the room's earlier work; the room's state is let go once nothing is pending or running. */
  private inRoomOrder<T>(roomId: string, state: RoomState, work: () => Promise<T>): Promise<T> {
    const next = state.work.then(work)
    const settled = next.catch(() => undefined)
    state.work = settled
    void settled.then(() => {
      if (state.work === settled && state.timer === null && state.firstChangeAt === null && this.rooms.get(roomId) === state) this.rooms.delete(roomId)
    })
    return next
  }
}
