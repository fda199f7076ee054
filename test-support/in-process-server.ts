/** Starts Seed inside the test process (fast) on a random port with a temp LevelDB dir. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { loadConfig } from '../server/config.ts'
import { startSeedServer, type SeedServer } from '../server/seed-server.ts'

export interface TestServer extends SeedServer {
  wsUrl: string
  dataDir: string
  dispose(): Promise<void>
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-it-'))
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env })
  const server = await startSeedServer(config, pino({ level: process.env.SEED_TEST_LOG_LEVEL ?? 'silent' }))
  return {
    ...server,
    close: server.close,
    wsUrl: `${server.url.replace(/^http/, 'ws')}ws`,
    dataDir,
    dispose: async () => {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
