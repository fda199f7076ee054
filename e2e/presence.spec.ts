import type { Page } from '@playwright/test'
import { pasteLines } from './support/document-people.ts'
import { closePeople, createDocument, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const paragraph = (index: number) => `Paragraph ${index} of a long document.`

/** Paragraphs pasted at the end of the document in one step (typing a long document takes most of a minute on a loaded machine). */
async function pasteParagraphs(page: Page, from: number, count: number): Promise<void> {
  await page.locator('.ProseMirror').focus()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Enter')
  await pasteLines(page, Array.from({ length: count }, (_, offset) => paragraph(from + offset)))
}

/** Paragraphs typed at the end of the document, so the typist's caret ends far below. */
async function typeParagraphs(page: Page, from: number, count: number): Promise<void> {
  await page.locator('.ProseMirror').focus()
  await page.keyboard.press('Control+End')
  for (let index = from; index < from + count; index++) {
    await page.keyboard.press('Enter')
    await page.keyboard.insertText(paragraph(index))
  }
}

function personEntry(page: Page, name: string) {
  return page.getByTestId('presence-person').filter({ hasText: name })
}

test('jump to a collaborator far down a long document, follow them while they type, stop when you scroll', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await ada.keyboard.type('A long document')
  await pasteParagraphs(ada, 1, 60)
  await grace.goto(url)
  await expect(grace.locator('.ProseMirror')).toContainText('Paragraph 60 of a long document.')

  const adaCaret = grace.locator('.collaboration-carets__caret')
  await expect(adaCaret).toHaveCount(1)
  await expect(adaCaret).not.toBeInViewport()

  await grace.getByRole('button', { name: /^Ada Lovelace \(active\)/ }).click()
  await expect(adaCaret).toBeInViewport()
  const bar = grace.getByTestId('follow-bar')
  await expect(bar).toContainText('At Ada Lovelace’s cursor.')

  await bar.getByRole('button', { name: 'Follow Ada Lovelace' }).click()
  await expect(bar).toContainText('Following Ada Lovelace — scroll or type to stop.')
  // Her caret moves far below Grace's view, the last stretch typed.
  await pasteParagraphs(ada, 61, 38)
  await typeParagraphs(ada, 99, 2)
  await expect(grace.locator('.ProseMirror')).toContainText('Paragraph 100 of a long document.')
  await expect(adaCaret).toBeInViewport()
  await expect(grace.getByText('Paragraph 100 of a long document.')).toBeInViewport()

  // Scrolling yourself wins: following stops, says why, and Ada's typing no longer moves the view.
  const editorBox = await grace.locator('.ProseMirror').boundingBox()
  await grace.mouse.move(editorBox!.x + editorBox!.width / 2, 400)
  await grace.mouse.wheel(0, -3000)
  await expect(bar).toContainText('Stopped following Ada Lovelace: you scrolled.')
  await pasteParagraphs(ada, 101, 19)
  await typeParagraphs(ada, 120, 1)
  await expect(grace.locator('.ProseMirror')).toContainText('Paragraph 120 of a long document.')
  await expect(adaCaret).not.toBeInViewport()
})

test('typing in the document stops following', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await ada.keyboard.type('Start')
  await pasteParagraphs(ada, 1, 40)
  await grace.goto(url)
  await grace.getByRole('button', { name: /^Ada Lovelace/ }).click()
  const bar = grace.getByTestId('follow-bar')
  await bar.getByRole('button', { name: 'Follow Ada Lovelace' }).click()
  await expect(bar).toContainText('Following Ada Lovelace')

  await grace.locator('.ProseMirror').getByText('Paragraph 30 of a long document.').click()
  await grace.keyboard.type(' Grace was here.')
  await expect(bar).toContainText('Stopped following Ada Lovelace: you are editing.')
})

test('someone without input for the idle threshold shows as idle, keeps their caret, and is active again when they type', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  // A threshold of 1.5 s instead of a minute, for both: the publisher refreshes its timestamp often enough for it.
  const url = `${await createDocument(ada, seed.url)}?idleAfterMs=1500`
  await ada.goto(url)
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.type('Hello')
  await grace.goto(url)

  const adaEntry = personEntry(grace, 'Ada Lovelace')
  await expect(adaEntry).toHaveAttribute('data-status', 'idle')
  await expect(grace.getByRole('button', { name: 'Ada Lovelace (idle)' })).toBeVisible()
  await expect(grace.getByTestId('presence-list')).toContainText('2 people here · 1 idle')
  // Idle is not gone: the caret stays.
  await expect(grace.locator('.collaboration-carets__caret')).toHaveCount(1)

  await ada.keyboard.type(' again')
  await expect(adaEntry).toHaveAttribute('data-status', 'active')
  await expect(grace.getByTestId('presence-list')).toContainText('2 people here')
})

test('while the server is down the people list keeps the others greyed out and the status says changes are kept', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await ada.keyboard.type('Before the outage.')
  await grace.goto(url)
  await expect(personEntry(ada, 'Grace Hopper')).toHaveAttribute('data-status', 'active')

  await seed.stop()
  const status = ada.getByTestId('connection-status')
  await expect(status).toHaveAttribute('data-state', 'reconnecting')
  await expect(status).toContainText('changes kept on this device')
  await expect(personEntry(ada, 'Grace Hopper')).toHaveAttribute('data-status', 'unreachable')
  await expect(ada.getByRole('button', { name: 'Grace Hopper (last seen before the connection dropped)' })).toBeVisible()
  await expect(ada.getByTestId('presence-list')).toContainText('Not connected · 2 people last seen')
  // Nobody's caret is drawn where it can no longer be known.
  await expect(ada.locator('.collaboration-carets__caret')).toHaveCount(0)

  await ada.keyboard.type(' Written during the outage.')
  await expect(personEntry(ada, 'Ada Lovelace')).toHaveAttribute('data-status', 'pending')
  await expect(ada.getByText('Ada Lovelace (you, offline — your changes are only on this device)')).toBeAttached()

  await seed.restart()
  await expect(status).toHaveAttribute('data-state', 'online-saved', { timeout: 20_000 })
  // Grace comes back on her own reconnect schedule (up to 10 s apart from Ada's).
  await expect(personEntry(ada, 'Grace Hopper')).toHaveAttribute('data-status', 'active', { timeout: 20_000 })
  await expect(personEntry(ada, 'Ada Lovelace')).toHaveAttribute('data-status', 'active')
  await expect(grace.locator('.ProseMirror')).toContainText('Written during the outage.')
})

/** Whether two boxes share any area. */
function overlap(first: { x: number; y: number; width: number; height: number }, second: typeof first): boolean {
  return first.x < second.x + second.width && second.x < first.x + first.width && first.y < second.y + second.height && second.y < first.y + first.height
}

test('the follow bar never covers the status bar under the document, on a wide screen or at the end of a phone’s page', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await ada.keyboard.type('Start')
  await pasteParagraphs(ada, 1, 40)
  // Her cursor mid-document: the status bar then stays at the bottom of Grace's view, where the follow bar floats.
  await ada.locator('.ProseMirror').getByText('Paragraph 20 of a long document.').click()
  await grace.goto(url)
  await grace.getByRole('button', { name: /^Ada Lovelace/ }).click()
  const bar = grace.getByTestId('follow-bar')
  const status = grace.locator('.editor-status')
  await expect(bar).toContainText('At Ada Lovelace’s cursor.')
  await expect(status).toBeInViewport()
  expect(overlap((await bar.boundingBox())!, (await status.boundingBox())!)).toBe(false)

  // On a phone the status bar ends the page instead of staying in view: at the end, it is above the bar's reach.
  await grace.setViewportSize({ width: 390, height: 700 })
  await status.scrollIntoViewIfNeeded()
  await expect(bar).toBeVisible()
  await expect(status).toBeInViewport()
  expect(overlap((await bar.boundingBox())!, (await status.boundingBox())!)).toBe(false)
})
