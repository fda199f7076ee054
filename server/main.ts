/**
 * Entry point: reads the config, starts Seed, prints its URL, and stops cleanly on SIGTERM/SIGINT.
 * stdout carries the JSON log lines only; what is written for people (the URL, why the start failed) goes to stderr.
 */
import { ConfigError, StartupError } from './errors.ts'
import { loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { startSeedServer } from './seed-server.ts'
import { SchemaMigrationNeededError } from './storage/postgres-schema.ts'

async function main(): Promise<void> {
  let config
  let logger
  let server
  try {
    config = loadConfig(process.env)
    logger = createLogger(config.logLevel, config.instanceId)
    // Starting imports the access mode's key, which can still be a configuration error.
    server = await startSeedServer(config, logger)
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError || error instanceof SchemaMigrationNeededError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
  logger.info({ url: server.url, dataDir: config.dataDir, authMode: config.access.mode }, 'Seed is running')
  process.stderr.write(`Seed is running at ${server.url}\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stop requested')
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  console.error('Seed failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
