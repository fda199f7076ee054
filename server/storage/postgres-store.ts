/**
 * The cluster store: PostgreSQL through `pg`, selected with DATABASE_URL.
 * Any number of Seed instances may write the same database and the same rooms.
 *
 * Tables (postgres-schema.ts, migrated at open when behind, or by `seed migrate`): `seed_rooms` holds one row
 * per room with the highest seq handed out, when the room was created and
 * when it was deleted; `seed_updates` the records by (room, seq);
 * `seed_uploads` the uploads, apart from the records; `seed_room_metadata`
 * the metadata, apart from the counter row that every append rewrites.
 * Deleting a room removes its versions too (`seed_versions`, postgres-version-store.ts),
 * in the same transaction.
 *
 * The room's row is its creation record: `createRoom` inserts it with
 * last_seq 0 (`ON CONFLICT DO NOTHING`, so of racing creations on any
 * instance exactly one inserts it), and a first append that finds no row
 * inserts it with created_at defaulting to now().
 *
 * Sequence numbers come from the room's counter row, not from a Postgres
 * sequence: one statement bumps the counter with `INSERT … ON CONFLICT DO
 * UPDATE … RETURNING last_seq` and inserts the batch's records under the seqs
 * it returned. The counter row stays locked until that statement commits, so
 * the writers of a room — in this process or in any other instance — take
 * seqs one after another and commit in seq order: seqs are strictly
 * increasing and gapless per room, and no reader ever sees seq n+1 committed
 * while n is still missing (with a sequence, a later seq can commit first;
 * a reader that compacts up to it would then replace a record it never saw).
 * A sequence plus an advisory lock would give the same order at the cost of
 * a second mechanism; the counter row is also what roomInfo reads.
 *
 * Group commit: in this process a room's operations run one after another;
 * appends that arrive while one is in flight wait together and go to the
 * database as one multi-row insert, one round trip and one commit. A
 * compaction runs in that order too, after the appends issued before it, in
 * one transaction that locks the counter row, checks the range, deletes the
 * records below `upToSeq` and writes the merged one under `upToSeq`.
 *
 * Deleting keeps the room's row as its tombstone (deleted_at set, last_seq
 * and created_at cleared) and removes everything else of the room in one
 * transaction that first locks the row: appends committed before are
 * removed, and the append statement's counter update only bumps a row that
 * is not deleted, so an append on any instance after the deletion inserts
 * nothing and rejects with DocumentDeletedError, in the same statement that
 * would have taken its seq. Creating the room again revives the row.
 *
 * Metadata changes lock the room's row FOR KEY SHARE (appends do not wait
 * for it, a deletion does) and the metadata row FOR UPDATE, so concurrent
 * changes merge their writers one after another.
 *
 * Every failure rejects with a StoreBackendError saying what to check
 * (postgres-errors.ts); the room turns it into its storeFailed /
 * roomLoadFailed close reasons.
 */
import pg from 'pg'
import type { DocumentMetadata, DocumentStore, MetadataChange, RoomInfo, RoomListing, StoredRoom, StoredUpload, Writer } from './document-store.ts'
import { applyMetadataChange, unrecordedMetadata, type RecordedMetadata } from './document-metadata.ts'
import { prepareSchema, SchemaMigrationNeededError } from './postgres-schema.ts'
import { readableRecords } from './readable-records.ts'
import { postgresFailure } from './postgres-errors.ts'
import { checkPageLimit, decodeRoomCursor, pageOf } from './room-listing.ts'
import { CompactionRangeError, DocumentDeletedError, StoreBackendError } from './store-errors.ts'

/** One batch stays well below Postgres' 65535 parameters and a few MiB per statement. */
const MAX_BATCH_UPDATES = 256
const MAX_BATCH_BYTES = 8 * 1024 * 1024
const CONNECT_TIMEOUT_MS = 10_000
/** /readyz must answer even when the database hangs. */
const WRITABLE_CHECK_TIMEOUT_MS = 5_000

export interface PostgresStoreOptions {
  connectionString: string
  /** Connections this instance keeps at most. */
  poolSize: number
  /** An idle pooled connection broke (the server restarted or went away); the next query that needs it reports its own error. */
  onIdleConnectionError: (error: Error) => void
}

interface PendingAppend {
  update: Uint8Array
  resolve: (seq: number) => void
  reject: (error: unknown) => void
}

/** Appends waiting for the room's previous operation; they are committed together. */
interface OpenBatch {
  appends: PendingAppend[]
  bytes: number
}

/** A room's operations in this process, one after another. */
interface RoomQueue {
  tail: Promise<unknown>
  operations: number
  /** The batch new appends join, until it starts. */
  open: OpenBatch | null
}

/** A bytea from pg is a Buffer; the store hands out plain Uint8Arrays like the LevelDB one. */
const bytesOf = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

/** A seed_room_metadata row as read beside its room (all null when nothing was recorded yet). */
interface MetadataRow {
  title: string | null
  updated_at: Date | null
  bytes: string | null
  last_writers: Writer[] | null
}

const METADATA_COLUMNS = 'm.title, m.updated_at, m.bytes, m.last_writers'

function metadataOf(row: MetadataRow): RecordedMetadata {
  if (row.title === null) return unrecordedMetadata()
  return { title: row.title, updatedAt: row.updated_at?.getTime() ?? null, bytes: Number(row.bytes), lastWriters: row.last_writers ?? [] }
}

/** A pg.Pool's counters: connections open, those of them unused, and queries waiting for one. */
export interface PoolClients {
  total: number
  idle: number
  waiting: number
}

export class PostgresStore implements DocumentStore {
  private readonly rooms = new Map<string, RoomQueue>()
  private closing: Promise<void> | null = null

  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Connects and migrates the schema when it is behind (prepareSchema); rejects with
   * SchemaMigrationNeededError when the user may not, else with a StoreBackendError
   * when the database cannot be used.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
    // Without a listener, an idle connection's error would crash the process.
    pool.on('error', options.onIdleConnectionError)
    try {
      const client = await pool.connect()
      try {
        await prepareSchema(client)
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end()
      if (error instanceof SchemaMigrationNeededError) throw error
      throw postgresFailure('prepare its tables (migrations)', null, error)
    }
    return new PostgresStore(pool)
  }

  appendUpdate(roomId: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      const room = this.queueOf(roomId)
      const pending = { update, resolve, reject }
      const open = room.open
      if (open && open.appends.length < MAX_BATCH_UPDATES && open.bytes + update.byteLength <= MAX_BATCH_BYTES) {
        open.appends.push(pending)
        open.bytes += update.byteLength
        return
      }
      const batch: OpenBatch = { appends: [pending], bytes: update.byteLength }
      room.open = batch
      void this.inRoomOrder(roomId, room, () => this.commitBatch(roomId, room, batch))
    })
  }

  /** After the appends issued before it, like a compaction (see the header). */
  deleteRoom(roomId: string): Promise<void> {
    const room = this.queueOf(roomId)
    room.open = null
    return this.inRoomOrder(roomId, room, () =>
      this.transaction('delete the room', roomId, async (client) => {
        // Waits for appends in flight on any instance; those after it find the row deleted.
        const { rows } = await client.query<{ deleted: boolean }>('SELECT deleted_at IS NOT NULL AS deleted FROM seed_rooms WHERE room_id = $1 FOR UPDATE', [roomId])
        if (rows.length === 0 || rows[0]!.deleted) return
        await client.query('DELETE FROM seed_updates WHERE room_id = $1', [roomId])
        await client.query('DELETE FROM seed_uploads WHERE room_id = $1', [roomId])
        await client.query('DELETE FROM seed_room_metadata WHERE room_id = $1', [roomId])
        await client.query('DELETE FROM seed_versions WHERE room_id = $1', [roomId])
        await client.query('UPDATE seed_rooms SET last_seq = 0, created_at = NULL, deleted_at = now() WHERE room_id = $1', [roomId])
      }),
    )
  }

  compactRoom(roomId: string, merged: Uint8Array, upToSeq: number): Promise<void> {
    const room = this.queueOf(roomId)
    // Appends issued after the compaction are committed after it.
    room.open = null
    return this.inRoomOrder(roomId, room, () =>
      this.transaction('compact the records', roomId, async (client) => {
        const { rows } = await client.query<{ last_seq: string; deleted: boolean }>(
          'SELECT last_seq, deleted_at IS NOT NULL AS deleted FROM seed_rooms WHERE room_id = $1 FOR UPDATE',
          [roomId],
        )
        // An instance that still held the room (it missed the deletion) must not write it back.
        if (rows[0]?.deleted) throw new DocumentDeletedError(roomId)
        const lastSeq = rows.length === 0 ? 0 : Number(rows[0]!.last_seq)
        if (upToSeq < 1 || upToSeq > lastSeq) throw new CompactionRangeError(roomId, upToSeq, lastSeq)
        await client.query('DELETE FROM seed_updates WHERE room_id = $1 AND seq < $2', [roomId, upToSeq])
        // The merged record keeps the place of seq upToSeq, before every later record, and consumes no seq.
        await client.query(
          'INSERT INTO seed_updates (room_id, seq, data) VALUES ($1, $2, $3) ON CONFLICT (room_id, seq) DO UPDATE SET data = EXCLUDED.data',
          [roomId, upToSeq, merged],
        )
      }),
    )
  }

  async loadRoom(roomId: string): Promise<StoredRoom> {
    // One statement reads one snapshot: the records, lastSeq and the tombstone agree. A room without records is one row of nulls.
    const { rows } = await this.query<{ deleted: boolean | null; seq: string | null; data: Buffer | null }>(
      'load the records',
      roomId,
      `SELECT room.deleted_at IS NOT NULL AS deleted, record.seq, record.data
       FROM (VALUES ($1::text)) AS wanted (room_id)
       LEFT JOIN seed_rooms AS room USING (room_id)
       LEFT JOIN seed_updates AS record USING (room_id)
       ORDER BY record.seq`,
      [roomId],
    )
    if (rows[0]?.deleted) return { updates: [], lastSeq: 0, setAside: [], deleted: true }
    const records = rows.filter((row) => row.seq !== null).map((row) => ({ seq: Number(row.seq), update: bytesOf(row.data!) }))
    return readableRecords(records)
  }

  async roomInfo(roomId: string): Promise<RoomInfo | null> {
    const { rows } = await this.query<{ last_seq: string; created_at: Date | null; deleted: boolean }>(
      'read the last seq',
      roomId,
      'SELECT last_seq, created_at, deleted_at IS NOT NULL AS deleted FROM seed_rooms WHERE room_id = $1',
      [roomId],
    )
    if (rows.length === 0) return null
    if (rows[0]!.deleted) return { lastSeq: 0, createdAt: null, deleted: true }
    return { lastSeq: Number(rows[0]!.last_seq), createdAt: rows[0]!.created_at?.getTime() ?? null }
  }

  async createRoom(roomId: string, createdAt: number): Promise<boolean> {
    // Inserts the row, or revives a deleted one; of racing creations one does, the others find it created.
    const { rowCount } = await this.query(
      'create the room',
      roomId,
      `INSERT INTO seed_rooms AS room (room_id, last_seq, created_at) VALUES ($1, 0, to_timestamp($2::double precision / 1000))
       ON CONFLICT (room_id) DO UPDATE SET last_seq = 0, created_at = EXCLUDED.created_at, deleted_at = NULL
       WHERE room.deleted_at IS NOT NULL`,
      [roomId, createdAt],
    )
    return rowCount === 1
  }

  async recordMetadata(roomId: string, change: MetadataChange): Promise<void> {
    await this.transaction('record the metadata', roomId, async (client) => {
      const { rows: live } = await client.query('SELECT 1 FROM seed_rooms WHERE room_id = $1 AND deleted_at IS NULL FOR KEY SHARE', [roomId])
      if (live.length === 0) return
      // Inserted when missing, and locked either way: the next change waits for this one's writers.
      const { rows } = await client.query<{ last_writers: Writer[] }>(
        `INSERT INTO seed_room_metadata AS kept (room_id) VALUES ($1)
         ON CONFLICT (room_id) DO UPDATE SET room_id = kept.room_id
         RETURNING last_writers`,
        [roomId],
      )
      const metadata = applyMetadataChange(rows[0]!.last_writers, change)
      await client.query(
        `UPDATE seed_room_metadata SET title = $2, updated_at = to_timestamp($3::double precision / 1000), bytes = $4, last_writers = $5::jsonb
         WHERE room_id = $1`,
        [roomId, metadata.title, metadata.updatedAt, metadata.bytes, JSON.stringify(metadata.lastWriters)],
      )
    })
  }

  async documentMetadata(roomId: string): Promise<DocumentMetadata | null> {
    const { rows } = await this.query<{ created_at: Date | null } & MetadataRow>(
      'read the metadata',
      roomId,
      `SELECT r.created_at, ${METADATA_COLUMNS} FROM seed_rooms AS r LEFT JOIN seed_room_metadata AS m USING (room_id)
       WHERE r.room_id = $1 AND r.deleted_at IS NULL`,
      [roomId],
    )
    return rows.length === 0 ? null : { ...metadataOf(rows[0]!), createdAt: rows[0]!.created_at?.getTime() ?? null }
  }

  async listRooms(page: { limit: number; cursor: string | null }): Promise<RoomListing> {
    checkPageLimit(page.limit)
    // Every id sorts after '' (ids are never empty): the first page needs no second statement.
    const { rows } = await this.query<{ room_id: string; created_at: Date | null } & MetadataRow>(
      'list the rooms',
      null,
      `SELECT r.room_id, r.created_at, ${METADATA_COLUMNS} FROM seed_rooms AS r LEFT JOIN seed_room_metadata AS m USING (room_id)
       WHERE r.deleted_at IS NULL AND (r.room_id COLLATE "C") > $1
       ORDER BY (r.room_id COLLATE "C") LIMIT $2`,
      [page.cursor === null ? '' : decodeRoomCursor(page.cursor), page.limit + 1],
    )
    const rooms = rows.map((row) => ({ id: row.room_id, ...metadataOf(row), createdAt: row.created_at?.getTime() ?? null }))
    return pageOf(rooms, page.limit)
  }

  async putUpload(roomId: string, uploadId: string, upload: StoredUpload): Promise<void> {
    // Never overwritten: ids name content, and a reader may be served the stored bytes at any moment.
    await this.query(
      'store an upload',
      roomId,
      'INSERT INTO seed_uploads (room_id, upload_id, content_type, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (room_id, upload_id) DO NOTHING',
      [roomId, uploadId, upload.contentType, upload.bytes],
    )
  }

  async uploadBytes(roomId: string): Promise<number> {
    // octet_length of a bytea reads its stored length, not its bytes.
    const { rows } = await this.query<{ total: string }>(
      'sum the uploads',
      roomId,
      'SELECT coalesce(sum(octet_length(bytes)), 0)::bigint AS total FROM seed_uploads WHERE room_id = $1',
      [roomId],
    )
    return Number(rows[0]!.total)
  }

  async listUploads(roomId: string): Promise<string[]> {
    const { rows } = await this.query<{ upload_id: string }>(
      'list the uploads',
      roomId,
      'SELECT upload_id FROM seed_uploads WHERE room_id = $1 ORDER BY (upload_id COLLATE "C")',
      [roomId],
    )
    return rows.map((row) => row.upload_id)
  }

  async getUpload(roomId: string, uploadId: string): Promise<StoredUpload | null> {
    const { rows } = await this.query<{ content_type: string; bytes: Buffer }>(
      'read an upload',
      roomId,
      'SELECT content_type, bytes FROM seed_uploads WHERE room_id = $1 AND upload_id = $2',
      [roomId, uploadId],
    )
    return rows.length === 0 ? null : { contentType: rows[0]!.content_type, bytes: bytesOf(rows[0]!.bytes) }
  }

  async checkWritable(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${WRITABLE_CHECK_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })), WRITABLE_CHECK_TIMEOUT_MS)
    })
    try {
      await Promise.race([
        this.pool.query('INSERT INTO seed_write_probe (id, checked_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at'),
        timeout,
      ])
    } catch (error) {
      throw postgresFailure('check that it is writable', null, error)
    } finally {
      clearTimeout(timer)
    }
  }

  /** Bytes of Seed's tables with their indexes and TOAST (for seed_store_bytes): sizes from the catalog and the files, no row is read. */
  async storedBytes(): Promise<number> {
    const { rows } = await this.query<{ bytes: string }>(
      'measure its tables',
      null,
      "SELECT coalesce(sum(pg_total_relation_size(oid)), 0)::text AS bytes FROM pg_class WHERE relkind = 'r' AND relname LIKE 'seed\\_%' AND pg_table_is_visible(oid)",
      [],
    )
    return Number(rows[0]!.bytes)
  }

  /** The connection pool's counters (for seed_postgres_pool_clients). */
  get poolClients(): PoolClients {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount }
  }

  /** Waits for the operations in flight, then closes every connection; every call after it rejects. */
  close(): Promise<void> {
    this.closing ??= Promise.all([...this.rooms.values()].map((room) => room.tail)).then(() => this.pool.end())
    return this.closing
  }

  /**
   * The batch's updates as records with consecutive seqs, in one statement
   * (see the header: the counter row orders writers). A deleted room's
   * counter is not bumped, so nothing is inserted.
   */
  private async commitBatch(roomId: string, room: RoomQueue, batch: OpenBatch): Promise<void> {
    if (room.open === batch) room.open = null
    const rows = batch.appends.map((_, i) => `(${i + 1}, $${i + 3}::bytea)`).join(', ')
    try {
      const { rows: inserted } = await this.pool.query<{ seq: string }>(
        `WITH counter AS (
           INSERT INTO seed_rooms AS room (room_id, last_seq) VALUES ($1, $2::bigint)
           ON CONFLICT (room_id) DO UPDATE SET last_seq = room.last_seq + EXCLUDED.last_seq
           WHERE room.deleted_at IS NULL
           RETURNING last_seq
         )
         INSERT INTO seed_updates (room_id, seq, data)
         SELECT $1, counter.last_seq - $2::bigint + batch.ord, batch.data
         FROM counter CROSS JOIN (VALUES ${rows}) AS batch (ord, data)
         RETURNING seq`,
        [roomId, batch.appends.length, ...batch.appends.map((append) => append.update)],
      )
      if (inserted.length === 0) {
        const deleted = new DocumentDeletedError(roomId)
        for (const append of batch.appends) append.reject(deleted)
        return
      }
      const lastSeq = Math.max(...inserted.map((row) => Number(row.seq)))
      const firstSeq = lastSeq - batch.appends.length + 1
      batch.appends.forEach((append, i) => append.resolve(firstSeq + i))
    } catch (error) {
      const failure = postgresFailure('store an update', roomId, error)
      for (const append of batch.appends) append.reject(failure)
    }
  }

  private async query<Row extends pg.QueryResultRow>(operation: string, roomId: string | null, sql: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(sql, values)
    } catch (error) {
      throw postgresFailure(operation, roomId, error)
    }
  }

  private async transaction(operation: string, roomId: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw postgresFailure(operation, roomId, error)
    }
    let broken: Error | undefined
    // A connection that breaks between two queries (PostgreSQL stopped) says so as an event: the pool listens only
    // while the client is idle, and an event nobody listens to would crash the process. The next query fails with it.
    const onError = (error: Error) => (broken ??= error)
    client.on('error', onError)
    try {
      await client.query('BEGIN')
      await work(client)
      await client.query('COMMIT')
    } catch (error) {
      // A connection that cannot even roll back is broken: the pool must not hand it out again.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError))
      if (error instanceof CompactionRangeError || error instanceof DocumentDeletedError || error instanceof StoreBackendError) throw error
      throw postgresFailure(operation, roomId, error)
    } finally {
      client.off('error', onError)
      client.release(broken)
    }
  }

  private queueOf(roomId: string): RoomQueue {
    let room = this.rooms.get(roomId)
    if (!room) {
      room = { tail: Promise.resolve(), operations: 0, open: null }
      this.rooms.set(roomId, room)
    }
    return room
  }

  /** Runs `operation` after the room's earlier operations; the room is forgotten once none is left. */
  private inRoomOrder<T>(roomId: string, room: RoomQueue, operation: () => Promise<T>): Promise<T> {
    room.operations += 1
    const run = room.tail.then(operation)
    // The chain goes on whatever this operation did; its caller gets the outcome through `run`.
    room.tail = run.then(
      () => this.release(roomId, room),
      () => this.release(roomId, room),
    )
    return run
  }

  private release(roomId: string, room: RoomQueue): void {
    if (--room.operations === 0 && this.rooms.get(roomId) === room) this.rooms.delete(roomId)
  }
}
