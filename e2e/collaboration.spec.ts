import { closePeople, createDocument, documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('two people see each other’s text, carets, names and presence', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')

  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'Hello from Ada.')
  await grace.goto(url)
  await expect.poll(() => documentText(grace)).toBe('Hello from Ada.')

  await typeAtEnd(grace, ' And Grace.')
  await expect.poll(() => documentText(ada)).toBe('Hello from Ada. And Grace.')

  await expect(ada.locator('.collaboration-carets__label')).toHaveText('Grace Hopper')
  await ada.locator('.ProseMirror').click()
  await expect(grace.locator('.collaboration-carets__label')).toHaveText('Ada Lovelace')

  for (const [page, you, other] of [
    [ada, 'Ada Lovelace', 'Grace Hopper'],
    [grace, 'Grace Hopper', 'Ada Lovelace'],
  ] as const) {
    const people = page.getByRole('list', { name: 'People in this document' }).getByRole('listitem')
    await expect(people).toHaveCount(2)
    await expect(people.filter({ hasText: `${you} (you)` })).toHaveCount(1)
    await expect(people.filter({ hasText: other })).toHaveCount(1)
    await expect(page.getByTestId('presence-list')).toContainText('2 people here')
  }
})

test('a rename reaches the other person’s presence list and caret label', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'Notes')
  await grace.goto(url)
  await expect.poll(() => documentText(grace)).toBe('Notes')
  await expect(grace.locator('.collaboration-carets__label')).toHaveText('Ada Lovelace')

  await ada.getByTestId('rename-button').click()
  const input = ada.getByTestId('name-input')
  await expect(input).toBeFocused()
  await expect(ada.getByLabel('Your name')).toHaveValue('Ada Lovelace')
  await input.fill('Countess Ada')
  await input.press('Enter')

  await expect(grace.getByTestId('presence-list')).toContainText('Countess Ada')
  await expect(ada.getByTestId('presence-list')).toContainText('Countess Ada (you)')
  // The caret shows while Ada's editor has focus.
  await ada.locator('.ProseMirror').click()
  await expect(grace.locator('.collaboration-carets__label')).toHaveText('Countess Ada')

  await ada.reload()
  await expect(ada.getByTestId('presence-list')).toContainText('Countess Ada (you)')
})

test('undo takes back only your own edits', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await expect(ada.getByRole('button', { name: 'Undo' })).toBeDisabled()

  await typeAtEnd(ada, 'Ada wrote this.')
  await grace.goto(url)
  await expect.poll(() => documentText(grace)).toBe('Ada wrote this.')
  await typeAtEnd(grace, ' Grace wrote this.')
  await expect.poll(() => documentText(ada)).toBe('Ada wrote this. Grace wrote this.')

  // Typing is grouped into undo steps by pauses, so a slow typist needs more than one undo.
  await ada.getByRole('button', { name: 'Undo' }).click()
  await expect
    .poll(async () => {
      await ada.keyboard.press('Control+z')
      return documentText(ada)
    })
    .toBe(' Grace wrote this.')
  await expect.poll(() => documentText(grace)).toBe(' Grace wrote this.')
  await expect(ada.getByRole('button', { name: 'Undo' })).toBeDisabled()

  await ada.getByRole('button', { name: 'Redo' }).click()
  await expect
    .poll(async () => {
      await ada.keyboard.press('Control+Shift+z')
      return documentText(grace)
    })
    .toBe('Ada wrote this. Grace wrote this.')
})

test('toolbar buttons format text and report what is active', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await createDocument(ada, seed.url)
  await ada.locator('.ProseMirror').click()
  const bold = ada.getByRole('button', { name: 'Bold' })
  await expect(bold).toHaveAttribute('aria-pressed', 'false')
  await bold.click()
  await ada.keyboard.type('Strong words')
  await expect(bold).toHaveAttribute('aria-pressed', 'true')
  await expect(ada.locator('.ProseMirror strong')).toHaveText('Strong words')

  await ada.getByRole('button', { name: 'Heading 2' }).click()
  await expect(ada.locator('.ProseMirror h2')).toHaveText('Strong words')
  await expect(ada.getByRole('button', { name: 'Heading 2' })).toHaveAttribute('aria-pressed', 'true')
  await expect(ada).toHaveTitle('Strong words · Seed')

  // The toolbar is one tab stop; arrow keys move inside it.
  await bold.focus()
  await ada.keyboard.press('ArrowRight')
  const italic = ada.getByRole('button', { name: 'Italic' })
  await expect(italic).toBeFocused()
  await expect(italic).toHaveAttribute('tabindex', '0')
  await expect(bold).toHaveAttribute('tabindex', '-1')
  await ada.keyboard.press('ArrowLeft')
  await expect(bold).toBeFocused()
})

test('someone offline keeps writing, and both versions merge when they are back', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'Shared start.')
  await grace.goto(url)
  await expect.poll(() => documentText(grace)).toBe('Shared start.')

  await ada.context().setOffline(true)
  const adaStatus = ada.getByTestId('connection-status')
  await expect(adaStatus).toHaveAttribute('data-state', 'offline')
  await expect(adaStatus).toHaveText('Offline — changes kept on this device')
  // Ada is cut off from everyone: her list keeps Grace, greyed out; Grace's drops Ada only when the server notices she is gone.
  await expect(ada.getByTestId('presence-list')).toContainText('Not connected · 2 people last seen')

  await typeAtEnd(ada, ' Ada wrote this offline.')
  await grace.locator('.ProseMirror').click()
  await grace.keyboard.press('Control+Home')
  await grace.keyboard.type('Grace wrote this online. ')
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  expect(await documentText(grace)).toBe('Grace wrote this online. Shared start.')
  expect(await documentText(ada)).toBe('Shared start. Ada wrote this offline.')

  await ada.context().setOffline(false)
  await expect(adaStatus).toHaveAttribute('data-state', 'online-saved')
  const merged = 'Grace wrote this online. Shared start. Ada wrote this offline.'
  await expect.poll(() => documentText(ada)).toBe(merged)
  await expect.poll(() => documentText(grace)).toBe(merged)
  await expect(grace.getByTestId('presence-list')).toContainText('2 people here')
})

test('an offline page opens from this device’s copy', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'Kept on this device.')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  // Going to the landing page and back re-opens the room from IndexedDB while the network is down.
  await ada.goto(seed.url)
  await ada.context().setOffline(true)
  await ada.getByRole('link', { name: /Kept on this device/ }).click()
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
  await expect.poll(() => documentText(ada)).toBe('Kept on this device.')
  expect(ada.url()).toBe(url)
})

test('the document survives a server crash and restart', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'Written before the crash.')
  // "saved" means the server stored it: a SIGKILL right after must not lose it.
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  // Ada leaves, so her device's copy cannot bring the text back: only the server can.
  await ada.context().close()

  await seed.kill()
  await seed.restart()

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(url)
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved', { timeout: 20_000 })
  await expect.poll(() => documentText(grace)).toBe('Written before the crash.')
})
