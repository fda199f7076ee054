/**
 * Playwright fixture: every test gets its own Seed process (random port, temp
 * LevelDB dir) started before it and disposed after it, so tests never share
 * state and can crash or restart their server freely. `test.use({ seedEnv })`
 * passes settings such as limits to that server. It runs the compiled server
 * (built once by e2e/setup/build-seed.ts), as production does.
 */
import { test as base } from '@playwright/test'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'

export const test = base.extend<{ seed: ServerProcess; seedEnv: Record<string, string> }>({
  seedEnv: [{}, { option: true }],
  seed: async ({ seedEnv }, use) => {
    const seed = await startSeed({ env: seedEnv, runtime: 'compiled' })
    await use(seed)
    await seed.dispose()
  },
})

export { expect } from '@playwright/test'
