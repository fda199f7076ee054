import type { Page } from '@playwright/test'
import { seriousViolations } from './support/axe.ts'
import { closePeople, createDocument, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

/** Where the document starts and how tall the header and toolbar are, in whole pixels. */
function layout(page: Page): Promise<{ firstParagraphTop: number; headerHeight: number; toolbarHeight: number }> {
  return page.evaluate(() => {
    const rectOf = (selector: string): DOMRect => document.querySelector(selector)!.getBoundingClientRect()
    return {
      firstParagraphTop: Math.round(rectOf('.ProseMirror > :first-child').top),
      headerHeight: Math.round(rectOf('header.topbar').height),
      toolbarHeight: Math.round(rectOf('.toolbar').height),
    }
  })
}

async function openDocument(page: Page, seedUrl: string, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size)
  await createDocument(page, seedUrl)
}

test('at 1280 px the toolbar is one row, also while the table tools show', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await openDocument(ada, seed.url, LAPTOP)
  const toolbar = ada.getByRole('toolbar', { name: 'Formatting' })
  const oneRow = 2 * (await toolbar.getByRole('button', { name: 'Bold' }).boundingBox())!.height
  expect((await toolbar.boundingBox())!.height).toBeLessThan(oneRow)

  await ada.locator('.ProseMirror').click()
  await toolbar.getByRole('button', { name: 'Insert table' }).click()
  const tableTools = toolbar.getByRole('button', { name: 'Table', exact: true })
  await expect(tableTools).toBeVisible()
  expect((await toolbar.boundingBox())!.height).toBeLessThan(oneRow)

  // The grouped tools are menus like the phone's More: as accessible, in both themes.
  await tableTools.click()
  await expect(ada.getByRole('menu', { name: 'Table' })).toBeVisible()
  expect(await seriousViolations(ada)).toEqual([])
  await ada.keyboard.press('Escape')
  await toolbar.getByRole('button', { name: 'Alignment' }).click()
  await ada.emulateMedia({ colorScheme: 'dark' })
  await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(ada.getByRole('menuitemcheckbox', { name: 'Align left' })).toHaveAttribute('aria-checked', 'true')
  expect(await seriousViolations(ada)).toEqual([])
})

test('the storage notice after the first keystroke moves nothing, and once dismissed stays dismissed', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  // The browser's own decision, made here the way Chromium makes it for a site without engagement.
  await ada.addInitScript(() => {
    navigator.storage.persist = () => Promise.resolve(false)
    navigator.storage.persisted = () => Promise.resolve(false)
  })
  await openDocument(ada, seed.url, LAPTOP)
  await ada.locator('.ProseMirror').click()
  const before = await layout(ada)
  await ada.keyboard.type('F')
  const notice = ada.getByTestId('storage-notice')
  await expect(notice).toBeVisible()
  expect(await layout(ada)).toEqual(before)

  await notice.getByRole('button', { name: 'Dismiss' }).click()
  await expect(notice).toHaveCount(0)
  await ada.reload()
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.type('irst words')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect(notice).toHaveCount(0)
})

for (const { name, size, controlsInMenu } of [
  { name: '1280 px', size: LAPTOP, controlsInMenu: false },
  { name: 'a phone', size: PHONE, controlsInMenu: true },
]) {
  test(`on ${name} going offline and renaming keep the header one row and the document in place`, async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    await openDocument(ada, seed.url, size)
    const before = await layout(ada)

    await ada.context().setOffline(true)
    await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
    expect(await layout(ada)).toEqual(before)

    if (controlsInMenu) await ada.getByRole('button', { name: 'Menu' }).click()
    await ada.getByTestId('rename-button').click()
    await expect(ada.getByRole('textbox', { name: 'Your name' })).toBeFocused()
    expect(await layout(ada)).toEqual(before)
  })
}
