import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { createStaticClientHandler } from '../server/http/static-client.ts'

/**
 * A new version of the app reaches someone who has it installed: the next
 * online visit finds a changed service worker, which waits behind a prompt
 * until the person reloads. Seed's own static handler serves a copy of the
 * built client (only the app shell matters here, not documents), so the test
 * can deploy a "new version" by changing that copy's service worker.
 */

const BUILT_CLIENT = fileURLToPath(new URL('../dist/client', import.meta.url))

let clientDir: string
let server: Server
let url: string

test.beforeEach(async () => {
  clientDir = await mkdtemp(path.join(tmpdir(), 'seed-client-copy-'))
  await cp(BUILT_CLIENT, clientDir, { recursive: true })
  const serve = createStaticClientHandler(clientDir)
  server = createServer((request, response) => {
    void serve(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

test.afterEach(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await rm(clientDir, { recursive: true, force: true })
})

test('a new version waits behind a non-blocking prompt and takes over when the person reloads', async ({ page }) => {
  await page.goto(url)
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  const prompt = page.getByTestId('update-prompt')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(prompt).toHaveCount(0)

  // Deploy: the service worker changes (as it does whenever a build changes anything it precaches).
  await appendFile(path.join(clientDir, 'sw.js'), '\n// the next version\n')
  await page.reload()
  await expect(prompt).toBeVisible()
  await expect(prompt).toHaveAttribute('role', 'status')
  await expect(prompt).toContainText('New version available')
  const waiting = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null)
  expect(await waiting()).toBe(true)

  await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()])
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(prompt).toHaveCount(0)
  expect(await waiting()).toBe(false)
})
