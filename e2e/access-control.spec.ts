import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { SignJWT } from 'jose'
import { startSeed } from '../test-support/seed-process.ts'
import type { ServerProcess } from '../test-support/server-process.ts'
import { expectReasonBehindDetails } from './support/message-page.ts'
import { closePeople, documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' }, seedShared: true })
test.afterEach(closePeople)

/** links mode: New document asks the server for a room; the share dialog then holds both links. */
async function createSharedDocument(page: Page, url: string): Promise<{ editLink: string; viewLink: string }> {
  await page.goto(url)
  await page.getByTestId('new-document').click()
  // The token is kept by the page and this device, not left in the address bar.
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]+$/)
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  await page.getByTestId('share-button').click()
  const dialog = page.getByRole('dialog', { name: 'Share this document' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Anyone with this link can read and change the document.')
  await expect(dialog).toContainText('Anyone with this link can read the document and see who is in it, but cannot change anything.')
  const editLink = await dialog.getByRole('textbox', { name: 'Can edit' }).inputValue()
  const viewLink = await dialog.getByRole('textbox', { name: 'Can view only' }).inputValue()
  expect(editLink).toMatch(/\/r\/[A-Za-z0-9_-]+#token=.+/)
  expect(viewLink).toMatch(/\/r\/[A-Za-z0-9_-]+#token=.+/)
  expect(viewLink).not.toBe(editLink)

  await dialog.getByRole('button', { name: 'Copy the “Can view only” link' }).click()
  await expect(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(viewLink)
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toBeHidden()
  return { editLink, viewLink }
}

/** Every way a reader might try to change the text. */
async function tryToEdit(page: Page): Promise<void> {
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('Reader was here.')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Control+a')
  await page.keyboard.press('Delete')
  await page.keyboard.press('Control+b')
  await page.keyboard.press('Control+z')
}

test('a view link shows live edits but cannot change the document; an edit link can', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const { editLink, viewLink } = await createSharedDocument(ada, seed.url)
  await typeAtEnd(ada, 'Written by Ada.')

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(viewLink)
  await expect.poll(() => documentText(grace)).toBe('Written by Ada.')
  await expect(grace).toHaveURL(/\/r\/[A-Za-z0-9_-]+$/)
  await expect(grace.getByRole('note', { name: 'View only' })).toHaveText('View only')
  await expect(grace.getByRole('toolbar')).toHaveCount(0)
  await expect(grace.getByRole('textbox', { name: 'Document text' })).toHaveAttribute('aria-readonly', 'true')
  // The reader is present: Ada sees her in the list.
  await expect(ada.getByTestId('presence-list')).toContainText('2 people here')

  await typeAtEnd(ada, ' Live.')
  await expect.poll(() => documentText(grace)).toBe('Written by Ada. Live.')

  await tryToEdit(grace)
  // A later edit of Ada's arrives: whatever Grace's keys did would have arrived before it.
  await typeAtEnd(ada, ' Still Ada.')
  await expect.poll(() => documentText(grace)).toBe('Written by Ada. Live. Still Ada.')
  expect(await documentText(ada)).toBe('Written by Ada. Live. Still Ada.')

  // After a reload (the token now comes from this device) she is still a reader, with nothing of hers kept.
  await grace.reload()
  await expect(grace.getByRole('note', { name: 'View only' })).toBeVisible()
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect.poll(() => documentText(grace)).toBe('Written by Ada. Live. Still Ada.')
  await tryToEdit(grace)
  await typeAtEnd(ada, ' End.')
  await expect.poll(() => documentText(grace)).toBe('Written by Ada. Live. Still Ada. End.')
  expect(await documentText(ada)).toBe('Written by Ada. Live. Still Ada. End.')
  // The reader can pass on only the view link.
  await grace.getByTestId('share-button').click()
  const graceDialog = grace.getByRole('dialog', { name: 'Share this document' })
  await expect(graceDialog.getByRole('textbox', { name: 'Can view only' })).toHaveValue(viewLink)
  await expect(graceDialog.getByRole('textbox', { name: 'Can edit' })).toHaveCount(0)

  const kay = await person(browser, 'Kay Nygaard', '#047857')
  await kay.goto(editLink)
  await expect.poll(() => documentText(kay)).toBe('Written by Ada. Live. Still Ada. End.')
  await expect(kay.getByRole('note', { name: 'View only' })).toHaveCount(0)
  await expect(kay.getByRole('toolbar', { name: 'Formatting' })).toBeVisible()
  await typeAtEnd(kay, ' Kay edits.')
  const final = 'Written by Ada. Live. Still Ada. End. Kay edits.'
  await expect.poll(() => documentText(ada)).toBe(final)
  await expect.poll(() => documentText(grace)).toBe(final)
})

test('the creator keeps the edit link on this device and comes back to it from the recent list', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await createSharedDocument(ada, seed.url)
  await typeAtEnd(ada, 'My notes')
  const roomUrl = ada.url()

  await ada.getByRole('link', { name: 'Seed, all documents' }).click()
  await ada.getByRole('link', { name: /My notes/ }).click()
  await expect(ada).toHaveURL(roomUrl)
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect(ada.getByRole('note', { name: 'View only' })).toHaveCount(0)
  await typeAtEnd(ada, ' and more')
  await expect.poll(() => documentText(ada)).toBe('My notes and more')
})

test('a damaged link, and a room address without one, show why they do not open', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const { viewLink } = await createSharedDocument(ada, seed.url)
  const damaged = `${viewLink.slice(0, -4)}${viewLink.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`

  const mallory = await person(browser, 'Mallory', '#b45309')
  await mallory.goto(damaged)
  await expect(mallory.getByRole('heading', { level: 1 })).toHaveText('This link is not valid')
  await expect(mallory.getByText(/Ask the person who shared it with you for a new link/)).toBeVisible()
  await expectReasonBehindDetails(mallory, /signature does not match this server's key/)
  await expect(mallory.locator('.ProseMirror')).toHaveCount(0)

  await mallory.goto(viewLink.split('#')[0]!)
  await expect(mallory.getByRole('heading', { level: 1 })).toHaveText('This document needs a sharing link')
  await expect(mallory.locator('.ProseMirror')).toHaveCount(0)
  await mallory.getByRole('link', { name: 'Go to your documents' }).click()
  await expect(mallory.getByTestId('new-document')).toBeVisible()
})

/** The README's embedding page; `src` is the Seed link it frames. */
const embeddingPage = (src: string) => `<!doctype html><title>Embedder</title>
<iframe id="seed" title="Seed" width="1000" height="700" src="${src}"></iframe>
<script>
  const seed = document.getElementById('seed')
  window.addEventListener('message', async (event) => {
    if (event.source !== seed.contentWindow || event.data?.type !== 'seed:token-request') return
    seed.contentWindow.postMessage({ type: 'seed:token', id: event.data.id, token: await window.mintSeedToken(event.data.room) }, '*')
  })
</script>`

const jwtSecret = 'e2e-jwt-secret-that-is-long-enough-0123456789'

// The embedding application runs on its own origin, on loopback too (Chromium blocks a public page from framing a local one);
// Seed in jwt mode lets that origin frame it.
const embeddedTest = test.extend<{ embedder: string; jwtSeed: ServerProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; there are none
  embedder: async ({}, use) => {
    const server = createServer((request, response) => {
      const src = new URL(request.url ?? '/', 'http://embedder').searchParams.get('src') ?? ''
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(embeddingPage(src.replace(/"/g, '&quot;')))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    server.close()
  },
  // Its own Seed: the file's links-mode seedEnv would win over an override here, and FRAME_ANCESTORS needs the embedder's port.
  jwtSeed: async ({ embedder }, use) => {
    const seed = await startSeed({ env: { AUTH_MODE: 'jwt', AUTH_SECRET: jwtSecret, FRAME_ANCESTORS: embedder }, runtime: 'compiled' })
    await use(seed)
    await seed.dispose()
  },
})

embeddedTest('jwt mode, embedded: an expiring token is renewed through the parent frame and the session carries on', async ({ page, jwtSeed: seed, embedder }) => {
  const room = 'embedded-notes'
  const mint = (seconds: number) =>
    new SignJWT({ room, perm: 'edit', name: 'Ada' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(new TextEncoder().encode(jwtSecret))
  let renewals = 0
  await page.exposeFunction('mintSeedToken', async () => {
    renewals++
    return mint(120)
  })
  const shortLived = await mint(5)
  await page.goto(`${embedder}/?${new URLSearchParams({ src: `${seed.url}r/${room}#token=${shortLived}` })}`)
  const frame = page.frameLocator('#seed')
  const status = frame.getByTestId('connection-status')
  await expect(status).toHaveAttribute('data-state', 'online-saved')
  await frame.locator('.ProseMirror').click()
  await page.keyboard.type('Before expiry.')
  await expect(status).toHaveAttribute('data-state', 'online-saved')

  // At exp the server ends the session (auth message, 4401); Seed asks the page for a fresh token and reconnects.
  await expect.poll(() => renewals, { timeout: 20_000 }).toBeGreaterThan(0)
  await expect(status).toHaveAttribute('data-state', 'online-saved')
  await frame.locator('.ProseMirror').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' After renewal.')
  await expect(status).toHaveAttribute('data-state', 'online-saved')

  const reader = await person(page.context().browser()!, 'Grace Hopper', '#be185d')
  await reader.goto(`${seed.url}r/${room}#token=${await mint(60)}`)
  await expect.poll(() => documentText(reader)).toBe('Before expiry. After renewal.')
})
