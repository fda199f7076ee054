import type { Browser, Page } from '@playwright/test'
import { expect } from './seed-fixture.ts'
import { documentText, person, typeAtEnd } from './people.ts'

/**
 * Ada opens a new document and writes its first line (New document creates the room on
 * the server, so others could open it before; the first line gives them something to see).
 */
export async function adaStarts(browser: Browser, seedUrl: string, firstLine: string): Promise<Page> {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await ada.goto(seedUrl)
  await ada.getByTestId('new-document').click()
  await expect(ada).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
  await typeAtEnd(ada, firstLine)
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  return ada
}

/** Grace opens the document Ada is in, in a browser context of her own. */
export function graceJoins(browser: Browser, ada: Page): Promise<Page> {
  return graceOpens(browser, ada.url())
}

/** Grace opens `link` (a document's address or a share link) in a browser context of her own, online and saved. */
export async function graceOpens(browser: Browser, link: string): Promise<Page> {
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(link)
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  return grace
}

/** Ada's document with Grace in it, both online and saved, Grace's editor showing Ada's first line. */
export async function twoPeople(browser: Browser, seedUrl: string, firstLine: string): Promise<[Page, Page]> {
  const ada = await adaStarts(browser, seedUrl, firstLine)
  const grace = await graceJoins(browser, ada)
  // What Grace types next goes after Ada's line only once her editor shows it.
  await expect.poll(() => documentText(grace)).toContain(firstLine)
  return [ada, grace]
}

/** The text of each cell of the page's tables, row by row, without other people's caret labels. */
export function tableCells(page: Page): Promise<string[][]> {
  return page.locator('.ProseMirror').evaluate((editor) =>
    Array.from(editor.querySelectorAll('tr'), (row) =>
      Array.from(row.children, (cell) => {
        const copy = cell.cloneNode(true) as HTMLElement
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove())
        return copy.textContent ?? ''
      }),
    ),
  )
}

/** Pastes into the editor what a desktop application puts on the clipboard: HTML, and its plain text. */
export function pasteHtml(page: Page, html: string, text: string): Promise<void> {
  return paste(page, { 'text/html': html, 'text/plain': text })
}

/** Pastes what a plain-text editor (a terminal, a code editor, a .md file) puts on the clipboard: text alone. */
export function pastePlainText(page: Page, text: string): Promise<void> {
  return paste(page, { 'text/plain': text })
}

async function paste(page: Page, clipboard: Record<string, string>): Promise<void> {
  await page.locator('.ProseMirror').evaluate((editor, entries) => {
    const data = new DataTransfer()
    for (const [type, value] of Object.entries(entries)) data.setData(type, value)
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, clipboard)
}

/**
 * Pastes `lines` (plain text, no markup) as paragraphs at the caret, which ends after the last one as if they had been
 * typed: one step instead of a keystroke each, which would take most of a minute for a long document on a loaded machine.
 */
export function pasteLines(page: Page, lines: string[]): Promise<void> {
  return pasteHtml(page, lines.map((line) => `<p>${line}</p>`).join(''), lines.join('\n'))
}
