import type { Page } from '@playwright/test'
import { pasteLines } from './support/document-people.ts'
import { closePeople, createDocument, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

/**
 * What hides `target` (the caret, or a find match): the names of the bars it is under, and 'out of view' when it is
 * outside the scrolling document. Empty when it can be seen. A collapsed range at the start of an element has no
 * rectangle of its own; the element's first line stands for it then.
 */
function whatHides(page: Page, target: 'caret' | 'find match'): Promise<string[]> {
  return page.evaluate((target) => {
    const rectOf = (selector: string): DOMRect | undefined => document.querySelector(selector)?.getBoundingClientRect()
    let rect: DOMRect
    if (target === 'find match') rect = rectOf('.find-match--current')!
    else {
      const range = getSelection()!.getRangeAt(0)
      rect = range.getBoundingClientRect()
      if (rect.height === 0) {
        const node = range.startContainer
        rect = (node instanceof Element ? node : node.parentElement!).getBoundingClientRect()
      }
    }
    const bars = { header: 'header.topbar', toolbar: '.editor__toolbar-shelf', 'status bar': '.editor-status' }
    const hiddenBy = Object.entries(bars)
      .filter(([, selector]) => {
        const bar = rectOf(selector)
        return bar !== undefined && bar.height > 0 && rect.top < bar.bottom && rect.bottom > bar.top
      })
      .map(([name]) => name)
    const scroller = rectOf('.document-main')!
    if (rect.top < scroller.top || rect.bottom > scroller.bottom) hiddenBy.push('out of view')
    return hiddenBy
  }, target)
}

async function press(page: Page, key: string, times: number): Promise<void> {
  for (let index = 0; index < times; index += 1) await page.keyboard.press(key)
}

const sizes = [
  { name: 'a laptop', width: 1280, height: 800 },
  { name: 'a phone', width: 390, height: 844 },
]

for (const size of sizes) {
  test(`on ${size.name} the caret stays clear of the header, toolbar and status bar when typing, moving and finding`, async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    await ada.setViewportSize(size)
    await createDocument(ada, seed.url)
    await typeAtEnd(ada, 'Long notes')
    await ada.keyboard.press('Enter')
    // Several screens of notes in one step (typing them takes long on a loaded machine); then typing goes on after them.
    await pasteLines(ada, Array.from({ length: 90 }, (_, index) => `Line ${index + 1} of the notes.`))
    await ada.keyboard.type(' Typing at the end.')
    await expect.poll(() => whatHides(ada, 'caret')).toEqual([])

    await ada.keyboard.press('Control+Home')
    await expect.poll(() => whatHides(ada, 'caret')).toEqual([])
    await press(ada, 'ArrowDown', 40)
    await expect.poll(() => whatHides(ada, 'caret')).toEqual([])
    await ada.keyboard.press('Control+End')
    await expect.poll(() => whatHides(ada, 'caret')).toEqual([])
    await press(ada, 'ArrowUp', 40)
    await expect.poll(() => whatHides(ada, 'caret')).toEqual([])
    await ada.keyboard.press('Control+End')
    await ada.keyboard.type(' More.')
    await expect.poll(() => whatHides(ada, 'caret')).toEqual([])

    await ada.keyboard.press('Control+f')
    const find = ada.getByRole('textbox', { name: 'Find', exact: true })
    await find.fill('Line 2 of')
    await expect(ada.getByTestId('find-count')).toHaveText('1 of 1')
    await expect.poll(() => whatHides(ada, 'find match')).toEqual([])
    await find.fill('Line 88 of')
    await expect(ada.getByTestId('find-count')).toHaveText('1 of 1')
    await expect.poll(() => whatHides(ada, 'find match')).toEqual([])
  })
}
