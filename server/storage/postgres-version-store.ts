/**
 * Versions in the instances' shared PostgreSQL database: the `seed_versions`
 * table (postgres-schema.ts, migration 4), through a small pool of its own.
 * Its primary key (room_id, seq) is what keeps one version per seq across a
 * cluster: `INSERT … ON CONFLICT DO NOTHING` inserts for exactly one of two
 * instances recording the same state. Listing selects every column but the
 * state, which PostgreSQL keeps out of line for large values.
 */
import pg from 'pg'
import { prepareSchema, SchemaMigrationNeededError } from './postgres-schema.ts'
import { postgresFailure } from './postgres-errors.ts'
import type { NewVersion, VersionAuthor, VersionInfo, VersionStore } from './version-store.ts'

/** Versions are a few statements a minute: two connections keep them apart from the document store's pool. */
const POOL_SIZE = 2
const CONNECT_TIMEOUT_MS = 10_000

interface Row {
  seq: string
  created_at: string
  name: string | null
  auto: boolean
  authors: VersionAuthor[]
  words_added: number
  words_removed: number
}

const INFO_COLUMNS = 'seq, created_at, name, auto, authors, words_added, words_removed'

function infoOf(row: Row): VersionInfo {
  return {
    seq: Number(row.seq),
    createdAt: Number(row.created_at),
    name: row.name,
    auto: row.auto,
    authors: row.authors,
    wordsAdded: row.words_added,
    wordsRemoved: row.words_removed,
  }
}

export interface PostgresVersionStoreOptions {
  connectionString: string
  onIdleConnectionError: (error: Error) => void
}

export class PostgresVersionStore implements VersionStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and brings the schema up to date when it is behind (the document store's prepareSchema: no DDL when current, so a user with data privileges only passes). */
  static async open(options: PostgresVersionStoreOptions): Promise<PostgresVersionStore> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
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
      throw postgresFailure('prepare the versions table (migrations)', null, error)
    }
    return new PostgresVersionStore(pool)
  }

  async addVersion(roomId: string, version: NewVersion): Promise<boolean> {
    const { rowCount } = await this.query(
      'store a version',
      roomId,
      `INSERT INTO seed_versions (room_id, seq, created_at, name, auto, authors, words_added, words_removed, state)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9) ON CONFLICT (room_id, seq) DO NOTHING`,
      [roomId, version.seq, version.createdAt, version.name, version.auto, JSON.stringify(version.authors), version.wordsAdded, version.wordsRemoved, version.state],
    )
    return rowCount === 1
  }

  async listVersions(roomId: string): Promise<VersionInfo[]> {
    const { rows } = await this.query<Row>('list the versions', roomId, `SELECT ${INFO_COLUMNS} FROM seed_versions WHERE room_id = $1 ORDER BY seq DESC`, [roomId])
    return rows.map(infoOf)
  }

  async latestVersion(roomId: string): Promise<VersionInfo | null> {
    const { rows } = await this.query<Row>('read the latest version', roomId, `SELECT ${INFO_COLUMNS} FROM seed_versions WHERE room_id = $1 ORDER BY seq DESC LIMIT 1`, [roomId])
    return rows[0] ? infoOf(rows[0]) : null
  }

  async getVersion(roomId: string, seq: number): Promise<VersionInfo | null> {
    if (!validSeq(seq)) return null
    const { rows } = await this.query<Row>('read a version', roomId, `SELECT ${INFO_COLUMNS} FROM seed_versions WHERE room_id = $1 AND seq = $2`, [roomId, seq])
    return rows[0] ? infoOf(rows[0]) : null
  }

  async versionState(roomId: string, seq: number): Promise<Uint8Array | null> {
    if (!validSeq(seq)) return null
    const { rows } = await this.query<{ state: Buffer }>('read a version', roomId, 'SELECT state FROM seed_versions WHERE room_id = $1 AND seq = $2', [roomId, seq])
    const state = rows[0]?.state
    return state ? new Uint8Array(state.buffer, state.byteOffset, state.byteLength) : null
  }

  async nameVersion(roomId: string, seq: number, name: string): Promise<VersionInfo | null> {
    if (!validSeq(seq)) return null
    const { rows } = await this.query<Row>('name a version', roomId, `UPDATE seed_versions SET name = $3 WHERE room_id = $1 AND seq = $2 RETURNING ${INFO_COLUMNS}`, [
      roomId,
      seq,
      name,
    ])
    return rows[0] ? infoOf(rows[0]) : null
  }

  async deleteVersions(roomId: string, seqs: readonly number[]): Promise<void> {
    const valid = seqs.filter(validSeq)
    if (valid.length === 0) return
    await this.query('thin the versions', roomId, 'DELETE FROM seed_versions WHERE room_id = $1 AND seq = ANY($2::bigint[])', [roomId, valid])
  }

  async deleteRoomVersions(roomId: string): Promise<void> {
    await this.query('delete the versions', roomId, 'DELETE FROM seed_versions WHERE room_id = $1', [roomId])
  }

  close(): Promise<void> {
    return this.pool.end()
  }

  private async query<R extends pg.QueryResultRow>(operation: string, roomId: string, sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values)
    } catch (error) {
      throw postgresFailure(operation, roomId, error)
    }
  }
}

/** What a seq column can hold and a version id can name. */
const validSeq = (seq: number) => Number.isSafeInteger(seq) && seq >= 0
