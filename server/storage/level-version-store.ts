/**
 * Versions in a LevelDB of their own (`${DATA_DIR}/versions`), apart from the
 * documents' records, so nothing y-leveldb or LevelStore reads ever meets
 * them. Per version two keys: `['seed', 'version', room, seq]` holds what the
 * history lists (JSON), `['seed', 'version-state', room, seq]` the encoded
 * state, so listing reads no state. Seqs are uint32 key parts (big-endian),
 * so a room's versions sort by seq.
 *
 * LevelDB is opened by one process, so every writer of the directory is this
 * object: a room's writes run one after another here, which is what makes
 * "one version per seq" hold for racing `addVersion` calls.
 */
import { ClassicLevel } from 'classic-level'
import { encodeKey } from './level-keys.ts'
import type { NewVersion, VersionInfo, VersionStore } from './version-store.ts'

const MAX_SEQ = 0xffffffff

const infoKey = (roomId: string, seq: number) => encodeKey(['seed', 'version', roomId, seq])
const stateKey = (roomId: string, seq: number) => encodeKey(['seed', 'version-state', roomId, seq])
const infoRange = (roomId: string) => ({ gte: infoKey(roomId, 0), lte: infoKey(roomId, MAX_SEQ) })
const stateRange = (roomId: string) => ({ gte: stateKey(roomId, 0), lte: stateKey(roomId, MAX_SEQ) })

const encodeInfo = (info: VersionInfo): Uint8Array => Buffer.from(JSON.stringify(info), 'utf8')

function decodeInfo(record: Uint8Array): VersionInfo {
  const { seq, createdAt, name, auto, authors, wordsAdded, wordsRemoved } = JSON.parse(Buffer.from(record).toString('utf8')) as VersionInfo
  return { seq, createdAt, name, auto, authors, wordsAdded, wordsRemoved }
}

export class LevelVersionStore implements VersionStore {
  /** Per room: its last write, which the next one waits for. */
  private readonly roomWrites = new Map<string, Promise<unknown>>()

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly fsync: boolean,
  ) {}

  static async open(directory: string, options: { fsync: boolean }): Promise<LevelVersionStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    return new LevelVersionStore(db, options.fsync)
  }

  addVersion(roomId: string, version: NewVersion): Promise<boolean> {
    return this.inRoomOrder(roomId, async () => {
      if ((await this.db.get(infoKey(roomId, version.seq))) !== undefined) return false
      const { state, ...info } = version
      await this.db.batch(
        [
          { type: 'put', key: stateKey(roomId, version.seq), value: state },
          { type: 'put', key: infoKey(roomId, version.seq), value: encodeInfo(info) },
        ],
        { sync: this.fsync },
      )
      return true
    })
  }

  async listVersions(roomId: string): Promise<VersionInfo[]> {
    const versions: VersionInfo[] = []
    for await (const value of this.db.values({ ...infoRange(roomId), reverse: true })) versions.push(decodeInfo(value))
    return versions
  }

  async latestVersion(roomId: string): Promise<VersionInfo | null> {
    for await (const value of this.db.values({ ...infoRange(roomId), reverse: true, limit: 1 })) return decodeInfo(value)
    return null
  }

  async getVersion(roomId: string, seq: number): Promise<VersionInfo | null> {
    if (!validSeq(seq)) return null
    const value = await this.db.get(infoKey(roomId, seq))
    return value === undefined ? null : decodeInfo(value)
  }

  async versionState(roomId: string, seq: number): Promise<Uint8Array | null> {
    if (!validSeq(seq)) return null
    return (await this.db.get(stateKey(roomId, seq))) ?? null
  }

  nameVersion(roomId: string, seq: number, name: string): Promise<VersionInfo | null> {
    return this.inRoomOrder(roomId, async () => {
      const current = await this.getVersion(roomId, seq)
      if (current === null) return null
      const named = { ...current, name }
      await this.db.put(infoKey(roomId, seq), encodeInfo(named), { sync: this.fsync })
      return named
    })
  }

  deleteVersions(roomId: string, seqs: readonly number[]): Promise<void> {
    const valid = seqs.filter(validSeq)
    return this.inRoomOrder(roomId, () =>
      this.db.batch(
        valid.flatMap((seq) => [
          { type: 'del' as const, key: infoKey(roomId, seq) },
          { type: 'del' as const, key: stateKey(roomId, seq) },
        ]),
        { sync: this.fsync },
      ),
    )
  }

  deleteRoomVersions(roomId: string): Promise<void> {
    return this.inRoomOrder(roomId, async () => {
      const keys: Uint8Array[] = []
      for (const range of [infoRange(roomId), stateRange(roomId)]) for await (const key of this.db.keys(range)) keys.push(key)
      await this.db.batch(
        keys.map((key) => ({ type: 'del' as const, key })),
        { sync: this.fsync },
      )
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.roomWrites.values())
    await this.db.close()
  }

  private inRoomOrder<T>(roomId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.roomWrites.get(roomId) ?? Promise.resolve()
    const next = previous.then(write)
    const settled = next.catch(() => undefined)
    this.roomWrites.set(roomId, settled)
    void settled.then(() => {
      if (this.roomWrites.get(roomId) === settled) this.roomWrites.delete(roomId)
    })
    return next
  }
}

/** Seqs are key parts of 32 bits: anything else names no version. */
const validSeq = (seq: number) => Number.isInteger(seq) && seq >= 0 && seq < MAX_SEQ
