/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is
 * set (what several instances share), else the embedded LevelDB in DATA_DIR
 * (one process).
 */
import { mkdir } from 'node:fs/promises'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import { StartupError } from '../errors.ts'
import { dataDirError } from './data-dir-errors.ts'
import { directoryBytes } from './directory-bytes.ts'
import type { DocumentStore } from './document-store.ts'
import { LevelStore } from './level-store.ts'
import type { PoolClients } from './postgres-store.ts'

export interface OpenedStore {
  store: DocumentStore
  /** Names the backend in logs and /readyz, without its address or credentials. */
  backend: 'LevelDB' | 'PostgreSQL'
  /** What the metrics read from the store at scrape time. */
  gauges: StoreGauges
}

/** The `backend` label of the store's metrics. */
export type StoreBackendLabel = 'leveldb' | 'postgres'

/** Cheap calls that read no record, for the metrics. */
export interface StoreGauges {
  readonly backend: StoreBackendLabel
  /**
   * Bytes the store occupies: LevelDB's files in DATA_DIR (the database, the
   * append log, the webhook outbox), or Seed's PostgreSQL tables with their
   * indexes and TOAST. Read from the store rather than summed from the writes
   * seen here: those miss what was there before the start and, in a cluster,
   * what the other instances wrote.
   */
  storedBytes(): Promise<number>
  /** PostgreSQL's connection pool; null for LevelDB. */
  readonly poolClients: (() => PoolClients) | null
}

export async function openDocumentStore(config: Pick<Config, 'database' | 'dataDir' | 'storeFsync'>, logger: Logger): Promise<OpenedStore> {
  if (config.database) {
    // Loaded only here: pg and what it pulls in hold some MiB of memory a LevelDB-only server never needs.
    const { PostgresStore } = await import('./postgres-store.ts')
    const store = await PostgresStore.open({
      connectionString: config.database.url,
      poolSize: config.database.poolSize,
      // The message only: pg's error carries its whole client object.
      onIdleConnectionError: (error) => logger.warn({ cause: error.message }, 'an idle PostgreSQL connection broke; the next query opens a new one'),
    }).catch((error: unknown) => {
      // Its message says what to check (postgres-errors.ts): a start-up error, exit code 2.
      throw new StartupError(error instanceof Error ? error.message : String(error), { cause: error })
    })
    logger.info({ database: describeDatabase(config.database.url), poolSize: config.database.poolSize }, 'store: PostgreSQL')
    return { store, backend: 'PostgreSQL', gauges: { backend: 'postgres', storedBytes: () => store.storedBytes(), poolClients: () => store.poolClients } }
  }
  const store = await mkdir(config.dataDir, { recursive: true })
    .then(() => LevelStore.open(config.dataDir, { fsync: config.storeFsync }))
    .catch((error: unknown) => {
      throw dataDirError(config.dataDir, error)
    })
  const { replayedRecords, droppedBytes } = store.recovery
  if (replayedRecords > 0) logger.info({ replayedRecords }, 'store: replayed records from the append log that LevelDB had not written before the last stop')
  if (droppedBytes > 0) logger.warn({ droppedBytes }, 'store: dropped the end of the append log, a record cut short by a crash (never acknowledged to anyone)')
  return { store, backend: 'LevelDB', gauges: { backend: 'leveldb', storedBytes: () => directoryBytes(config.dataDir), poolClients: null } }
}

/** host:port/database, for logs: never the user or password. */
function describeDatabase(url: string): string {
  const parsed = new URL(url)
  return `${parsed.hostname || 'local socket'}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`
}
