import { closePeople } from './support/people.ts'
import { adaStarts, graceJoins, pasteHtml, tableCells, twoPeople } from './support/document-people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('Ctrl+K adds a link; the other person gets a link that opens safely in a new tab', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Seed docs')
  // Without a selection the address becomes the link's text (a keyboard selection reaches ProseMirror asynchronously, so the test does not rely on one).
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Control+k')
  const address = ada.getByRole('textbox', { name: 'Link address' })
  await expect(address).toBeFocused()

  await address.fill('javascript:alert(1)')
  await address.press('Enter')
  await expect(ada.getByRole('alert')).toContainText('Only web')
  await expect(ada.locator('.ProseMirror a')).toHaveCount(0)

  await address.fill('example.com/docs')
  await address.press('Enter')
  await expect(address).toBeHidden()
  const grace = await graceJoins(browser, ada)
  const link = grace.locator('.ProseMirror a', { hasText: 'example.com/docs' })
  await expect(link).toHaveAttribute('href', 'https://example.com/docs')
  await expect(link).toHaveAttribute('target', '_blank')
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer')

  // The toolbar button edits the link the caret is in, and removes it.
  await ada.locator('.ProseMirror a').click()
  await ada.getByRole('button', { name: 'Link', exact: true }).click()
  await expect(address).toHaveValue('https://example.com/docs')
  await ada.getByRole('button', { name: 'Remove link' }).click()
  await expect(grace.locator('.ProseMirror a')).toHaveCount(0)
  await expect(grace.locator('.ProseMirror')).toContainText('example.com/docs')
})

test('a table is inserted with a header row, grows by a row and a column, and is deleted', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Team')
  await ada.keyboard.press('Enter')
  const tableTools = ada.getByRole('button', { name: 'Table', exact: true })
  await expect(tableTools).toHaveCount(0)
  await ada.getByRole('button', { name: 'Insert table' }).click()
  await ada.keyboard.type('Name')

  const table = grace.locator('.ProseMirror table')
  await expect(table.locator('tr').first().locator('th')).toHaveCount(3)
  await expect.poll(() => tableCells(grace)).toEqual([
    ['Name', '', ''],
    ['', '', ''],
    ['', '', ''],
  ])

  await tableTools.click()
  await ada.getByRole('menuitem', { name: 'Add row below' }).click()
  await tableTools.click()
  await ada.getByRole('menuitem', { name: 'Add column right' }).click()
  await expect.poll(() => tableCells(grace)).toEqual([
    ['Name', '', '', ''],
    ['', '', '', ''],
    ['', '', '', ''],
    ['', '', '', ''],
  ])

  await tableTools.click()
  await ada.getByRole('menuitem', { name: 'Delete table' }).click()
  await expect(table).toHaveCount(0)
  await expect(tableTools).toHaveCount(0)
})

test('a table pasted as HTML (a spreadsheet, Google Docs, Word) keeps its rows and cells', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Team')
  await ada.keyboard.press('Enter')
  // What Google Sheets puts on the clipboard, trimmed: a bare table with inline styles.
  const html =
    '<meta charset="utf-8"><google-sheets-html-origin><table style="border-collapse:collapse"><tbody>' +
    '<tr><td style="font-weight:bold">Name</td><td>Role</td></tr>' +
    '<tr><td>Ada</td><td>Engineer</td></tr>' +
    '<tr><td>Grace</td><td>Admiral</td></tr>' +
    '</tbody></table></google-sheets-html-origin>'
  await pasteHtml(ada, html, 'Name\tRole\nAda\tEngineer\nGrace\tAdmiral')

  await expect.poll(() => tableCells(grace)).toEqual([
    ['Name', 'Role'],
    ['Ada', 'Engineer'],
    ['Grace', 'Admiral'],
  ])
})

test('a checklist item ticked by one person is ticked for the other', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Shopping')
  await ada.keyboard.press('Enter')
  await ada.getByRole('button', { name: 'Checklist' }).click()
  await ada.keyboard.type('Buy milk')
  await expect(ada.getByRole('button', { name: 'Checklist' })).toHaveAttribute('aria-pressed', 'true')

  // The checkbox is named after its item's text.
  const graceBox = grace.getByRole('checkbox', { name: 'Task item checkbox for Buy milk' })
  await expect(graceBox).not.toBeChecked()

  await ada.getByRole('checkbox', { name: 'Task item checkbox for Buy milk' }).check()
  await expect(graceBox).toBeChecked()
  await expect(grace.locator('.ProseMirror ul[data-type="taskList"] > li')).toHaveAttribute('data-checked', 'true')
})

test('divider, alignment and highlight', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Centred')
  const alignment = ada.getByRole('button', { name: 'Alignment' })
  await alignment.click()
  await ada.getByRole('menuitemcheckbox', { name: 'Align center' }).click()
  await alignment.click()
  await expect(ada.getByRole('menuitemcheckbox', { name: 'Align center' })).toHaveAttribute('aria-checked', 'true')
  await expect(ada.getByRole('menuitemcheckbox', { name: 'Align left' })).toHaveAttribute('aria-checked', 'false')
  await ada.keyboard.press('Escape')
  // Back in the document, where its selection was: after "Centred".
  await ada.locator('.ProseMirror').focus()
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Control+Shift+h')
  await ada.keyboard.type('Marked')
  await ada.getByRole('button', { name: 'Divider' }).click()
  await expect(ada.locator('.ProseMirror mark')).toHaveText('Marked')
  const grace = await graceJoins(browser, ada)

  await expect(grace.locator('.ProseMirror p').first()).toHaveCSS('text-align', 'center')
  await expect(grace.locator('.ProseMirror mark')).toHaveText('Marked')
  await expect(grace.locator('.ProseMirror hr')).toHaveCount(1)
})
