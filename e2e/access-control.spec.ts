import type { Page } from '@playwright/test'
import { documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

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
  await expect(mallory.locator('.ProseMirror')).toHaveCount(0)

  await mallory.goto(viewLink.split('#')[0]!)
  await expect(mallory.getByRole('heading', { level: 1 })).toHaveText('This document needs a sharing link')
  await expect(mallory.locator('.ProseMirror')).toHaveCount(0)
  await mallory.getByRole('link', { name: 'Go to your documents' }).click()
  await expect(mallory.getByTestId('new-document')).toBeVisible()
})
