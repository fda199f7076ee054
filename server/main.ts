/** Entry point: reads the config, starts Seed, prints its URL, and stops cleanly on SIGTERM/SIGINT. */
import { ConfigError } from './errors.ts'
import { loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { startSeedServer } from './seed-server.ts'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
  const logger = createLogger(config.logLevel)
  const server = await startSeedServer(config, logger)
  logger.info({ url: server.url, dataDir: config.dataDir }, 'Seed is running')
  process.stdout.write(`Seed is running at ${server.url}\n`)

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
