/**
 * Which rooms are in memory. The first connection loads a room (concurrent
 * joins share one load); when the last one leaves, a grace timer starts, after
 * which the room is compacted and dropped, so memory is bounded by the rooms
 * in use. A failed load leaves nothing behind, so the next join retries.
 * The server's own changes (the document API) hold a room the same way
 * (`withRoom`), and deleting a room (`deleteRoom`) closes its members here
 * and, over the bus, on every other instance. What happens to rooms is
 * announced on `events` (room-events.ts).
 */
import type { Logger } from 'pino'
import type { RoomBus } from '../bus/room-bus.ts'
import { LimitExceededError, RoomDeletedError, type StoreWriteError } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { CloseReason } from '../close-reason.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { DocumentDeletedError, StoreBackendError } from '../storage/store-errors.ts'
import { DEFAULT_AWARENESS_LIMITS, type AwarenessLimits } from './awareness-guard.ts'
import { RoomEvents } from './room-events.ts'
import { Room } from './room.ts'
import { SetAsideRecords } from './set-aside-records.ts'

interface RoomEntry {
  loading: Promise<Room>
  room: Room | null
  /** Connections between asking for the room and joining it: the room is not idle. */
  pendingJoins: number
  /** Server changes running on the room (withRoom): the room is not idle. */
  pins: number
  unloadTimer: NodeJS.Timeout | null
  unloading: Promise<void> | null
  /** Dropped because the room was deleted: whoever waited for its load must not use it. */
  deleted: boolean
}

/** What everyone in a deleted room is closed with, here and on the other instances. */
const DELETED: CloseReason = { kind: 'documentDeleted', message: 'This document was deleted' }

export interface RoomRegistryOptions {
  store: DocumentStore
  /** How this instance hears of other instances' changes to the rooms it holds. */
  bus: RoomBus
  logger: Logger
  metrics: Metrics
  unloadGraceMs: number
  compactAfterUpdates: number
  maxDocumentBytes: number
  /** Awareness client ids per session and bytes per state; DEFAULT_AWARENESS_LIMITS when not given. */
  awarenessLimits?: AwarenessLimits
  /** When full, the least recently used empty room is unloaded to make space. */
  maxLoadedRooms: number
  /** Where what happens to rooms is announced; one of its own when not given (nobody listens then). */
  events?: RoomEvents
}

/** A connection waiting for its room. */
export interface RoomJoiner {
  readonly isOpen: boolean
  attach(room: Room): void
}

export class RoomRegistry {
  private readonly entries = new Map<string, RoomEntry>()
  /** Deletions in progress: a join of such a room waits for it, then finds the room deleted. */
  private readonly deletions = new Map<string, Promise<void>>()
  /** Stored records that rooms loaded without, for /readyz. */
  readonly setAsideRecords: SetAsideRecords
  /** created, loaded, batch, compacted, unloaded, deleted: what metrics, webhooks and metadata listen to. */
  readonly events: RoomEvents
  /** Set on shutdown: rooms then unload even while members are still closing. */
  private closing = false

  constructor(private readonly options: RoomRegistryOptions) {
    this.setAsideRecords = new SetAsideRecords(options.logger, options.metrics)
    this.events = options.events ?? new RoomEvents(options.logger)
  }

  get loadedRoomCount(): number {
    return this.entries.size
  }

  /**
   * Loads the room if needed and attaches the joiner to it, with no gap in
   * which the room could be unloaded. Rejects with a SessionEndingError
   * (RoomLoadError, capacity) when the room cannot be opened.
   */
  async join(roomId: string, joiner: RoomJoiner): Promise<void> {
    const room = await this.acquire(roomId, (loaded) => {
      if (joiner.isOpen) joiner.attach(loaded)
    })
    if (!joiner.isOpen) this.release(room)
  }

  /**
   * Runs a server change on the room as a member would make it: loads the
   * room if needed and holds it (it is not unloaded while `use` runs), then
   * lets it go as a member leaving does. Rejects as `join` does, with
   * RoomDeletedError for a deleted room.
   */
  async withRoom<T>(roomId: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    let entry: RoomEntry | undefined
    const room = await this.acquire(roomId, (_, held) => {
      entry = held
      held.pins += 1
    })
    try {
      return await use(room)
    } finally {
      entry!.pins -= 1
      this.release(room)
    }
  }

  /**
   * Records a new room (POST /api/rooms, the document API) and announces it;
   * false when the room exists already (created or written, by any instance).
   */
  async createRoom(roomId: string): Promise<boolean> {
    const at = Date.now()
    // A deleted room created again (restored from a device): an instance that missed the deletion (made in the
    // store directly, or lost on the bus) may still hold the old one, which must go before the new one exists.
    if ((await this.options.store.roomInfo(roomId))?.deleted) {
      await this.dropHeldRoom(roomId)
      await this.options.bus.announceDeletion(roomId)
    }
    if (!(await this.options.store.createRoom(roomId, at))) return false
    this.events.emit({ type: 'created', room: roomId, at })
    return true
  }

  /**
   * Deletes a room: everyone in it here is closed with 'documentDeleted' and
   * the room dropped without being stored again; then the store deletes it
   * (records, metadata, uploads; a tombstone stays, so no instance and no
   * offline copy brings it back), and the bus tells the other instances,
   * which close their members too. Joins meanwhile wait, then find it deleted.
   * Deleting again, or a room that never existed, resolves.
   */
  async deleteRoom(roomId: string): Promise<void> {
    const running = this.deletions.get(roomId)
    if (running) return running
    const deletion = this.runDeletion(roomId).finally(() => this.deletions.delete(roomId))
    this.deletions.set(roomId, deletion)
    return deletion
  }

  private async runDeletion(roomId: string): Promise<void> {
    await this.dropHeldRoom(roomId)
    await this.options.store.deleteRoom(roomId)
    await this.options.bus.announceDeletion(roomId)
    this.events.emit({ type: 'deleted', room: roomId })
  }

  /** Closes the people of the room if this instance holds it, and drops it without storing it again: it is deleted. */
  private async dropHeldRoom(roomId: string): Promise<void> {
    const entry = this.entries.get(roomId)
    // A compaction on its way to the store lands before the deletion, never after it.
    if (entry?.unloading) await entry.unloading
    const loaded = this.entries.get(roomId)
    if (!loaded) return
    const room = await loaded.loading.catch(() => null)
    if (room && this.entries.get(roomId) === loaded) this.dropDeleted(loaded, room)
  }

  /** Deleted by another instance or directly in the store: its records are gone, so nothing here is stored again. */
  private deletedElsewhere(room: Room): void {
    const entry = this.entries.get(room.id)
    if (entry?.room !== room) return
    this.options.logger.info({ room: room.id }, 'room deleted elsewhere (another instance, or the store directly); closing its members here')
    this.dropDeleted(entry, room)
  }

  private dropDeleted(entry: RoomEntry, room: Room): void {
    entry.deleted = true
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    this.entries.delete(room.id)
    for (const member of room.members) member.close(DELETED)
    room.destroy()
    this.events.emit({ type: 'unloaded', room: room.id })
  }

  /**
   * Loads the room if needed and hands it to `hold` with no gap in which it
   * could be unloaded; `hold` must make the room not idle (a member joins, a pin).
   */
  private async acquire(roomId: string, hold: (room: Room, entry: RoomEntry) => void): Promise<Room> {
    const deletion = this.deletions.get(roomId)
    if (deletion) await deletion.catch(() => undefined)
    const existing = this.entries.get(roomId)
    if (existing?.unloading) {
      await existing.unloading
      return this.acquire(roomId, hold)
    }
    const entry = existing ?? (await this.startLoading(roomId))
    // Map order is our LRU order: move the room to the most recent end.
    this.entries.delete(roomId)
    this.entries.set(roomId, entry)
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer)
      entry.unloadTimer = null
    }
    entry.pendingJoins += 1
    let room: Room
    try {
      room = await entry.loading
    } finally {
      entry.pendingJoins -= 1
    }
    if (entry.deleted) throw new RoomDeletedError(roomId)
    hold(room, entry)
    return room
  }

  /**
   * Whether this instance holds the room with people in it or on their way, or with updates
   * not in the store yet: the room exists then, whatever the store says so far.
   */
  isInUse(roomId: string): boolean {
    const entry = this.entries.get(roomId)
    if (!entry) return false
    return entry.pendingJoins > 0 || entry.pins > 0 || (entry.room !== null && (entry.room.members.size > 0 || entry.room.hasUnstoredUpdates))
  }

  /** Called when a member left; unloads the room after the grace period if it stays empty. */
  release(room: Room): void {
    const entry = this.entries.get(room.id)
    if (!entry || entry.room !== room || !this.isIdle(entry)) return
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    entry.unloadTimer = setTimeout(() => this.unload(room.id), this.options.unloadGraceMs)
  }

  /** Flushes, compacts and drops every room (graceful shutdown). */
  async unloadAll(): Promise<void> {
    this.closing = true
    await Promise.allSettled([...this.entries.keys()].map((roomId) => this.unload(roomId)))
  }

  private async startLoading(roomId: string): Promise<RoomEntry> {
    // From the first request: making space (unloading another room) is part of what its joiner waits for.
    const loadTimer = this.options.metrics.roomLoadSeconds.startTimer()
    await this.makeSpace()
    const raced = this.entries.get(roomId)
    if (raced) return raced
    const entry: RoomEntry = { loading: Promise.resolve(null as never), room: null, pendingJoins: 0, pins: 0, unloadTimer: null, unloading: null, deleted: false }
    entry.loading = Room.load(roomId, {
      store: this.options.store,
      bus: this.options.bus,
      logger: this.options.logger,
      metrics: this.options.metrics,
      compactAfterUpdates: this.options.compactAfterUpdates,
      maxDocumentBytes: this.options.maxDocumentBytes,
      awarenessLimits: this.options.awarenessLimits ?? DEFAULT_AWARENESS_LIMITS,
      onWriteFailure: (room, error) => this.dropAfterWriteFailure(room, error),
      onRecordsSetAside: (records) => this.setAsideRecords.note(roomId, records),
      events: this.events,
      onDeletedElsewhere: (room) => this.deletedElsewhere(room),
    }).then(
      (room) => {
        this.options.metrics.roomLoads.inc()
        loadTimer()
        entry.room = room
        this.events.emit({ type: 'loaded', room: roomId, lastSeq: room.loadedThroughSeq })
        return room
      },
      (error: unknown) => {
        this.entries.delete(roomId)
        throw error
      },
    )
    this.entries.set(roomId, entry)
    return entry
  }

  /** Unloads the least recently used empty room when the limit is reached; refuses when none is empty. */
  private async makeSpace(): Promise<void> {
    while (this.entries.size >= this.options.maxLoadedRooms) {
      const idle = [...this.entries].find(([, entry]) => this.isIdle(entry))
      if (!idle) {
        this.options.metrics.limitHits.inc({ limit: 'loaded-rooms' })
        throw new LimitExceededError('loaded-rooms', 'serverAtCapacity', 'Server is at capacity (too many open documents); try again later')
      }
      await this.unload(idle[0])
    }
  }

  private unload(roomId: string): Promise<void> {
    const entry = this.entries.get(roomId)
    if (!entry) return Promise.resolve()
    if (entry.unloading) return entry.unloading
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    entry.unloadTimer = null
    entry.unloading = entry.loading
      .then(
        async (room) => {
          if (!this.closing && !this.isIdle(entry, { unloading: true })) {
            entry.unloading = null
            return
          }
          await room.unload()
          this.entries.delete(roomId)
          this.events.emit({ type: 'unloaded', room: roomId })
          this.options.logger.debug({ room: roomId }, 'room unloaded')
        },
        () => undefined,
      )
      .catch((error: unknown) => {
        this.entries.delete(roomId)
        this.options.logger.error({ room: roomId, err: error }, 'room unload failed; its last updates are stored, compaction was skipped')
      })
    return entry.unloading
  }

  /** Loaded, nobody in it or on the way, and not already unloading. */
  private isIdle(entry: RoomEntry, { unloading = false } = {}): boolean {
    return entry.room !== null && entry.room.members.size === 0 && entry.pendingJoins === 0 && entry.pins === 0 && (unloading || !entry.unloading)
  }

  /**
   * The store refused a write: the room's memory now holds an update that is
   * not stored, so it must not be served. Every member is told and the room is
   * dropped; clients keep their changes (IndexedDB) and resend them when they
   * reconnect to a freshly loaded room.
   */
  private dropAfterWriteFailure(room: Room, error: StoreWriteError): void {
    // Deleted by another instance before its announcement arrived: the members are told so, and do not come back.
    const deleted = error.cause instanceof DocumentDeletedError
    if (deleted) this.options.logger.info({ room: room.id }, 'a write reached a deleted room; closing its members')
    else this.options.logger.error({ room: room.id, err: error.cause }, error.message)
    // An outage is said as one: nothing is wrong with the document, and its clients keep their changes.
    const outage = error.cause instanceof StoreBackendError && error.cause.unreachable
    const failed: CloseReason = { kind: 'storeFailed', message: outage ? 'The document store is unreachable; your changes are kept and sent once it answers' : 'Server could not save; reconnecting will retry' }
    for (const member of room.members) member.close(deleted ? DELETED : failed)
    const entry = this.entries.get(room.id)
    if (entry?.room === room) {
      if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
      this.entries.delete(room.id)
      this.events.emit({ type: 'unloaded', room: room.id })
    }
    room.destroy()
  }
}
