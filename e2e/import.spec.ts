/**
 * Issue 19, point 8: a Markdown or HTML file dropped on the landing page, or
 * chosen with its Import file… button, becomes a new document that opens with the
 * file's structure; a file Seed cannot import leaves a sentence and creates nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { seriousViolations } from './support/axe.ts'
import { closePeople, documentText, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

const API_KEY = 'the-api-key-of-this-test-run-0123456789abcdef'

test.use({ seedEnv: { API_KEY } })
test.afterEach(closePeople)

interface FileToImport {
  name: string
  mimeType: string
  buffer: Buffer
}

const MARKDOWN = `# Trip plan

Tickets are on [the rail site](https://rail.example.com/trip).

- bread
- cheese

To do:

- [ ] book the train
- [x] pack the bags

| Day | Place |
| --- | ----- |
| Mon | Lyon |
`

const HTML = `<!doctype html><html><head><title>ignored</title></head><body>
<h1>Trip plan</h1>
<p>Tickets are on <a href="https://rail.example.com/trip">the rail site</a>.</p>
<ul><li><p>bread</p></li><li><p>cheese</p></li></ul>
<p>To do:</p>
<ul data-type="taskList">
  <li data-type="taskItem" data-checked="false"><p>book the train</p></li>
  <li data-type="taskItem" data-checked="true"><p>pack the bags</p></li>
</ul>
<table><tbody><tr><th><p>Day</p></th><th><p>Place</p></th></tr><tr><td><p>Mon</p></td><td><p>Lyon</p></td></tr></tbody></table>
</body></html>`

/** Drops the file on the landing page as the browser delivers a file dragged from the desktop. */
async function dropFile(page: Page, file: FileToImport): Promise<void> {
  await page.getByTestId('landing-page').evaluate(
    (target, { bytes, name, type }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }))
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    },
    { bytes: [...file.buffer], name: file.name, type: file.mimeType },
  )
}

/** Chooses the file (its content, or its path on disk) with the Import file… button, from the keyboard. */
async function chooseFile(page: Page, file: FileToImport | string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId('import-file').focus()
  await page.keyboard.press('Enter')
  await (await chooser).setFiles(file)
}

/** The documents on the server, through the document API. */
async function documentsOnServer(url: string): Promise<unknown[]> {
  const response = await fetch(new URL('/api/v1/documents', url), { headers: { Authorization: `Bearer ${API_KEY}` } })
  expect(response.status).toBe(200)
  return ((await response.json()) as { documents: unknown[] }).documents
}

async function expectTripPlan(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
  const editor = page.locator('.ProseMirror')
  // Without the caret label of someone else who has it open.
  await expect.poll(() => documentText(page)).toMatch(/^Trip plan\n/)
  await expect(page.locator('.document-heading__title')).toHaveText('Trip plan')
  await expect(editor.locator('a[href="https://rail.example.com/trip"]')).toHaveText('the rail site')
  await expect(editor.locator('ul:not([data-type="taskList"]) > li')).toHaveText(['bread', 'cheese'])
  // The item's text, without its checkbox's label.
  await expect(editor.locator('ul[data-type="taskList"] > li > div')).toHaveText(['book the train', 'pack the bags'])
  await expect(editor.locator('ul[data-type="taskList"] > li[data-checked="true"] > div')).toHaveText('pack the bags')
  await expect(editor.locator('table tr')).toHaveCount(2)
  await expect(editor.locator('table th')).toHaveText(['Day', 'Place'])
  await expect(editor.locator('table td')).toHaveText(['Mon', 'Lyon'])
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
}

for (const [kind, file, how] of [
  ['Markdown', { name: 'trip.md', mimeType: '', buffer: Buffer.from(MARKDOWN) }, dropFile],
  ['HTML', { name: 'trip.html', mimeType: 'text/html', buffer: Buffer.from(HTML) }, chooseFile],
] as const) {
  test(`a ${kind} file ${how === dropFile ? 'dropped on the landing page' : 'chosen with Import file…'} opens as a new document with its headings, lists, task list, table and link`, async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    await ada.goto(seed.url)
    await how(ada, file)
    await expectTripPlan(ada)
    expect(await documentsOnServer(seed.url)).toHaveLength(1)
    // Someone else opening its link sees the same document.
    const grace = await person(browser, 'Grace Hopper', '#be185d')
    await grace.goto(ada.url())
    await expectTripPlan(grace)
  })
}

test('a .txt file or a 20 MB file gets a sentence on the landing page and creates nothing; the page stays accessible', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await ada.goto(seed.url)
  const problem = ada.getByTestId('import-problem')

  await dropFile(ada, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') })
  await expect(problem).toHaveText('notes.txt is not a Markdown (.md) or HTML (.html) file, so it cannot be imported. Nothing was created.')
  expect(await seriousViolations(ada)).toEqual([])

  // From disk: Chromium reads the file itself (kept until the page is done with it), where 20 MB in memory would first
  // cross the DevTools protocol as base64.
  const folder = await mkdtemp(path.join(tmpdir(), 'seed-e2e-import-'))
  try {
    const huge = path.join(folder, 'huge.md')
    await writeFile(huge, Buffer.alloc(20 * 1024 * 1024, 'word '))
    await chooseFile(ada, huge)
    await expect(problem).toHaveText(/^Could not import huge\.md\. The file is too large to import: at most 2 MiB\. Nothing was created\.$/)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  await expect(ada.getByTestId('import-file')).toBeEnabled()
  expect(new URL(ada.url()).pathname).toBe('/')
  expect(await documentsOnServer(seed.url)).toEqual([])

  await ada.emulateMedia({ colorScheme: 'dark' })
  await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await seriousViolations(ada)).toEqual([])
})
