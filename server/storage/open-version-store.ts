/**
 * Opens the version store beside the document store: PostgreSQL when
 * DATABASE_URL is set (the instances share it), else a LevelDB of its own in
 * `${DATA_DIR}/versions`.
 */
import path from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { VersionStore } from './version-store.ts'

export async function openVersionStore(config: Pick<Config, 'database' | 'dataDir' | 'storeFsync'>, logger: Logger): Promise<VersionStore> {
  if (config.database) {
    // Loaded only here, like the document store's: a LevelDB-only server never needs pg.
    const { PostgresVersionStore } = await import('./postgres-version-store.ts')
    return PostgresVersionStore.open({
      connectionString: config.database.url,
      onIdleConnectionError: (error) => logger.warn({ err: error }, 'versions: an idle PostgreSQL connection broke; the next query opens a new one'),
    })
  }
  const { LevelVersionStore } = await import('./level-version-store.ts')
  return LevelVersionStore.open(path.join(config.dataDir, 'versions'), { fsync: config.storeFsync })
}
