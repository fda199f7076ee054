import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaticClientHandler } from '../http/static-client.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'

describe('static client', () => {
  let clientDir: string
  let server: Server
  let base: string

  beforeAll(async () => {
    clientDir = await mkdtemp(path.join(tmpdir(), 'seed-client-'))
    await mkdir(path.join(clientDir, 'assets'))
    await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Seed</title>')
    await writeFile(path.join(clientDir, 'assets', 'app-1a2b3c.js'), 'export {}')
    await writeFile(path.join(clientDir, 'favicon.svg'), '<svg/>')
    await writeFile(path.join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    const serve = createStaticClientHandler(clientDir)
    server = createServer((request, response) => {
      void serve(request, response).then((handled) => {
        if (!handled) response.writeHead(404).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await rm(clientDir, { recursive: true, force: true })
  })

  it.each(['/', '/r/some-room', '/r/anything/deeper'])('answers the app route %s with index.html, never cached', async (route) => {
    const response = await fetch(base + route)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(await response.text()).toContain('<title>Seed</title>')
  })

  it('caches hashed assets for a year', async () => {
    const response = await fetch(`${base}/assets/app-1a2b3c.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/javascript/)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it('serves other files with revalidation', async () => {
    const response = await fetch(`${base}/favicon.svg`)
    expect(response.headers.get('content-type')).toBe('image/svg+xml')
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('serves the service worker at the root (scope /) as JavaScript, revalidated on every update check', async () => {
    const response = await fetch(`${base}/sw.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/javascript/)
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('answers a missing service worker with a plain 404, so its registration fails cleanly instead of getting a page', async () => {
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'seed-client-'))
    await writeFile(path.join(emptyDir, 'index.html'), '<!doctype html><title>Seed</title>')
    const serve = createStaticClientHandler(emptyDir)
    const withoutWorker = createServer((request, response) => {
      void serve(request, response).then((handled) => {
        if (!handled) response.writeHead(404).end()
      })
    })
    await new Promise<void>((resolve) => withoutWorker.listen(0, '127.0.0.1', resolve))
    try {
      const response = await fetch(`http://127.0.0.1:${(withoutWorker.address() as AddressInfo).port}/sw.js`)
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toBeNull()
    } finally {
      await new Promise((resolve) => withoutWorker.close(resolve))
      await rm(emptyDir, { recursive: true, force: true })
    }
  })

  it('does not serve files outside its directory or unknown files', async () => {
    expect((await fetch(`${base}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
    expect((await fetch(`${base}/missing.js`)).status).toBe(404)
  })

  it.each(['/nope', '/docs/some/page', '/r'])('answers the unknown page %s with the app (its not-found page) and status 404', async (route) => {
    const response = await fetch(base + route)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(await response.text()).toContain('<title>Seed</title>')
  })

  it.each(['/assets/app-missing.js', '/ws/room'])('leaves %s to a plain 404: no page where a script or socket was asked for', async (route) => {
    const response = await fetch(base + route)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBeNull()
  })
})

describe('health, readiness and metrics', () => {
  let seed: TestServer
  beforeAll(async () => {
    seed = await startTestServer()
  })
  afterAll(async () => {
    await seed.dispose()
  })

  it('is healthy and ready while running', async () => {
    const health = await fetch(`${seed.url}healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${seed.url}readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', unreadableRecordsSetAside: 0 })
  })

  it('answers /readyz from a probe run at most once a second, however many unauthenticated calls come', async () => {
    const probes = async () => Number(/^seed_readiness_probes_total (\d+)$/m.exec(await (await fetch(`${seed.url}metrics`)).text())?.[1])
    const before = await probes()
    const startedAt = performance.now()
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`${seed.url}readyz`)))
    for (let i = 0; i < 50; i++) answers.push(await fetch(`${seed.url}readyz`))
    const elapsedMs = performance.now() - startedAt
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200))
    // Probes start at least a second apart: at most one per second elapsed, plus the first (none when an earlier call's is still fresh).
    const ran = (await probes()) - before
    expect(ran).toBeLessThanOrEqual(Math.floor(elapsedMs / 1000) + 1)
  })

  it('exposes Prometheus metrics', async () => {
    const response = await fetch(`${seed.url}metrics`)
    expect(response.headers.get('content-type')).toMatch(/text\/plain/)
    const text = await response.text()
    for (const series of ['seed_connections_open', 'seed_rooms_loaded', 'seed_store_write_seconds', 'seed_broadcast_seconds', 'seed_process_resident_memory_bytes']) {
      expect(text).toContain(series)
    }
  })

  it('answers unknown paths with 404, and unknown API paths with a JSON 404', async () => {
    expect((await fetch(`${seed.url}nope`)).status).toBe(404)
    const api = await fetch(`${seed.url}api/nope`)
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: expect.stringMatching(/No API/) })
  })
})
