/**
 * The Postgres store's tables, and the migrations that create them at start.
 *
 * Each migration runs once per database, in order, recorded in
 * seed_schema_version. All of them run in one transaction that first takes a
 * transaction-scoped advisory lock: instances starting together queue on the
 * lock, and each one after the first finds the versions recorded and does
 * nothing. DDL is transactional in Postgres, so a failed start leaves the
 * schema as it was. Append migrations; never edit one that has shipped.
 */
import type pg from 'pg'

/** Any constant shared by every Seed instance; advisory locks are per database. */
const MIGRATION_LOCK_KEY = 0x5eed_0001

export const MIGRATIONS: readonly string[] = [
  // 1: rooms (the per-room seq counter), their records, uploads, the write probe.
  `
  CREATE TABLE seed_rooms (
    room_id text PRIMARY KEY,
    -- the highest seq ever handed out; its row lock orders a room's writers
    last_seq bigint NOT NULL
  );
  CREATE TABLE seed_updates (
    room_id text NOT NULL REFERENCES seed_rooms (room_id),
    seq bigint NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (room_id, seq)
  );
  CREATE TABLE seed_uploads (
    room_id text NOT NULL,
    upload_id text NOT NULL,
    content_type text NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (room_id, upload_id)
  );
  CREATE TABLE seed_write_probe (
    id integer PRIMARY KEY,
    checked_at timestamptz NOT NULL
  );
  `,
  // 2: when a room was created (POST /api/rooms, or its first write). Rooms of version 1 keep NULL: not recorded.
  `
  ALTER TABLE seed_rooms ADD COLUMN created_at timestamptz;
  ALTER TABLE seed_rooms ALTER COLUMN created_at SET DEFAULT now();
  `,
  // 3: deletion (the room's row stays as its tombstone), metadata beside the counter row, listing by id.
  `
  ALTER TABLE seed_rooms ADD COLUMN deleted_at timestamptz;
  -- its own table: an append rewrites the counter row, which stays narrow
  CREATE TABLE seed_room_metadata (
    room_id text PRIMARY KEY REFERENCES seed_rooms (room_id),
    title text NOT NULL DEFAULT '',
    updated_at timestamptz,
    bytes bigint NOT NULL DEFAULT 0,
    last_writers jsonb NOT NULL DEFAULT '[]'
  );
  -- pages of rooms in byte order of their ids, as LevelDB lists them, whatever the database's collation
  CREATE INDEX seed_rooms_listing ON seed_rooms ((room_id COLLATE "C")) WHERE deleted_at IS NULL;
  `,
  // 4: versions (version-store.ts), one per (room, seq): the primary key is what records each once in a cluster.
  `
  CREATE TABLE seed_versions (
    room_id text NOT NULL,
    seq bigint NOT NULL,
    created_at bigint NOT NULL,
    name text,
    auto boolean NOT NULL,
    authors jsonb NOT NULL,
    words_added integer NOT NULL,
    words_removed integer NOT NULL,
    -- large states are kept out of line (TOAST): listing reads none of them
    state bytea NOT NULL,
    PRIMARY KEY (room_id, seq)
  );
  `,
]

/** Database schema newer than this code: a newer Seed migrated it; this one must not write to it. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError'
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(`The database's Seed schema is at version ${databaseVersion}, newer than this Seed knows (${knownVersion}). Run the newer Seed, or a database of its own for this one.`)
  }
}

/** Brings the database to the latest schema; resolves with the versions it applied (none when up to date). */
export async function migrate(client: pg.ClientBase, migrations: readonly string[] = MIGRATIONS): Promise<number[]> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    await client.query('CREATE TABLE IF NOT EXISTS seed_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM seed_schema_version')
    const current = rows[0]!.version
    if (current > migrations.length) throw new SchemaTooNewError(current, migrations.length)
    const applied: number[] = []
    for (let version = current + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1]!)
      await client.query('INSERT INTO seed_schema_version (version) VALUES ($1)', [version])
      applied.push(version)
    }
    await client.query('COMMIT')
    return applied
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}
