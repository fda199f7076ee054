/**
 * Image layout (issue 18, point 1): an image is resized by the handle on its
 * edge or by the width field of its toolbar, aligned and captioned; the width,
 * alignment and caption are the document's, so the other person sees them,
 * a reload keeps them and the server's HTML has them (a figure with its
 * figcaption). Only people who may edit get the handle and the toolbar.
 */
import type { Page } from '@playwright/test'
import { createPng } from '../test-support/png.ts'
import { seriousViolations } from './support/axe.ts'
import { adaStarts, graceJoins, graceOpens } from './support/document-people.ts'
import { startHttpsImageServer, type HttpsImageServer } from './support/https-image-server.ts'
import { DOCUMENT_IMAGES, insertByAddress } from './support/image-files.ts'
import { closePeople } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })

const API_KEY = 'the-api-key-of-this-test-run-0123456789abcdef'
const PICTURE = createPng({ width: 400, height: 200, color: [200, 40, 40] })

let images: HttpsImageServer
test.beforeEach(async () => {
  images = await startHttpsImageServer(PICTURE)
})
test.afterEach(async () => {
  await closePeople()
  await images.close()
})

/** What the page shows of its one image: the figure's width, its alignment and its caption. */
function shownLayout(page: Page) {
  return page.locator('.document-image').evaluate((figure) => ({
    width: Math.round(figure.getBoundingClientRect().width),
    align: ['left', 'center', 'right'].find((align) => figure.classList.contains(`document-image--${align}`)) ?? null,
    caption: figure.querySelector('figcaption:not([hidden])')?.textContent ?? null,
  }))
}

/** Ada's document with one loaded image inserted by address, Grace in it too. */
async function twoPeopleAndAnImage(browser: Parameters<typeof adaStarts>[0], seedUrl: string): Promise<[Page, Page]> {
  const ada = await adaStarts(browser, seedUrl, 'Pictures')
  const grace = await graceJoins(browser, ada)
  await insertByAddress(ada, `${images.origin}/red.png`, 'A red rectangle')
  for (const page of [ada, grace]) await expect.poll(() => page.locator(DOCUMENT_IMAGES).evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(400)
  return [ada, grace]
}

/** The served document as HTML, read through the document API. */
async function servedHtml(seedUrl: string, page: Page): Promise<string> {
  const room = new URL(page.url()).pathname.split('/').at(-1)!
  const response = await fetch(new URL(`/api/v1/documents/${room}?format=html`, seedUrl), { headers: { Authorization: `Bearer ${API_KEY}` } })
  return response.text()
}

test.describe('open mode with the document API', () => {
  test.use({ seedEnv: { API_KEY } })

  test('resized by its handle, centred and captioned, the image looks the same to the other person, after a reload and in the served HTML', async ({ browser, seed }) => {
    const [ada, grace] = await twoPeopleAndAnImage(browser, seed.url)
    const figure = ada.locator('.document-image')
    await figure.click()
    await expect(figure).toHaveClass(/ProseMirror-selectednode/)

    // The handle on the right edge, dragged 150 pixels to the left.
    const handle = (await ada.locator('.document-image__resize').boundingBox())!
    const x = Math.round(handle.x + handle.width / 2)
    const y = Math.round(handle.y + handle.height / 2)
    await ada.mouse.move(x, y)
    await ada.mouse.down()
    await ada.mouse.move(x - 60, y)
    await ada.mouse.move(x - 150, y)
    await ada.mouse.up()
    await expect.poll(() => shownLayout(ada)).toEqual({ width: 250, align: null, caption: null })

    const toolbar = ada.getByRole('group', { name: 'Image layout' })
    await expect(toolbar.getByRole('spinbutton', { name: 'Width' })).toHaveValue('250')
    await toolbar.getByRole('button', { name: 'Center image' }).click()
    await expect(toolbar.getByRole('button', { name: 'Center image' })).toHaveAttribute('aria-pressed', 'true')
    await toolbar.getByRole('textbox', { name: 'Caption' }).fill('The red rectangle, centred')
    await toolbar.getByRole('textbox', { name: 'Caption' }).press('Enter')

    const layout = { width: 250, align: 'center', caption: 'The red rectangle, centred' }
    await expect.poll(() => shownLayout(ada)).toEqual(layout)
    await expect.poll(() => shownLayout(grace)).toEqual(layout)
    await expect(grace.locator('figure.document-image figcaption')).toHaveText('The red rectangle, centred')

    await grace.reload()
    await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    await expect.poll(() => shownLayout(grace)).toEqual(layout)

    await expect
      .poll(() => servedHtml(seed.url, ada))
      .toContain(`<figure style="text-align: center;"><img src="${images.origin}/red.png" alt="A red rectangle" width="250"><figcaption>The red rectangle, centred</figcaption></figure>`)
  })

  test('by keyboard alone: the width, the alignment and the caption from the image toolbar; a click on the caption edits it; no serious accessibility problems in either theme', async ({ browser, seed }) => {
    const [ada, grace] = await twoPeopleAndAnImage(browser, seed.url)
    // The caret is on the line after the image: the arrow key selects the image, Tab reaches its toolbar.
    await ada.keyboard.press('ArrowUp')
    await expect(ada.locator('.document-image')).toHaveClass(/ProseMirror-selectednode/)
    await ada.keyboard.press('Tab')
    const toolbar = ada.getByRole('group', { name: 'Image layout' })
    await expect(toolbar.getByRole('button', { name: 'Align image left' })).toBeFocused()
    await ada.keyboard.press('Tab')
    await ada.keyboard.press('Tab')
    await ada.keyboard.press('Enter')
    await expect(toolbar.getByRole('button', { name: 'Align image right' })).toHaveAttribute('aria-pressed', 'true')
    await ada.keyboard.press('Tab')
    await expect(toolbar.getByRole('spinbutton', { name: 'Width' })).toBeFocused()
    await ada.keyboard.type('180')
    await ada.keyboard.press('Enter')
    // The width is in the document and the field keeps the focus before Tab moves on.
    await expect.poll(() => shownLayout(ada)).toMatchObject({ width: 180 })
    await expect(toolbar.getByRole('spinbutton', { name: 'Width' })).toBeFocused()
    await ada.keyboard.press('Tab')
    await ada.keyboard.press('Tab')
    await expect(toolbar.getByRole('textbox', { name: 'Caption' })).toBeFocused()
    await ada.keyboard.type('Typed caption')
    await ada.keyboard.press('Enter')
    await expect.poll(() => shownLayout(grace)).toEqual({ width: 180, align: 'right', caption: 'Typed caption' })

    // Escape goes back to the image, its edit dropped.
    await ada.keyboard.type(' not kept')
    await ada.keyboard.press('Escape')
    await expect(ada.locator('.document-image')).toHaveClass(/ProseMirror-selectednode/)
    await expect(ada.locator('.ProseMirror')).toBeFocused()
    await expect.poll(() => shownLayout(ada)).toEqual({ width: 180, align: 'right', caption: 'Typed caption' })

    // A click on the caption opens it for editing.
    await ada.locator('.document-image figcaption').click()
    await expect(toolbar.getByRole('textbox', { name: 'Caption' })).toBeFocused()
    await ada.keyboard.press('ControlOrMeta+a')
    await ada.keyboard.type('Clicked caption')
    await ada.keyboard.press('Enter')
    await expect.poll(() => shownLayout(grace)).toEqual({ width: 180, align: 'right', caption: 'Clicked caption' })

    expect(await seriousViolations(ada)).toEqual([])
    await ada.emulateMedia({ colorScheme: 'dark' })
    await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect(toolbar).toBeVisible()
    expect(await seriousViolations(ada)).toEqual([])
  })
})

test.describe('links mode', () => {
  test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

  test('a view link shows the width, alignment and caption, with no handle and no image toolbar', async ({ browser, seed }) => {
    const ada = await adaStarts(browser, seed.url, 'Pictures to read')
    await ada.getByTestId('share-button').click()
    const dialog = ada.getByRole('dialog', { name: 'Share this document' })
    const viewLink = await dialog.getByRole('textbox', { name: 'Can view only' }).inputValue()
    await dialog.getByRole('button', { name: 'Done' }).click()
    await insertByAddress(ada, `${images.origin}/red.png`, 'A red rectangle')
    await ada.locator('.document-image').click()
    const toolbar = ada.getByRole('group', { name: 'Image layout' })
    await toolbar.getByRole('button', { name: 'Center image' }).click()
    await toolbar.getByRole('spinbutton', { name: 'Width' }).fill('200')
    await toolbar.getByRole('textbox', { name: 'Caption' }).fill('For readers')
    await toolbar.getByRole('textbox', { name: 'Caption' }).press('Enter')

    const grace = await graceOpens(browser, viewLink)
    await expect.poll(() => shownLayout(grace)).toEqual({ width: 200, align: 'center', caption: 'For readers' })
    const figure = grace.locator('.document-image')
    await figure.hover()
    await expect(grace.locator('.document-image__resize')).toBeHidden()
    await figure.click()
    await expect(grace.getByRole('group', { name: 'Image layout' })).toHaveCount(0)
  })
})
