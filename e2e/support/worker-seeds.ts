/**
 * The Seeds one Playwright worker shares between the tests that ask for
 * `seedShared` (seed-fixture.ts): one per seedEnv, started at the first test
 * that needs it and disposed with the worker. A worker runs one test at a time,
 * so a test may still stop, crash or freeze its server: heal() brings it back
 * before the next test gets it.
 */
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'

/**
 * The per-address limits of a shared Seed, unless the test's seedEnv sets them: every test of the worker comes from
 * 127.0.0.1, and one test's rooms, uploads and connections must not be counted against the next one.
 */
const SHARED_LIMITS: Record<string, string> = {
  ROOMS_CREATED_PER_MINUTE_PER_IP: '1000000',
  UPLOADS_PER_MINUTE_PER_IP: '1000000',
  MAX_CONNECTIONS_PER_IP: '1000000',
}

export class WorkerSeeds {
  private readonly seeds = new Map<string, Promise<ServerProcess>>()

  /** The worker's Seed started with `env` (over the shared limits), started now if it is the first test to ask. */
  get(env: Record<string, string>): Promise<ServerProcess> {
    const key = JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)))
    let seed = this.seeds.get(key)
    if (!seed) {
      seed = startSeed({ env: { ...SHARED_LIMITS, ...env }, runtime: 'compiled' })
      this.seeds.set(key, seed)
    }
    return seed
  }

  /** After a test: a Seed it left frozen goes on, and one it left stopped or crashed starts again on its data. */
  static async heal(seed: ServerProcess): Promise<void> {
    seed.thaw()
    if (!seed.running) await seed.restart()
  }

  async dispose(): Promise<void> {
    const seeds = await Promise.allSettled(this.seeds.values())
    await Promise.all(seeds.map((seed) => (seed.status === 'fulfilled' ? seed.value.dispose() : undefined)))
    this.seeds.clear()
  }
}
