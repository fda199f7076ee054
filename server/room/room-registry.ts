/**
 * Which rooms are in memory. The first connection loads a room (concurrent
 * joins share one load); when the last one leaves, a grace timer starts, after
 * which the room is compacted and dropped, so memory is bounded by the rooms
 * in use. A failed load leaves nothing behind, so the next join retries.
 */
import type { Logger } from 'pino'
import type { RoomBus } from '../bus/room-bus.ts'
import { LimitExceededError, type StoreWriteError } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { DEFAULT_AWARENESS_LIMITS, type AwarenessLimits } from './awareness-guard.ts'
import { Room } from './room.ts'
import { SetAsideRecords } from './set-aside-records.ts'

interface RoomEntry {
  loading: Promise<Room>
  room: Room | null
  /** Connections between asking for the room and joining it: the room is not idle. */
  pendingJoins: number
  unloadTimer: NodeJS.Timeout | null
  unloading: Promise<void> | null
}

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
}

/** A connection waiting for its room. */
export interface RoomJoiner {
  readonly isOpen: boolean
  attach(room: Room): void
}

export class RoomRegistry {
  private readonly entries = new Map<string, RoomEntry>()
  /** Stored records that rooms loaded without, for /readyz. */
  readonly setAsideRecords: SetAsideRecords
  /** Set on shutdown: rooms then unload even while members are still closing. */
  private closing = false

  constructor(private readonly options: RoomRegistryOptions) {
    this.setAsideRecords = new SetAsideRecords(options.logger, options.metrics)
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
    const existing = this.entries.get(roomId)
    if (existing?.unloading) {
      await existing.unloading
      return this.join(roomId, joiner)
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
    if (joiner.isOpen) joiner.attach(room)
    else this.release(room)
  }

  /**
   * Whether this instance holds the room with people in it or on their way, or with updates
   * not in the store yet: the room exists then, whatever the store says so far.
   */
  isInUse(roomId: string): boolean {
    const entry = this.entries.get(roomId)
    if (!entry) return false
    return entry.pendingJoins > 0 || (entry.room !== null && (entry.room.members.size > 0 || entry.room.hasUnstoredUpdates))
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
    await this.makeSpace()
    const raced = this.entries.get(roomId)
    if (raced) return raced
    const entry: RoomEntry = { loading: Promise.resolve(null as never), room: null, pendingJoins: 0, unloadTimer: null, unloading: null }
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
    }).then(
      (room) => {
        this.options.metrics.roomLoads.inc()
        entry.room = room
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
    return entry.room !== null && entry.room.members.size === 0 && entry.pendingJoins === 0 && (unloading || !entry.unloading)
  }

  /**
   * The store refused a write: the room's memory now holds an update that is
   * not stored, so it must not be served. Every member is told and the room is
   * dropped; clients keep their changes (IndexedDB) and resend them when they
   * reconnect to a freshly loaded room.
   */
  private dropAfterWriteFailure(room: Room, error: StoreWriteError): void {
    this.options.logger.error({ room: room.id, err: error.cause }, error.message)
    for (const member of room.members) member.close({ kind: 'storeFailed', message: 'Server could not save; reconnecting will retry' })
    const entry = this.entries.get(room.id)
    if (entry?.room === room) {
      if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
      this.entries.delete(room.id)
    }
    room.destroy()
  }
}
