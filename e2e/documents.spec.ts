/**
 * Issue 10, points 1, 2 and 9: the caret is in a new document at once, a link to
 * a document that was never created says so (and can start one), a device
 * offline says plainly what it does not have, and unknown addresses are a 404 page.
 */
import { createRoomId } from '../shared/room-id.ts'
import { closePeople, documentText, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('New document puts the caret in the editor: typing at once lands in the document', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada', '#1f77b4')
  await ada.goto(seed.url)
  await ada.getByTestId('new-document').click()
  const editor = ada.getByRole('textbox', { name: 'Document text' })
  await expect(editor).toBeFocused()
  await ada.keyboard.type('Typed at once')
  await expect.poll(() => documentText(ada)).toBe('Typed at once')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  // Opened from a link by someone alone in it: the caret waits at the start.
  const grace = await person(browser, 'Grace', '#d62728')
  await ada.context().close()
  await grace.goto(ada.url())
  await expect(grace.getByRole('textbox', { name: 'Document text' })).toBeFocused()
  await grace.keyboard.type('Grace: ')
  await expect.poll(() => documentText(grace)).toBe('Grace: Typed at once')

  // Someone is already in it: nobody's caret is placed for them.
  const kay = await person(browser, 'Kay', '#2ca02c')
  await kay.goto(grace.url())
  await expect(kay.locator('.collaboration-carets__label')).toHaveCount(1)
  await expect(kay.getByRole('textbox', { name: 'Document text' })).not.toBeFocused()
})

test('a link to a document that was never created says so, and Create a document here starts it', async ({ browser, seed }) => {
  // A name of its own: the worker's Seed outlives this test (a repeat of it would find the document created).
  const link = `${seed.url}r/team-notes-${createRoomId()}`
  const ada = await person(browser, 'Ada', '#1f77b4')
  await ada.goto(link)
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText('There is no document at this link')
  await expect(ada.locator('.ProseMirror')).toHaveCount(0)
  await expect(ada.getByRole('link', { name: 'Go to your documents' })).toBeVisible()

  await ada.getByRole('button', { name: 'Create a document here' }).click()
  await expect(ada.getByRole('textbox', { name: 'Document text' })).toBeFocused()
  await ada.keyboard.type('Team notes')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  // Now it exists for everyone.
  const grace = await person(browser, 'Grace', '#d62728')
  await grace.goto(link)
  await expect.poll(() => documentText(grace)).toBe('Team notes')
})

test('offline, a document this device never opened says it is not here instead of showing an empty page', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada', '#1f77b4')
  await ada.goto(seed.url)
  await expect(ada.getByTestId('new-document')).toBeVisible()
  await ada.context().setOffline(true)
  // A link followed inside the app (the page itself is already loaded).
  await ada.evaluate(() => {
    history.pushState(null, '', '/r/never-opened-here')
    dispatchEvent(new PopStateEvent('popstate'))
  })
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText('This document is not on this device')
  await expect(ada.locator('.ProseMirror')).toHaveCount(0)
})

test('an unknown address answers the app’s 404 page, with status 404 and a way home', async ({ page, seed }) => {
  const response = await page.goto(`${seed.url}no/such/page`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  await page.getByRole('link', { name: 'Go to your documents' }).click()
  await expect(page.getByTestId('new-document')).toBeVisible()

  const api = await page.request.get(`${seed.url}api/no-such-api`)
  expect(api.status()).toBe(404)
  expect(await api.json()).toEqual({ error: expect.any(String) })
})
