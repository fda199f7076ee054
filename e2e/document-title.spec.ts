import type { Page } from '@playwright/test'
import { seriousViolations } from './support/axe.ts'
import { adaStarts, graceJoins, graceOpens } from './support/document-people.ts'
import { closePeople, documentText } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'
import { viewLinkOf } from './support/view-link.ts'

const API_KEY = 'the-api-key-of-this-test-run-0123456789abcdef'

test.use({ seedEnv: { API_KEY } })
test.afterEach(closePeople)

function titleField(page: Page) {
  return page.getByRole('textbox', { name: 'Document title' })
}

function headerTitle(page: Page) {
  return page.locator('.document-heading__title')
}

/** The titles of the documents on the server, through the document API. */
async function titlesOnServer(url: string): Promise<string[]> {
  const response = await fetch(new URL('/api/v1/documents', url), { headers: { Authorization: `Bearer ${API_KEY}` } })
  expect(response.status).toBe(200)
  return ((await response.json()) as { documents: { title: string }[] }).documents.map((document) => document.title)
}

test('a typed title names the document in the header, the tab, the recent list and the API; a blank one falls back to the first line', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Notes from Monday')
  await expect(titleField(ada)).toHaveValue('')
  await expect(titleField(ada)).toHaveAttribute('placeholder', 'Notes from Monday')
  await expect(headerTitle(ada)).toHaveText('Notes from Monday')

  // Renaming is one click on the header's title; Enter goes on to the text.
  await ada.getByTestId('title-rename').click()
  await expect(titleField(ada)).toBeFocused()
  await ada.keyboard.type('Trip plan')
  await expect(headerTitle(ada)).toHaveText('Trip plan')
  await expect(ada).toHaveTitle('Trip plan · Seed')
  await ada.keyboard.press('Enter')
  await expect(ada.locator('.ProseMirror')).toBeFocused()
  expect(await documentText(ada)).toBe('Notes from Monday')
  await expect.poll(() => titlesOnServer(seed.url)).toEqual(['Trip plan'])
  expect(await seriousViolations(ada)).toEqual([])
  await ada.emulateMedia({ colorScheme: 'dark' })
  await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await seriousViolations(ada)).toEqual([])

  await ada.reload()
  await expect(titleField(ada)).toHaveValue('Trip plan')
  await expect(ada).toHaveTitle('Trip plan · Seed')
  await ada.getByRole('link', { name: 'Seed, all documents' }).click()
  await expect(ada.getByTestId('recent-documents').getByRole('listitem')).toHaveText([/Trip plan/])
  await ada.goBack()

  await titleField(ada).click()
  await ada.keyboard.press('Control+a')
  await ada.keyboard.press('Backspace')
  await expect(headerTitle(ada)).toHaveText('Notes from Monday')
  await expect(ada).toHaveTitle('Notes from Monday · Seed')
  await expect(titleField(ada)).toHaveAttribute('placeholder', 'Notes from Monday')
  await expect.poll(() => titlesOnServer(seed.url)).toEqual(['Notes from Monday'])
})

test('another person sees the title live, and two people typing in it at once both keep their words', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Notes from Monday')
  await titleField(ada).click()
  await ada.keyboard.type('Plan')
  const grace = await graceJoins(browser, ada)
  await expect(titleField(grace)).toHaveValue('Plan')
  await expect(headerTitle(grace)).toHaveText('Plan')
  await expect(grace).toHaveTitle('Plan · Seed')

  // Ada types before the title and Grace after it: each keeps her caret as the other's letters arrive.
  await ada.keyboard.press('Home')
  await titleField(grace).click()
  await grace.keyboard.press('End')
  await Promise.all([ada.keyboard.type('Team '), grace.keyboard.type(' for the week')])
  const title = 'Team Plan for the week'
  await expect(titleField(ada)).toHaveValue(title)
  await expect(titleField(grace)).toHaveValue(title)
  await expect(headerTitle(ada)).toHaveText(title)
  await expect(grace).toHaveTitle(`${title} · Seed`)
})

test.describe('links mode', () => {
  test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

  test('a view-only reader sees the title but cannot change it', async ({ browser, seed }) => {
    const ada = await adaStarts(browser, seed.url, 'Budget notes')
    await titleField(ada).click()
    await ada.keyboard.type('Budget 2027')
    const grace = await graceOpens(browser, await viewLinkOf(ada))
    await expect(titleField(grace)).toHaveValue('Budget 2027')
    await expect(headerTitle(grace)).toHaveText('Budget 2027')
    await expect(titleField(grace)).not.toBeEditable()
    await expect(grace.getByTestId('title-rename')).toHaveCount(0)

    await titleField(grace).click()
    await grace.keyboard.press('End')
    await grace.keyboard.type(' by Grace')
    await grace.keyboard.press('Backspace')
    // A later change of Ada's arrives: whatever Grace's keys did would have arrived before it.
    await titleField(ada).click()
    await ada.keyboard.press('End')
    await ada.keyboard.type('!')
    await expect(titleField(grace)).toHaveValue('Budget 2027!')
    await expect(titleField(ada)).toHaveValue('Budget 2027!')
    expect(await seriousViolations(grace)).toEqual([])
  })
})
