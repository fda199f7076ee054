/** Playwright global setup: builds what is stale (client and server) once, before any worker starts a Seed. */
import { buildSeed } from '../../test-support/seed-process.ts'

export default buildSeed
