import type { Page } from '@playwright/test'
import { closePeople, documentText, person, typeAtEnd } from './support/people.ts'
import { newSharedDocument } from './support/share-links.ts'
import { expect, test } from './support/seed-fixture.ts'

// links mode: the token in a link is all a reader has; these pin that the device keeps it (issue 18 point 2).
test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' }, seedShared: true })
test.afterEach(closePeople)

async function expectReader(page: Page, text: string): Promise<void> {
  await expect(page.getByRole('note', { name: 'View only' })).toBeVisible()
  await expect.poll(() => documentText(page)).toBe(text)
}

async function expectWriter(page: Page, text: string): Promise<void> {
  await expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeVisible()
  await expect(page.getByRole('note', { name: 'View only' })).toHaveCount(0)
  await expect.poll(() => documentText(page)).toBe(text)
}

/** Replaces the token this device keeps for `permission`, as if it had expired or been withdrawn. */
async function spoilKeptToken(page: Page, permission: 'edit' | 'view'): Promise<void> {
  await page.evaluate((which) => {
    const entries = JSON.parse(localStorage.getItem('seed:recent-documents') ?? '[]') as { tokens?: Record<string, string> }[]
    for (const entry of entries) if (entry.tokens?.[which]) entry.tokens[which] = `${entry.tokens[which].slice(0, -4)}AAAA`
    localStorage.setItem('seed:recent-documents', JSON.stringify(entries))
  }, permission)
}

test('a view link opened before the first keystroke is kept: after the writer types, a reload and the recent list open it', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const { viewLink } = await newSharedDocument(ada, seed.url)

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(viewLink)
  // Whatever page the link led to first, the token leaves the address bar.
  await expect(grace).toHaveURL(/\/r\/[A-Za-z0-9_-]+$/)
  await expect(grace.getByRole('heading', { level: 1 })).toBeVisible()

  await typeAtEnd(ada, 'Written after the link was opened.')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  await grace.reload()
  await expectReader(grace, 'Written after the link was opened.')

  await grace.goto(seed.url)
  await grace.getByTestId('recent-documents').getByRole('link', { name: /Written after the link was opened/ }).click()
  await expectReader(grace, 'Written after the link was opened.')
})

test('with both links on the device, a reload opens with the edit one, and a refused one falls back to the next before explaining', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const { editLink, viewLink } = await newSharedDocument(ada, seed.url)
  await typeAtEnd(ada, 'Shared notes')

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(editLink)
  await expectWriter(grace, 'Shared notes')
  // The link opened last decides that visit; the device keeps both.
  await grace.goto(viewLink)
  await expectReader(grace, 'Shared notes')
  await grace.reload()
  await expectWriter(grace, 'Shared notes')

  // The edit token is refused now: the view one still opens the document.
  await spoilKeptToken(grace, 'edit')
  await grace.reload()
  await expectReader(grace, 'Shared notes')

  // Nothing left that the server accepts: the page says why.
  await spoilKeptToken(grace, 'view')
  await grace.reload()
  await expect(grace.getByRole('heading', { level: 1 })).toHaveText('This link is not valid')
  await expect(grace.locator('.ProseMirror')).toHaveCount(0)
})
