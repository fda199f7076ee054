/**
 * Images (issue 10, point 3): uploaded from the Image form, dropped or pasted,
 * they reach the other person through the server, never as data inside the
 * document; too large, offline and embedded data images are refused with a
 * sentence; in links mode a view link shows uploads (fetched with its token)
 * while nobody without access can fetch them; images by web address.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { UPLOAD_URL_PATTERN, type UploadResponse } from '../shared/upload-api.ts'
import { connectClient } from '../test-support/node-client.ts'
import { createPng } from '../test-support/png.ts'
import { adaStarts, graceJoins, graceOpens, pasteHtml, twoPeople } from './support/document-people.ts'
import { startHttpsImageServer } from './support/https-image-server.ts'
import { DOCUMENT_IMAGES, dropImageFile, pasteImageFile, uploadThroughForm } from './support/image-files.ts'
import { closePeople, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const GREEN = { name: 'green.png', mimeType: 'image/png', buffer: createPng({ width: 40, height: 30 }) }
const RED = createPng({ width: 24, height: 12, color: [200, 40, 40] })

/** The sizes of the images the page shows, once each has loaded. */
function shownImages(page: Page) {
  return page.locator(DOCUMENT_IMAGES).evaluateAll((images) =>
    (images as HTMLImageElement[]).map((image) => ({ alt: image.alt, width: image.naturalWidth, height: image.naturalHeight })),
  )
}

/** The document as the server holds it, read by a stock y-websocket client. */
async function storedDocument(seedUrl: string, room: string, token?: string): Promise<string> {
  const client = connectClient(`${seedUrl.replace(/^http/, 'ws')}ws`, room, { params: token ? { token } : {} })
  try {
    await client.synced()
    return client.doc.getXmlFragment('default').toString()
  } finally {
    client.destroy()
  }
}

const roomOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)
}

test('an uploaded, a dropped and a pasted image file appear for the other person, stored as server URLs and never as data', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Pictures')
  const grace = await graceJoins(browser, ada)

  await uploadThroughForm(ada, GREEN, 'A green rectangle')
  await expect.poll(() => shownImages(grace)).toEqual([{ alt: 'A green rectangle', width: 40, height: 30 }])

  // Dropped and pasted files land the same way.
  await dropImageFile(ada, { name: 'red.png', mimeType: 'image/png', buffer: RED }, 'start')
  await expect.poll(async () => (await shownImages(grace)).length).toBe(2)
  await pasteImageFile(ada, { name: 'pasted.png', mimeType: 'image/png', buffer: RED })
  await expect.poll(async () => (await shownImages(grace)).map((image) => image.width).sort()).toEqual([24, 24, 40])

  const stored = await storedDocument(seed.url, roomOf(ada))
  expect(stored).not.toContain('data:')
  const sources = Array.from(stored.matchAll(/src="([^"]+)"/g), (match) => match[1]!)
  expect(sources).toHaveLength(3)
  for (const src of sources) expect(src).toMatch(UPLOAD_URL_PATTERN)
  await expect(ada.locator('.image-upload')).toHaveCount(0)
})

/** Ada pastes HTML with an embedded data: image, as copied from a web page: the text goes in, the image is left out, and she is told. */
async function pasteWithEmbeddedImage(ada: Page): Promise<void> {
  const html = '<p>Caption text</p><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==">'
  await pasteHtml(ada, html, 'Caption text')
  await expect(ada.getByTestId('image-notice')).toContainText('Images embedded in what you pasted were left out')
}

test('pasted HTML with an embedded data: image keeps its text and leaves the image out, saying so', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Pasted')
  await pasteWithEmbeddedImage(ada)
  await expect(grace.locator('.ProseMirror')).toContainText('Caption text')

  await expect.poll(() => storedDocument(seed.url, roomOf(ada))).toContain('Caption text')
  expect(await storedDocument(seed.url, roomOf(ada))).not.toContain('data:')
})

// One page a test: an axe run takes seconds on a loaded machine.
test('no serious accessibility problems for the other person with an image shown', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Shown')
  await uploadThroughForm(ada, GREEN, 'A green rectangle')
  await expect.poll(() => shownImages(grace)).toEqual([{ alt: 'A green rectangle', width: 40, height: 30 }])
  expect(await seriousViolations(grace)).toEqual([])
})

test('no serious accessibility problems with an image shown, a notice about a left-out image and the Image form open', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Shown')
  await uploadThroughForm(ada, GREEN, 'A green rectangle')
  await expect.poll(() => shownImages(ada)).toEqual([{ alt: 'A green rectangle', width: 40, height: 30 }])
  await pasteWithEmbeddedImage(ada)
  await ada.getByRole('button', { name: 'Image', exact: true }).click()
  await expect(ada.getByRole('form', { name: 'Image' })).toBeVisible()
  expect(await seriousViolations(ada)).toEqual([])
})

test('an image by its web address: only https: addresses, shown to the other person', async ({ browser, seed }) => {
  const images = await startHttpsImageServer(RED)
  try {
    const ada = await adaStarts(browser, seed.url, 'From the web')
    const grace = await graceJoins(browser, ada)
    await ada.getByRole('button', { name: 'Image', exact: true }).click()
    const form = ada.getByRole('form', { name: 'Image' })
    const address = form.getByRole('textbox', { name: 'Image address' })
    await address.fill('data:image/png;base64,iVBORw0KGgo=')
    await address.press('Enter')
    await expect(form.getByRole('alert')).toContainText('Only images on the web (https: addresses)')
    await address.fill('http://127.0.0.1/red.png')
    await address.press('Enter')
    await expect(form.getByRole('alert')).toContainText('starts with http:, which is not secure: only https: addresses can be added')
    await address.fill(`${images.origin}/red.png`)
    await form.getByRole('textbox', { name: 'Description' }).fill('A red bar')
    await form.getByRole('button', { name: 'Insert' }).click()
    await expect.poll(() => shownImages(grace)).toEqual([{ alt: 'A red bar', width: 24, height: 12 }])
  } finally {
    await images.close()
  }
})

test.describe('with a small upload limit', () => {
  test.use({ seedEnv: { MAX_UPLOAD_BYTES: '4096' } })

  test('a file over MAX_UPLOAD_BYTES is refused with a sentence and inserts nothing; offline, uploads say they need a connection', async ({ browser, seed }) => {
    const ada = await adaStarts(browser, seed.url, 'Too large')
    const large = { name: 'noise.png', mimeType: 'image/png', buffer: createPng({ width: 64, height: 64, noise: true }) }
    await uploadThroughForm(ada, large)
    await expect(ada.getByTestId('image-notice')).toHaveText(/“noise\.png” is too large for this server \(at most 4 KB\)\. Make the image smaller and add it again\./)
    await expect(ada.locator(`${DOCUMENT_IMAGES}, .image-upload`)).toHaveCount(0)
    await ada.getByTestId('image-notice').getByRole('button', { name: 'Dismiss' }).click()
    await expect(ada.getByTestId('image-notice')).toHaveCount(0)

    await uploadThroughForm(ada, { name: 'notes.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') })
    await expect(ada.getByTestId('image-notice')).toContainText('“notes.svg” is not an image Seed can add: use PNG, JPEG, GIF or WebP.')

    await ada.context().setOffline(true)
    await uploadThroughForm(ada, GREEN)
    await expect(ada.getByTestId('image-notice')).toContainText('you are offline')
    await expect(ada.locator(DOCUMENT_IMAGES)).toHaveCount(0)
  })
})

test.describe('links mode', () => {
  test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

  test('a view link shows uploads; without access, or with another document’s link, the upload is not served', async ({ browser, seed }) => {
    const ada = await adaStarts(browser, seed.url, 'Private pictures')
    await ada.getByTestId('share-button').click()
    const dialog = ada.getByRole('dialog', { name: 'Share this document' })
    const viewLink = await dialog.getByRole('textbox', { name: 'Can view only' }).inputValue()
    await dialog.getByRole('button', { name: 'Done' }).click()

    const uploaded = ada.waitForResponse((response) => response.request().method() === 'POST' && /\/uploads$/.test(response.url()))
    await uploadThroughForm(ada, GREEN, 'A green rectangle')
    const { url } = (await (await uploaded).json()) as UploadResponse

    const grace = await graceOpens(browser, viewLink)
    await expect.poll(() => shownImages(grace)).toEqual([{ alt: 'A green rectangle', width: 40, height: 30 }])
    expect(await seriousViolations(grace)).toEqual([])

    const stranger = (await person(browser, 'Stranger', '#0f766e')).request
    const other = (await (await stranger.post(new URL('/api/rooms', seed.url).href)).json()) as { viewToken: string }
    const withoutToken = await stranger.get(new URL(url, seed.url).href)
    expect(withoutToken.status()).toBe(401)
    const otherDocument = await stranger.get(new URL(url, seed.url).href, { headers: { Authorization: `Bearer ${other.viewToken}` } })
    expect(otherDocument.status()).toBe(403)
    const viewToken = new URL(viewLink).hash.replace('#token=', '')
    const reader = await stranger.get(new URL(url, seed.url).href, { headers: { Authorization: `Bearer ${viewToken}` } })
    expect(reader.status()).toBe(200)
    expect(Buffer.from(await reader.body()).equals(GREEN.buffer)).toBe(true)
  })
})
