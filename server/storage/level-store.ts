/**
 * The embedded default store: LevelDB through classic-level, in y-leveldb's
 * key layout (see level-keys.ts).
 *
 * Why not y-leveldb itself: it chains every call of every room on one shared
 * promise, catches write errors and resolves them to null (the caller cannot
 * know an update was lost), scans keys backwards on every write to find the
 * next clock, compacts only when a document is read, and compacts in several
 * non-atomic steps. Seed's durability contract needs errors surfaced and
 * compaction that is atomic and runs while a room stays open, so this module
 * keeps the same bytes on disk and does the rest directly on classic-level.
 */
import { ClassicLevel } from 'classic-level'
import type { DocumentStore } from './document-store.ts'
import { decodeUpdateKeyClock, encodeKey, encodeStateVectorRecord, stateVectorKey, updateKey, updateKeyRange } from './level-keys.ts'

/** Outside y-leveldb's 'v1' and 'v1_sv' key spaces, so it never mixes with documents. */
const WRITE_PROBE_KEY = encodeKey(['seed', 'write-probe'])

interface RoomClocks {
  /** Clocks of the stored update records, oldest first. */
  clocks: number[]
}

export interface LevelStoreOptions {
  /** fsync every write: survives power loss, not only a process crash. */
  fsync: boolean
}

export class LevelStore implements DocumentStore {
  private readonly rooms = new Map<string, RoomClocks>()
  private readonly scanning = new Map<string, Promise<RoomClocks>>()

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly options: LevelStoreOptions,
  ) {}

  static async open(directory: string, options: LevelStoreOptions): Promise<LevelStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    return new LevelStore(db, options)
  }

  async loadRoom(roomId: string): Promise<Uint8Array[]> {
    const clocks: number[] = []
    const updates: Uint8Array[] = []
    for await (const [key, value] of this.db.iterator(updateKeyRange(roomId))) {
      clocks.push(decodeUpdateKeyClock(key))
      updates.push(value)
    }
    this.rooms.set(roomId, { clocks })
    return updates
  }

  async appendUpdate(roomId: string, update: Uint8Array): Promise<void> {
    const room = await this.clocksOf(roomId)
    // Reserve the clock before awaiting, so concurrent appends never share a key.
    const clock = nextClock(room)
    room.clocks.push(clock)
    try {
      await this.db.put(updateKey(roomId, clock), update, { sync: this.options.fsync })
    } catch (error) {
      room.clocks.splice(room.clocks.indexOf(clock), 1)
      throw error
    }
  }

  async compactRoom(roomId: string, mergedUpdate: Uint8Array, stateVector: Uint8Array): Promise<void> {
    const room = await this.clocksOf(roomId)
    const clock = nextClock(room)
    const replaced = [...room.clocks]
    await this.db.batch(
      [
        { type: 'put', key: updateKey(roomId, clock), value: mergedUpdate },
        { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(clock, stateVector) },
        ...replaced.map((old) => ({ type: 'del' as const, key: updateKey(roomId, old) })),
      ],
      { sync: this.options.fsync },
    )
    room.clocks = [...room.clocks.slice(replaced.length), clock]
  }

  storedUpdateCount(roomId: string): number {
    return this.rooms.get(roomId)?.clocks.length ?? 0
  }

  releaseRoom(roomId: string): void {
    this.rooms.delete(roomId)
  }

  async checkWritable(): Promise<void> {
    await this.db.put(WRITE_PROBE_KEY, new Uint8Array([1]))
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  private async clocksOf(roomId: string): Promise<RoomClocks> {
    const known = this.rooms.get(roomId)
    if (known) return known
    let scan = this.scanning.get(roomId)
    if (!scan) {
      scan = this.scanClocks(roomId).finally(() => this.scanning.delete(roomId))
      this.scanning.set(roomId, scan)
    }
    return scan
  }

  private async scanClocks(roomId: string): Promise<RoomClocks> {
    const clocks: number[] = []
    for await (const key of this.db.keys(updateKeyRange(roomId))) clocks.push(decodeUpdateKeyClock(key))
    const room = { clocks }
    this.rooms.set(roomId, room)
    return room
  }
}

function nextClock(room: RoomClocks): number {
  const last = room.clocks.at(-1)
  return last === undefined ? 0 : last + 1
}
