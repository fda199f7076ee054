import type { Page } from '@playwright/test'
import { closePeople, createDocument, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

/** The document as the editor holds it (Tiptap keeps itself on its element). */
function documentJson(page: Page): Promise<unknown> {
  return page.locator('.ProseMirror').evaluate((element) => (element as HTMLElement & { editor: { getJSON: () => unknown } }).editor.getJSON())
}

/** Presses `key` until the document stops changing, as someone undoing (or redoing) everything would. */
async function pressUntilUnchanged(page: Page, key: string): Promise<void> {
  for (;;) {
    const before = JSON.stringify(await documentJson(page))
    await page.keyboard.press(key)
    // Undo and redo apply synchronously on the key press: the document read next is the result.
    if (JSON.stringify(await documentJson(page)) === before) return
  }
}

test('undoing everything returns to the empty start, and redoing everything returns exactly to the written document', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await createDocument(ada, seed.url)
  const empty = await documentJson(ada)

  await ada.locator('.ProseMirror').click()
  await ada.keyboard.type('First paragraph')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Second paragraph')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('## A heading')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('- one')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('two')
  const written = await documentJson(ada)

  await pressUntilUnchanged(ada, 'Control+z')
  expect(await documentJson(ada)).toEqual(empty)
  await pressUntilUnchanged(ada, 'Control+Shift+z')
  expect(await documentJson(ada)).toEqual(written)
})
