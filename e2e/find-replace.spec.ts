import { closePeople, documentText, person, typeAtEnd } from './support/people.ts'
import { twoPeople } from './support/document-people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('find highlights and counts the matches for this person only and moves between them', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'The cat sat.')
  await typeAtEnd(ada, '\nA cat and a Cat.')
  const find = ada.getByRole('textbox', { name: 'Find', exact: true })
  const count = ada.getByTestId('find-count')

  await ada.keyboard.press('Control+f')
  await expect(find).toBeFocused()
  await find.fill('cat')
  await expect(count).toHaveText('1 of 3')
  await expect(ada.locator('.ProseMirror .find-match')).toHaveCount(3)
  await expect(ada.locator('.ProseMirror .find-match--current')).toHaveText('cat')
  // Highlights are decorations of Ada's editor: nothing of them reaches Grace.
  await expect(grace.locator('.ProseMirror .find-match')).toHaveCount(0)

  await find.press('Enter')
  await expect(count).toHaveText('2 of 3')
  await find.press('Enter')
  await expect(count).toHaveText('3 of 3')
  await expect(ada.locator('.ProseMirror .find-match--current')).toHaveText('Cat')
  await find.press('Enter')
  await expect(count).toHaveText('1 of 3')
  await find.press('Shift+Enter')
  await expect(count).toHaveText('3 of 3')
  await ada.getByRole('button', { name: 'Previous match' }).click()
  await expect(count).toHaveText('2 of 3')

  await ada.getByRole('checkbox', { name: 'Match case' }).check()
  await expect(ada.locator('.ProseMirror .find-match')).toHaveCount(2)
  await ada.getByRole('checkbox', { name: 'Match case' }).uncheck()
  await expect(ada.locator('.ProseMirror .find-match')).toHaveCount(3)
})

test('the matches follow the other person’s edits; Escape closes the bar and gives the document its focus back', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'A cat and a hat.')
  const find = ada.getByRole('textbox', { name: 'Find', exact: true })
  const count = ada.getByTestId('find-count')
  await ada.keyboard.press('Control+f')
  await find.fill('cat')
  await expect(count).toHaveText('1 of 1')

  // Grace types into the text she sees: typing the moment her status says online once landed before the text, under load.
  await expect(grace.locator('.ProseMirror')).toContainText('A cat and a hat.')
  await typeAtEnd(grace, ' One more CAT.')
  await expect(ada.locator('.ProseMirror .find-match')).toHaveCount(2)
  await expect(count).toHaveText('1 of 2')

  await find.fill('no such words')
  await expect(count).toHaveText('No matches')
  await expect(ada.locator('.ProseMirror .find-match')).toHaveCount(0)

  await find.fill('hat')
  await find.press('Escape')
  await expect(find).toBeHidden()
  await expect(ada.locator('.ProseMirror')).toBeFocused()
  await expect(ada.locator('.ProseMirror .find-match')).toHaveCount(0)
})

test('Ctrl+H replaces one match and then all of them; the other person sees the text replaced, and one undo brings all back', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Tea for two, tea for me.')
  // As above: Grace types into the text she sees.
  await expect(grace.locator('.ProseMirror')).toContainText('Tea for two, tea for me.')
  await typeAtEnd(grace, '\nMore tea?')
  await expect.poll(() => documentText(ada)).toBe('Tea for two, tea for me.\nMore tea?')

  await ada.locator('.ProseMirror').click()
  await ada.keyboard.press('Control+Home')
  await ada.keyboard.press('Control+h')
  const find = ada.getByRole('textbox', { name: 'Find', exact: true })
  const count = ada.getByTestId('find-count')
  await expect(find).toBeFocused()
  await find.fill('tea')
  // The search starts at the caret.
  await expect(count).toHaveText('1 of 3')
  await ada.getByRole('button', { name: 'Next match' }).click()
  await expect(count).toHaveText('2 of 3')
  await find.press('Shift+Enter')
  await expect(count).toHaveText('1 of 3')

  const replacement = ada.getByRole('textbox', { name: 'Replace with' })
  await replacement.fill('coffee')
  await ada.getByRole('button', { name: 'Replace', exact: true }).click()
  await expect.poll(() => documentText(grace)).toBe('coffee for two, tea for me.\nMore tea?')
  await expect(count).toHaveText('1 of 2')

  await ada.getByRole('button', { name: 'Replace all' }).click()
  await expect.poll(() => documentText(grace)).toBe('coffee for two, coffee for me.\nMore coffee?')
  await expect(count).toHaveText('No matches')

  // Ada's undo takes back the whole "Replace all" at once, and nothing else.
  await find.press('Escape')
  await expect(ada.locator('.ProseMirror')).toBeFocused()
  await ada.keyboard.press('Control+z')
  await expect.poll(() => documentText(grace)).toBe('coffee for two, tea for me.\nMore tea?')
})

test('Ctrl+F belongs to the browser outside the document', async ({ browser, seed }) => {
  const [ada] = await twoPeople(browser, seed.url, 'Some text')
  await ada.getByTestId('rename-button').focus()
  await ada.keyboard.press('Control+f')
  await expect(ada.getByRole('search', { name: 'Find in document' })).toHaveCount(0)

  // The status bar's Find button opens it too, for those without a keyboard.
  await ada.getByRole('button', { name: 'Find', exact: true }).click()
  await expect(ada.getByRole('textbox', { name: 'Find', exact: true })).toBeFocused()
})

test.describe('links mode', () => {
  test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

  test('a reader with a view-only link can find, but is offered no replace', async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    await ada.goto(seed.url)
    await ada.getByTestId('new-document').click()
    await typeAtEnd(ada, 'Read this, then read that.')
    await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    await ada.getByTestId('share-button').click()
    const viewLink = await ada.getByRole('textbox', { name: 'Can view only' }).inputValue()

    const grace = await person(browser, 'Grace Hopper', '#be185d')
    await grace.goto(viewLink)
    await expect(grace.getByRole('note', { name: 'View only' })).toBeVisible()
    await expect(grace.getByTestId('word-count')).toHaveText('5 words · 26 characters')
    await grace.locator('.ProseMirror').click()
    await grace.keyboard.press('Control+h')
    await grace.getByRole('textbox', { name: 'Find', exact: true }).fill('read')
    await expect(grace.getByTestId('find-count')).toHaveText(/ of 2$/)
    await expect(grace.getByRole('textbox', { name: 'Replace with' })).toHaveCount(0)
    await expect(grace.getByRole('button', { name: 'Find and replace' })).toHaveCount(0)
  })
})
