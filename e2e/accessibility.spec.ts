import { seriousViolations } from './support/axe.ts'
import { closePeople, newcomer, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('the landing page has no serious accessibility problems', async ({ page, seed }) => {
  await page.goto(seed.url)
  await page.getByTestId('new-document').click()
  await page.locator('.ProseMirror').click()
  await page.keyboard.type('A title for the recent list')
  await page.goBack()
  await expect(page.getByTestId('recent-documents').getByRole('listitem')).toHaveCount(1)
  expect(await seriousViolations(page)).toEqual([])
})

test('the editor page has no serious accessibility problems, with two people in it', async ({ browser, seed }) => {
  const ada = await newcomer(browser)
  const grace = await newcomer(browser)
  await ada.goto(seed.url)
  await ada.getByTestId('new-document').click()
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.press('Control+Alt+1')
  await ada.keyboard.type('Accessible heading')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Some text.')
  await grace.goto(ada.url())
  await expect(grace.locator('.collaboration-carets__label')).toHaveCount(1)
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  expect(await seriousViolations(grace)).toEqual([])

  await grace.getByTestId('rename-button').click()
  expect(await seriousViolations(grace)).toEqual([])
  await grace.keyboard.press('Escape')

  // The same page in the dark theme, which follows the system setting.
  await grace.emulateMedia({ colorScheme: 'dark' })
  await expect(grace.locator('html')).toHaveAttribute('data-theme', 'dark')
  await grace.getByTestId('download-button').click()
  expect(await seriousViolations(grace)).toEqual([])
  await grace.getByTestId('rename-button').click()
  expect(await seriousViolations(grace)).toEqual([])
})

test('an invalid link’s page has no serious accessibility problems', async ({ page, seed }) => {
  await page.goto(`${seed.url}r/%20`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
})

test('the pages for a document that was never created and for an unknown address have no serious accessibility problems', async ({ page, seed }) => {
  await page.goto(`${seed.url}r/never-created`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is no document at this link')
  expect(await seriousViolations(page)).toEqual([])
  await page.goto(`${seed.url}no/such/page`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  expect(await seriousViolations(page)).toEqual([])
})

test.describe('links mode', () => {
  test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

  test('the share dialog, a view-only page and a refused link have no serious accessibility problems', async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    await ada.goto(seed.url)
    await ada.getByTestId('new-document').click()
    await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    await ada.locator('.ProseMirror').click()
    await ada.keyboard.type('Shared notes')
    await ada.getByTestId('share-button').click()
    const dialog = ada.getByRole('dialog', { name: 'Share this document' })
    await expect(dialog).toBeVisible()
    expect(await seriousViolations(ada)).toEqual([])
    const viewLink = await dialog.getByRole('textbox', { name: 'Can view only' }).inputValue()

    const grace = await person(browser, 'Grace Hopper', '#be185d')
    await grace.goto(viewLink)
    await expect(grace.getByRole('note', { name: 'View only' })).toBeVisible()
    await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    expect(await seriousViolations(grace)).toEqual([])
    // The badge follows the dark theme too.
    await grace.emulateMedia({ colorScheme: 'dark' })
    await expect(grace.getByRole('note', { name: 'View only' })).toHaveCSS('background-color', 'rgb(30, 27, 75)')
    expect(await seriousViolations(grace)).toEqual([])
    await grace.emulateMedia({ colorScheme: 'light' })

    // Someone with no other link to this document on the device: Grace's kept view link would open it instead.
    const alan = await person(browser, 'Alan Turing', '#047857')
    await alan.goto(`${viewLink}broken`)
    await expect(alan.getByRole('heading', { level: 1 })).toHaveText('This link is not valid')
    expect(await seriousViolations(alan)).toEqual([])
  })
})
