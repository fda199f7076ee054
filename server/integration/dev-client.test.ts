import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'

/** `npm run dev`: Vite serves the client from source, and pages are answered as the built client's are. */
describe('development client (SEED_DEV=1)', () => {
  let seed: ServerProcess

  beforeAll(async () => {
    seed = await startSeed({ env: { SEED_DEV: '1' } })
  }, 60_000)
  afterAll(async () => {
    await seed?.dispose()
  })

  it.each(['/', '/r/some-room'])('answers the app route %s with the app from source and status 200', async (route) => {
    const response = await fetch(new URL(route, seed.url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(await response.text()).toContain('/@vite/client')
  })

  it.each(['/nope', '/docs/some/page', '/index.html'])('answers the unknown page %s with the app (its not-found page) and status 404', async (route) => {
    const response = await fetch(new URL(route, seed.url))
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('/@vite/client')
  })

  it('serves the client’s modules, and leaves missing assets to a plain 404', async () => {
    const entry = await fetch(new URL('/@vite/client', seed.url))
    expect(entry.status).toBe(200)
    expect(entry.headers.get('content-type')).toMatch(/javascript/)
    const missing = await fetch(new URL('/assets/app-missing.js', seed.url))
    expect(missing.status).toBe(404)
    expect(await missing.text()).not.toContain('<html')
  })
})
