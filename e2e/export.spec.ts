import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import type { JSONContent } from '@tiptap/core'
import { MarkdownManager } from '@tiptap/markdown'
import { createDocumentMarkdown } from '../shared/document-markdown.ts'
import { documentExtensions } from '../shared/document-schema.ts'
import { pasteHtml } from './support/document-people.ts'
import { closePeople, createDocument, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

async function download(page: Page, choice: string): Promise<{ name: string; text: string }> {
  await page.getByTestId('download-button').click()
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: choice }).click()])
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') }
}

/** Node types, heading levels, marks and text: what Markdown can carry. */
function structure(node: JSONContent): unknown {
  return {
    type: node.type,
    ...(node.type === 'heading' && { level: node.attrs?.level }),
    ...(node.text !== undefined && { text: node.text }),
    ...(node.marks?.length && { marks: node.marks.map((mark) => mark.type).sort() }),
    ...(node.content && { content: node.content.map(structure) }),
  }
}

test('the document downloads as Markdown, HTML and JSON that parse back to it', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#197cae')
  await ada.goto(seed.url)
  await ada.getByTestId('new-document').click()
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await ada.locator('.ProseMirror').click()
  const keyboard = ada.keyboard
  await keyboard.press('Control+Alt+1')
  await keyboard.type('Export test')
  await keyboard.press('Enter')
  await keyboard.press('Control+Alt+2')
  await keyboard.type('Second level')
  await keyboard.press('Enter')
  await keyboard.type('Plain, ')
  await keyboard.press('Control+B')
  await keyboard.type('bold')
  await keyboard.press('Control+B')
  await keyboard.type(' and ')
  await keyboard.press('Control+I')
  await keyboard.type('italic')
  await keyboard.press('Control+I')
  await keyboard.type(' with `code` inline.')
  await keyboard.press('Enter')
  // "``` " starts a code block without a language.
  await keyboard.type('- first\nsecond\n\n1. one\ntwo\n\n``` const x = 1\nreturn x')

  const json = await download(ada, 'JSON (.json)')
  expect(json.name).toBe('Export test.json')
  const doc = JSON.parse(json.text) as JSONContent
  expect(doc.type).toBe('doc')
  const blocks = (content: JSONContent): JSONContent[] => content.content?.filter((block) => block.content?.length) ?? []
  expect(blocks(doc).map((block) => block.type)).toEqual(['heading', 'heading', 'paragraph', 'bulletList', 'orderedList', 'codeBlock'])

  const markdown = await download(ada, 'Markdown (.md)')
  expect(markdown.name).toBe('Export test.md')
  expect(markdown.text).toContain('# Export test')
  expect(markdown.text).toContain('**bold**')
  const parsed = new MarkdownManager({ extensions: documentExtensions }).parse(markdown.text)
  // Empty paragraphs (the editor keeps one after a code block) have no Markdown.
  expect(blocks(parsed).map(structure)).toEqual(blocks(doc).map(structure))

  const html = await download(ada, 'Web page (.html)')
  expect(html.name).toBe('Export test.html')
  expect(html.text).toMatch(/^<!doctype html>/)
  expect(html.text).toContain('<meta charset="utf-8">')
  expect(html.text).toContain('<title>Export test</title>')
  expect(html.text).not.toMatch(/<script/i)
  // The browser's own parser: the page holds the document, and the carets are not part of it.
  await ada.goto(`data:text/html;charset=utf-8,${encodeURIComponent(html.text)}`)
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText('Export test')
  await expect(ada.locator('strong')).toHaveText('bold')
  await expect(ada.locator('ul > li')).toHaveCount(2)
  await expect(ada.locator('pre code')).toHaveText('const x = 1\nreturn x')
})

/** Where two elements of a page are, to compare: [left, top, right, bottom]. */
async function box(page: Page, selector: string): Promise<[number, number, number, number]> {
  const rect = await page.locator(selector).first().boundingBox()
  if (rect === null) throw new Error(`${selector} is not on the page`)
  return [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height]
}

test('the Markdown download escapes what Markdown needs in characters, and the web page is styled', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#197cae')
  await createDocument(ada, seed.url)
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.type('Escapes')
  await ada.keyboard.press('Enter')
  await pasteHtml(
    ada,
    '<p># not a heading: R&amp;D &lt;3 a|b</p><p>- not a list</p><blockquote><p>Quoted</p></blockquote>' +
      '<table><tr><th>Either | or</th><th>Cost</th></tr><tr><td>Fish &amp; chips</td><td>12</td></tr></table>' +
      '<ul data-type="taskList"><li data-type="taskItem" data-checked="true"><label><input type="checkbox" checked><span></span></label><div><p>Booked the room</p></div></li></ul>' +
      '<pre><code>if (a &lt; b &amp;&amp; c) {}</code></pre>',
    '',
  )
  await expect(ada.locator('.ProseMirror pre')).toHaveText('if (a < b && c) {}')

  const markdown = await download(ada, 'Markdown (.md)')
  expect(markdown.text).not.toMatch(/&amp;|&lt;|&gt;/)
  expect(markdown.text).toContain('\\# not a heading: R&D <3 a\\|b')
  expect(markdown.text).toContain('\\- not a list')
  expect(markdown.text).toContain('Either \\| or')
  expect(markdown.text).toContain('Fish & chips')
  expect(markdown.text).toContain('if (a < b && c) {}')
  const parsed = createDocumentMarkdown().parse(markdown.text)
  const texts = (node: JSONContent): string[] => (node.text !== undefined ? [node.text] : (node.content ?? []).flatMap(texts))
  // Empty paragraphs (the editor keeps one after a code block) have no Markdown.
  expect(parsed.content?.filter((block) => block.content?.length).map((block) => block.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'blockquote', 'table', 'taskList', 'codeBlock'])
  expect(texts(parsed)).toEqual(['Escapes', '# not a heading: R&D <3 a|b', '- not a list', 'Quoted', 'Either | or', 'Cost', 'Fish & chips', '12', 'Booked the room', 'if (a < b && c) {}'])

  const html = await download(ada, 'Web page (.html)')
  await ada.goto(`data:text/html;charset=utf-8,${encodeURIComponent(html.text)}`)
  // The checkbox sits on the line of its task, before the text.
  const [, checkboxTop, checkboxRight, checkboxBottom] = await box(ada, 'li[data-type="taskItem"] input[type="checkbox"]')
  const [textLeft, textTop, , textBottom] = await box(ada, 'li[data-type="taskItem"] p')
  expect(checkboxRight).toBeLessThanOrEqual(textLeft)
  expect(checkboxTop).toBeLessThan(textBottom)
  expect(checkboxBottom).toBeGreaterThan(textTop)
  const style = (selector: string) =>
    ada.locator(selector).first().evaluate((element) => {
      const computed = getComputedStyle(element)
      return { border: `${computed.borderTopStyle} ${computed.borderTopWidth}`, borderLeft: `${computed.borderLeftStyle} ${computed.borderLeftWidth}`, background: computed.backgroundColor }
    })
  expect((await style('td')).border).toBe('solid 1px')
  expect((await style('th')).border).toBe('solid 1px')
  expect((await style('blockquote')).borderLeft).toBe('solid 4px')
  expect((await style('pre')).background).not.toBe('rgba(0, 0, 0, 0)')
})

test('printing shows only the document: no header, toolbar or carets', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#197cae')
  const grace = await person(browser, 'Grace Hopper', '#d8381f')
  await ada.goto(seed.url)
  await ada.getByTestId('new-document').click()
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.type('Printed words')
  await grace.goto(ada.url())
  await grace.locator('.ProseMirror').click()
  await expect(ada.locator('.collaboration-carets__label')).toHaveText('Grace Hopper')

  await ada.emulateMedia({ media: 'print' })
  await expect(ada.locator('.topbar')).toBeHidden()
  await expect(ada.locator('.editor__toolbar-shelf')).toBeHidden()
  await expect(ada.locator('.collaboration-carets__caret')).toBeHidden()
  await expect(ada.locator('.ProseMirror')).toBeVisible()
  await expect(ada.locator('.ProseMirror')).toContainText('Printed words')
  await ada.emulateMedia({ media: 'screen' })
  await expect(ada.locator('.topbar')).toBeVisible()
})
