/**
 * Playwright fixture: every test gets its own Seed process (random port, temp
 * LevelDB dir) started before it and disposed after it, so tests never share
 * state and can crash or restart their server freely.
 */
import { test as base } from '@playwright/test'
import { SeedProcess } from '../../server/testing/seed-process.ts'

export const test = base.extend<{ seed: SeedProcess }>({
  // Playwright requires the fixture arguments to be destructured, even when none are used.
  // eslint-disable-next-line no-empty-pattern
  seed: async ({}, use) => {
    const seed = await SeedProcess.start()
    await use(seed)
    await seed.dispose()
  },
})

export { expect } from '@playwright/test'
