import { expectReasonBehindDetails } from './support/message-page.ts'
import { closePeople, newcomer } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('New document opens a fresh room, and Copy link copies its address', async ({ browser, seed }) => {
  const page = await newcomer(browser, { permissions: ['clipboard-read', 'clipboard-write'] })
  await page.goto(seed.url)
  await expect(page.getByTestId('recent-documents')).toContainText('Documents you open on this device will show up here.')

  await page.getByTestId('new-document').click()
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
  const firstUrl = page.url()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect(page.getByRole('textbox', { name: 'Document text' })).toBeVisible()
  await expect(page).toHaveTitle('Untitled document · Seed')

  await page.getByTestId('share-button').click()
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstUrl)

  await page.locator('.ProseMirror').click()
  await page.keyboard.type('Groceries')
  await page.keyboard.press('Enter')
  await page.keyboard.type('milk, eggs')
  await expect(page).toHaveTitle('Groceries · Seed')

  await page.getByRole('link', { name: 'Seed, all documents' }).click()
  const recent = page.getByTestId('recent-documents').getByRole('listitem')
  await expect(recent).toHaveCount(1)
  await expect(recent.first()).toContainText('Groceries')
  await expect(recent.first()).toContainText('just now')

  await page.getByTestId('new-document').click()
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
  expect(page.url()).not.toBe(firstUrl)
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect(page.locator('.ProseMirror')).toHaveText('')

  await page.goBack()
  await expect(page).toHaveURL(seed.url)
  await expect(page.getByTestId('recent-documents').getByRole('listitem')).toHaveCount(2)
  await page.getByRole('link', { name: /Groceries/ }).click()
  await expect(page).toHaveURL(firstUrl)
  await expect(page.locator('.ProseMirror')).toContainText('milk, eggs')
})

test('an invalid document link shows an error page with a way home', async ({ page, seed }) => {
  await page.goto(`${seed.url}r/not.a.valid.id`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This document link is not valid')
  await expect(page.getByText('The link may have been cut short or mistyped.', { exact: false })).toBeVisible()
  await expectReasonBehindDetails(page, /Room id may only contain/)
  await expect(page.locator('.ProseMirror')).toHaveCount(0)
  await page.getByRole('link', { name: 'Go to your documents' }).click()
  await expect(page.getByTestId('new-document')).toBeVisible()
})
