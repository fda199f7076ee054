/**
 * `seed migrate`: brings the PostgreSQL schema (server/storage/postgres-schema.ts,
 * and the webhook deliveries table) to this Seed's version, as its own step: run it as a user that may create
 * tables before starting servers whose DATABASE_URL user has data privileges
 * only (each server checks the version at start and stops when it is behind).
 */
import pg from 'pg'
import { loadConfig } from '../config.ts'
import { ConfigError } from '../errors.ts'
import { postgresFailure } from '../storage/postgres-errors.ts'
import { migrate as migrateSchema, MIGRATIONS, SchemaTooNewError } from '../storage/postgres-schema.ts'
import { prepareWebhookOutboxTable } from '../webhooks/postgres-webhook-outbox.ts'
import { CliError } from './cli-error.ts'
import { parseCommandArgs, type Command } from './command.ts'

const usage = 'seed migrate'

export const migrate: Command = {
  usage,
  async run(args) {
    parseCommandArgs(args, {}, usage, 0)
    let config
    try {
      config = loadConfig(process.env)
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message, 2)
      throw error
    }
    if (!config.database) {
      process.stderr.write('Nothing to migrate: DATABASE_URL is not set, and the LevelDB store (DATA_DIR) needs no migration step.\n')
      return
    }
    const client = new pg.Client({ connectionString: config.database.url })
    try {
      await client.connect()
      const applied = await migrateSchema(client)
      // Created here too: with WEBHOOK_URLS set, a server whose user may not create tables needs it in place.
      await prepareWebhookOutboxTable(client)
      process.stderr.write(
        applied.length === 0
          ? `The schema is up to date (version ${MIGRATIONS.length}).\n`
          : `Migrated the schema to version ${MIGRATIONS.length} (applied ${applied.join(', ')}).\n`,
      )
    } catch (error) {
      if (error instanceof SchemaTooNewError) throw new CliError(error.message)
      const failure = postgresFailure('migrate the schema', null, error)
      throw new CliError(failure.message)
    } finally {
      await client.end().catch(() => undefined)
    }
  },
}
