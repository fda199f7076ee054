/**
 * Which rooms are in memory. The first connection loads a room (concurrent
 * joins share one load); when the last one leaves, a grace timer starts, after
 * which the room is compacted and dropped, so memory is bounded by the rooms
 * in use. A failed load leaves nothing behind, so the next join retries.
 */
import type { Logger } from 'pino'
import { CloseCode } from '../../shared/protocol.ts'
import { LimitExceededError, type StoreWriteError } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { Room } from './room.ts'

interface RoomEntry {
  loading: Promise<Room>
  room: Room | null
  unloadTimer: NodeJS.Timeout | null
  unloading: Promise<void> | null
}

export interface RoomRegistryOptions {
  store: DocumentStore
  logger: Logger
  metrics: Metrics
  unloadGraceMs: number
  compactAfterUpdates: number
  maxDocumentBytes: number
  /** When full, the least recently used empty room is unloaded to make space. */
  maxLoadedRooms: number
}

export class RoomRegistry {
  private readonly entries = new Map<string, RoomEntry>()
  /** Set on shutdown: rooms then unload even while members are still closing. */
  private closing = false

  constructor(private readonly options: RoomRegistryOptions) {}

  get loadedRoomCount(): number {
    return this.entries.size
  }

  /** The loaded room; rejects with RoomLoadError when its data cannot be read. */
  async acquire(roomId: string): Promise<Room> {
    const existing = this.entries.get(roomId)
    if (existing?.unloading) {
      await existing.unloading
      return this.acquire(roomId)
    }
    const entry = existing ?? (await this.startLoading(roomId))
    // Map order is our LRU order: move the room to the most recent end.
    this.entries.delete(roomId)
    this.entries.set(roomId, entry)
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer)
      entry.unloadTimer = null
    }
    return entry.loading
  }

  /** Called when a member left; unloads the room after the grace period if it stays empty. */
  release(room: Room): void {
    const entry = this.entries.get(room.id)
    if (!entry || entry.room !== room || room.members.size > 0 || entry.unloading) return
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
    const entry: RoomEntry = { loading: Promise.resolve(null as never), room: null, unloadTimer: null, unloading: null }
    entry.loading = Room.load(roomId, {
      store: this.options.store,
      logger: this.options.logger,
      metrics: this.options.metrics,
      compactAfterUpdates: this.options.compactAfterUpdates,
      maxDocumentBytes: this.options.maxDocumentBytes,
      onWriteFailure: (room, error) => this.dropAfterWriteFailure(room, error),
    }).then(
      (room) => {
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
      const idle = [...this.entries].find(([, entry]) => entry.room !== null && entry.room.members.size === 0 && !entry.unloading)
      if (!idle) {
        this.options.metrics.limitHits.inc({ limit: 'loaded-rooms' })
        throw new LimitExceededError('loaded-rooms', CloseCode.serverAtCapacity, 'Server is at capacity (too many open documents); try again later')
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
          if (room.members.size > 0 && !this.closing) {
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

  /**
   * The store refused a write: the room's memory now holds an update that is
   * not stored, so it must not be served. Every member is told and the room is
   * dropped; clients keep their changes (IndexedDB) and resend them when they
   * reconnect to a freshly loaded room.
   */
  private dropAfterWriteFailure(room: Room, error: StoreWriteError): void {
    this.options.logger.error({ room: room.id, err: error.cause }, error.message)
    for (const member of room.members) member.close(CloseCode.storeWriteFailed, 'Server could not save; reconnecting will retry')
    const entry = this.entries.get(room.id)
    if (entry?.room === room) {
      if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
      this.entries.delete(room.id)
    }
    room.destroy()
  }
}
