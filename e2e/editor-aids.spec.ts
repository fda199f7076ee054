import type { Browser, Page } from '@playwright/test'
import { closePeople, typeAtEnd } from './support/people.ts'
import { seriousViolations } from './support/axe.ts'
import { adaStarts, twoPeople } from './support/document-people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const MAC_USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36'

test('the word count follows the other person’s typing and counts the selection', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Hello world')
  const count = ada.getByTestId('word-count')
  await expect(count).toHaveText('2 words · 11 characters')

  await typeAtEnd(grace, '\nagain, über 👍🏽')
  await expect(count).toHaveText('4 words · 24 characters')

  await ada.locator('.ProseMirror').click()
  await ada.keyboard.press('Control+Home')
  await ada.keyboard.press('Shift+End')
  await expect(count).toHaveText('2 of 4 words · 11 of 24 characters')
})

test('the shortcuts dialog opens with Ctrl+/ and with its button, lists Ctrl+K, and gives the focus back when closed', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Notes')
  const dialog = ada.getByRole('dialog', { name: 'Keyboard shortcuts' })
  const entry = (label: string) => dialog.locator('.shortcuts-dialog__entry').filter({ has: ada.getByRole('term').getByText(label, { exact: true }) })

  await ada.keyboard.press('Control+/')
  await expect(dialog).toBeVisible()
  await expect(entry('Link').getByRole('definition')).toHaveText('Ctrl+K')
  await expect(entry('Bold').getByRole('definition')).toHaveText('Ctrl+B')
  await expect(entry('Find').getByRole('definition')).toHaveText('Ctrl+F')
  // Each listed shortcut has the key its toolbar button's tooltip names.
  await expect(ada.getByRole('button', { name: 'Link', exact: true })).toHaveAttribute('title', 'Link (Ctrl+K)')
  // Nothing opens behind the dialog.
  await ada.keyboard.press('Control+f')
  await expect(ada.getByRole('search', { name: 'Find in document' })).toHaveCount(0)
  await ada.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(ada.locator('.ProseMirror')).toBeFocused()

  const button = ada.getByRole('button', { name: 'Keyboard shortcuts' })
  await button.click()
  await expect(dialog).toBeVisible()
  await ada.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(button).toBeFocused()
})

test('on a Mac the shortcuts use ⌘', async ({ browser, seed }) => {
  const context = await browser.newContext({ userAgent: MAC_USER_AGENT })
  try {
    const page = await context.newPage()
    await page.goto(seed.url)
    await page.getByTestId('new-document').click()
    await page.locator('.ProseMirror').click()
    await page.keyboard.press('Meta+/')
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(dialog).toBeVisible()
    await expect(dialog.locator('.shortcuts-dialog__entry', { hasText: 'Link' }).getByRole('definition')).toHaveText('⌘K')
    await page.keyboard.press('Escape')
    // As a person would: the next shortcut once the dialog has closed and handed focus back to the document.
    await expect(dialog).toBeHidden()
    await expect(page.locator('.ProseMirror')).toBeFocused()
    await page.keyboard.press('Meta+f')
    await expect(page.getByRole('textbox', { name: 'Find', exact: true })).toBeFocused()
  } finally {
    await context.close()
  }
})

/** Ada's document with Grace's caret in it: the state both accessibility checks below start from. */
async function twoPeopleWithCaret(browser: Browser, seedUrl: string): Promise<Page> {
  const [ada, grace] = await twoPeople(browser, seedUrl, 'A cat, a hat and a cat.')
  await grace.locator('.ProseMirror').click()
  await expect(ada.locator('.collaboration-carets__label')).toHaveCount(1)
  return ada
}

/** axe's serious problems with the page as it is, in the light theme and then in the dark one. */
async function seriousViolationsInBothThemes(page: Page) {
  const found = []
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    found.push(...(await seriousViolations(page)).map((violation) => ({ theme, ...violation })))
  }
  return found
}

// One set-up for both themes: the find bar and the dialog stay open while the theme changes.
test('the find bar has no serious accessibility problems in the light and dark themes, with two people in the room', async ({ browser, seed }) => {
  const ada = await twoPeopleWithCaret(browser, seed.url)
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.press('Control+h')
  await ada.getByRole('textbox', { name: 'Find', exact: true }).fill('cat')
  const count = ada.getByTestId('find-count')
  await expect(count).toHaveText(/ of 2$/)
  expect(await seriousViolationsInBothThemes(ada)).toEqual([])
  // Still open: both themes were checked with it.
  await expect(count).toHaveText(/ of 2$/)
})

test('the shortcuts dialog has no serious accessibility problems in the light and dark themes, with two people in the room', async ({ browser, seed }) => {
  const ada = await twoPeopleWithCaret(browser, seed.url)
  await ada.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  const dialog = ada.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  expect(await seriousViolationsInBothThemes(ada)).toEqual([])
  await expect(dialog).toBeVisible()
})

test('printing leaves out the status bar and the find highlights', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Printed words')
  await expect(ada.getByTestId('word-count')).toHaveText('2 words · 13 characters')
  await ada.keyboard.press('Control+f')
  await ada.getByRole('textbox', { name: 'Find', exact: true }).fill('words')
  await expect(ada.locator('.ProseMirror .find-match--current')).toHaveText('words')

  await ada.emulateMedia({ media: 'print' })
  await expect(ada.locator('.editor-status')).toBeHidden()
  await expect(ada.locator('.ProseMirror .find-match--current')).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)')
  await expect(ada.locator('.ProseMirror')).toContainText('Printed words')
})
