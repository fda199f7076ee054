import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test'

const contexts = new Set<BrowserContext>()

/** One browser context per person: contexts share neither IndexedDB nor BroadcastChannel. Close them with closePeople. */
export async function person(browser: Browser, name: string, color: string): Promise<Page> {
  // Certificate errors are ignored for the self-signed https servers of images by address (https-image-server.ts).
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], ignoreHTTPSErrors: true })
  contexts.add(context)
  // Only on the first visit, so that a rename survives reloads.
  await context.addInitScript((identity) => {
    if (!localStorage.getItem('seed:identity')) localStorage.setItem('seed:identity', JSON.stringify(identity))
  }, { name, color })
  return context.newPage()
}

/** Someone new to Seed on this device, who has not chosen a name or colour yet; closed by closePeople too. */
export async function newcomer(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options)
  contexts.add(context)
  return context.newPage()
}

/** The document's text, one line per top-level block, without other people's caret labels or the code blocks' language pickers. */
export function documentText(page: Page): Promise<string> {
  return page.locator('.ProseMirror').evaluate((editor) => {
    const copy = editor.cloneNode(true) as HTMLElement
    copy.querySelectorAll('.collaboration-carets__caret, .code-block__picker').forEach((widget) => widget.remove())
    return Array.from(copy.children, (block) => block.textContent ?? '').join('\n')
  })
}

export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

/**
 * For afterEach: the worker's browser outlives the test, and a person's page left
 * open keeps reconnecting to a server that is gone (or to the next test's server on
 * the same port), or stays in the worker's shared server, costing the next tests time.
 */
export async function closePeople(): Promise<void> {
  await Promise.all(Array.from(contexts, (context) => context.close()))
  contexts.clear()
}

/** Starts a new document from the landing page at `url` and waits until the server has it; returns its address. */
export async function createDocument(page: Page, url: string): Promise<string> {
  await page.goto(url)
  await page.getByTestId('new-document').click()
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  return page.url()
}
