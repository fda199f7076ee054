/**
 * Images stay (issue 18, point 1): after an image is inserted — by address,
 * uploaded from the Image form, pasted or dropped — the caret is after it, so
 * typing goes after it and a second image goes beside it instead of replacing
 * it; an image whose address is broken shows a box with its description and
 * address, to everyone, in both themes.
 */
import type { Page } from '@playwright/test'
import { createPng } from '../test-support/png.ts'
import { seriousViolations } from './support/axe.ts'
import { adaStarts, graceJoins, pasteHtml } from './support/document-people.ts'
import { MISSING_PATH, startHttpsImageServer } from './support/https-image-server.ts'
import { DOCUMENT_IMAGES, dropImageFile, insertByAddress, pasteImageFile, uploadThroughForm } from './support/image-files.ts'
import { closePeople } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const WIDE = { name: 'wide.png', mimeType: 'image/png', buffer: createPng({ width: 40, height: 30 }) }
const NARROW = { name: 'narrow.png', mimeType: 'image/png', buffer: createPng({ width: 24, height: 12, color: [200, 40, 40] }) }

/** The document's non-empty blocks: a paragraph's text, or `image <description or width>` once the image is drawn. */
function blocks(page: Page): Promise<string[]> {
  return page.locator('.ProseMirror').evaluate((editor) =>
    Array.from(editor.children, (block) => {
      const image = block instanceof HTMLImageElement ? block : block.querySelector<HTMLImageElement>('img:not(.ProseMirror-separator)')
      if (image === null) return block.textContent ?? ''
      return `image ${image.alt || image.naturalWidth}`
    }).filter((text) => text !== ''),
  )
}

/** Waits for the image upload to land: an inserted image is drawn and no upload is in progress. */
async function imagesShown(page: Page, count: number): Promise<void> {
  await expect(page.locator(DOCUMENT_IMAGES)).toHaveCount(count)
  await expect(page.locator('.image-upload')).toHaveCount(0)
}

test('two images inserted by address in a row both stay, and what is typed next goes after them', async ({ browser, seed }) => {
  const images = await startHttpsImageServer(NARROW.buffer)
  try {
    const ada = await adaStarts(browser, seed.url, 'Pictures')
    await insertByAddress(ada, `${images.origin}/first.png`, 'First')
    await insertByAddress(ada, `${images.origin}/second.png`, 'Second')
    await ada.keyboard.type('after')
    await expect.poll(() => blocks(ada)).toEqual(['Pictures', 'image First', 'image Second', 'after'])
  } finally {
    await images.close()
  }
})

/** Each way an image file gets in; every one must leave the caret after the image it added. */
const FILE_INSERTIONS: ReadonlyArray<[how: string, insert: (page: Page, file: typeof WIDE) => Promise<void>]> = [
  ['uploaded from the Image form', uploadThroughForm],
  ['pasted as files', pasteImageFile],
  ['dropped where the caret is', (page, file) => dropImageFile(page, file, 'end')],
]

for (const [how, insert] of FILE_INSERTIONS) {
  test(`two images ${how} in a row both stay, and what is typed next goes after them`, async ({ browser, seed }) => {
    const ada = await adaStarts(browser, seed.url, 'Pictures')
    await insert(ada, WIDE)
    await imagesShown(ada, 1)
    await insert(ada, NARROW)
    await imagesShown(ada, 2)
    await ada.keyboard.type('after')
    await expect.poll(() => blocks(ada)).toEqual(['Pictures', 'image 40', 'image 24', 'after'])
  })
}

test('an image pasted from a web page (HTML) stays, and what is typed next goes after it', async ({ browser, seed }) => {
  const images = await startHttpsImageServer(NARROW.buffer)
  try {
    const ada = await adaStarts(browser, seed.url, 'Pictures')
    await pasteHtml(ada, `<img src="${images.origin}/copied.png" alt="Copied">`, '')
    await imagesShown(ada, 1)
    await ada.keyboard.type('after')
    await expect.poll(() => blocks(ada)).toEqual(['Pictures', 'image Copied', 'after'])
  } finally {
    await images.close()
  }
})

test('a broken image shows its description and address to both people, with no serious accessibility problems in either theme', async ({ browser, seed }) => {
  const images = await startHttpsImageServer(NARROW.buffer)
  try {
    const ada = await adaStarts(browser, seed.url, 'Pictures')
    const grace = await graceJoins(browser, ada)
    await grace.emulateMedia({ colorScheme: 'dark' })
    await expect(grace.locator('html')).toHaveAttribute('data-theme', 'dark')
    const address = `${images.origin}${MISSING_PATH}sea.png`
    await insertByAddress(ada, address, 'The sea at dawn')
    for (const page of [ada, grace]) {
      const missing = page.locator('.document-image__missing')
      await expect(missing).toBeVisible()
      await expect(missing).toContainText('The sea at dawn')
      await expect(missing).toContainText(address)
      // Tall enough to read, not the thin bar a broken <img> collapses to.
      expect((await missing.boundingBox())!.height).toBeGreaterThan(40)
    }
    expect(await seriousViolations(ada)).toEqual([])
    expect(await seriousViolations(grace)).toEqual([])
  } finally {
    await images.close()
  }
})
