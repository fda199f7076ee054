/**
 * Playwright fixture: every test gets its own Seed process (random port, temp
 * LevelDB dir) started before it and disposed after it, so tests never share
 * state and can crash or restart their server freely. `test.use({ seedEnv })`
 * passes settings such as limits to that server. It runs the compiled server
 * (built once by e2e/setup/build-seed.ts), as production does.
 *
 * `test.use({ seedShared: true })` instead hands the test its worker's Seed for
 * that seedEnv, started at the worker's first such test: starting a Seed takes
 * seconds on a loaded machine, a large part of a short test. For specs whose
 * tests each work in rooms of their own and never read the whole server (the
 * document list of the API, its metrics, its log).
 */
import { test as base } from '@playwright/test'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { WorkerSeeds } from './worker-seeds.ts'

export const test = base.extend<{ seed: ServerProcess; seedEnv: Record<string, string>; seedShared: boolean }, { workerSeeds: WorkerSeeds }>({
  seedEnv: [{}, { option: true }],
  seedShared: [false, { option: true }],
  workerSeeds: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; there are none
    async ({}, use) => {
      const seeds = new WorkerSeeds()
      await use(seeds)
      await seeds.dispose()
    },
    { scope: 'worker' },
  ],
  seed: async ({ seedEnv, seedShared, workerSeeds }, use) => {
    if (seedShared) {
      const seed = await workerSeeds.get(seedEnv)
      await use(seed)
      await WorkerSeeds.heal(seed)
      return
    }
    const seed = await startSeed({ env: seedEnv, runtime: 'compiled' })
    await use(seed)
    await seed.dispose()
  },
})

export { expect } from '@playwright/test'
