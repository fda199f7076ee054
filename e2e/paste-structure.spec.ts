import type { Page } from '@playwright/test'
import { closePeople, documentText } from './support/people.ts'
import { adaStarts, pasteHtml, pastePlainText, tableCells, twoPeople } from './support/document-people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

/**
 * Every list item of the document as "<lists around it>: <its own text>", e.g.
 * "ul ol: Oat" for an item of a numbered list inside a bulleted one. Other
 * people's caret labels are left out.
 */
function listOutline(page: Page): Promise<string[]> {
  return page.locator('.ProseMirror').evaluate((editor) => {
    const copy = editor.cloneNode(true) as HTMLElement
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove())
    return Array.from(copy.querySelectorAll('li'), (item) => {
      const lists: string[] = []
      for (let element = item.parentElement; element !== null && element !== copy; element = element.parentElement) {
        if (element.tagName === 'UL' || element.tagName === 'OL') lists.unshift(element.tagName.toLowerCase())
      }
      return `${lists.join(' ')}: ${item.querySelector(':scope > p')?.textContent ?? ''}`
    })
  })
}

const GOOGLE_DOCS_SPAN = 'font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-weight:400;font-style:normal;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;'
const GOOGLE_DOCS_LIST = 'margin-top:0;margin-bottom:0;padding-inline-start:48px;'

function googleDocsItem(text: string, level: number, listStyle: string): string {
  return (
    `<li dir="ltr" style="list-style-type:${listStyle};font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-weight:400;white-space:pre;" aria-level="${level}">` +
    `<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" role="presentation"><span style="${GOOGLE_DOCS_SPAN}">${text}</span></p></li>`
  )
}

test('lists pasted from Google Docs keep bullets, numbers and nesting', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Shopping')
  await ada.keyboard.press('Enter')
  // Google Docs wraps the copy in a <b> that is not bold, and nests a sublist directly in its parent list.
  const html =
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5e1c6a2b-7fff-9c1d-3e8a-0b6f2d4a1c7e">' +
    `<ul style="${GOOGLE_DOCS_LIST}">${googleDocsItem('Milk', 1, 'disc')}` +
    `<ul style="${GOOGLE_DOCS_LIST}">${googleDocsItem('Oat', 2, 'circle')}${googleDocsItem('Soy', 2, 'circle')}</ul>` +
    `${googleDocsItem('Bread', 1, 'disc')}</ul><br>` +
    `<ol style="${GOOGLE_DOCS_LIST}">${googleDocsItem('Preheat', 1, 'decimal')}${googleDocsItem('Bake', 1, 'decimal')}</ol></b>`
  await pasteHtml(ada, html, '* Milk\n  * Oat\n  * Soy\n* Bread\n\n1. Preheat\n2. Bake')

  await expect.poll(() => listOutline(grace)).toEqual(['ul: Milk', 'ul ul: Oat', 'ul ul: Soy', 'ul: Bread', 'ol: Preheat', 'ol: Bake'])
  await expect(grace.locator('.ProseMirror strong')).toHaveCount(0)
})

/** A Word list paragraph as Word puts it on the clipboard: the bullet or number is text in a hidden span. */
function wordParagraph(position: 'First' | 'Middle' | 'Last', list: string, level: number, marker: string, markerFont: string, text: string): string {
  const indent = 36 * level
  return (
    `<p class=MsoListParagraphCxSp${position} style='margin-left:${indent}.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:${list} level${level} lfo1'>` +
    `<![if !supportLists]><span style='font-family:${markerFont};mso-fareast-font-family:${markerFont};mso-bidi-font-family:${markerFont}'>` +
    `<span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>` +
    `${text}<o:p></o:p></p>\n`
  )
}

test('lists pasted from Word (list paragraphs with mso-list styles) become real lists', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Plan')
  await ada.keyboard.press('Enter')
  const html =
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">' +
    '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">' +
    '<style><!-- p.MsoListParagraph {margin-left:36.0pt;} @list l0:level1 {mso-level-number-format:bullet;} @list l1:level1 {mso-level-tab-stop:none;} --></style></head>' +
    "<body lang=EN-GB style='tab-interval:36.0pt'>\n<!--StartFragment-->\n" +
    wordParagraph('First', 'l0', 1, '·', 'Symbol', 'Milk') +
    wordParagraph('Middle', 'l0', 2, 'o', '"Courier New"', 'Oat') +
    wordParagraph('Middle', 'l0', 3, '§', 'Wingdings', 'Barista') +
    wordParagraph('Last', 'l0', 1, '·', 'Symbol', 'Bread') +
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n" +
    wordParagraph('First', 'l1', 1, '1.', 'Calibri', 'Preheat') +
    wordParagraph('Middle', 'l1', 2, 'a.', 'Calibri', 'to 180 °C') +
    wordParagraph('Last', 'l1', 1, '2.', 'Calibri', 'Bake') +
    '<!--EndFragment-->\n</body></html>'
  await pasteHtml(ada, html, '·Milk\no Oat\n§ Barista\n·Bread\n\n1. Preheat\na. to 180 °C\n2. Bake')

  await expect
    .poll(() => listOutline(grace))
    .toEqual(['ul: Milk', 'ul ul: Oat', 'ul ul ul: Barista', 'ul: Bread', 'ol: Preheat', 'ol ol: to 180 °C', 'ol: Bake'])
  // The typed-in bullets and numbers are gone: the list draws its own.
  await expect(grace.locator('.ProseMirror')).not.toContainText('·')
  await expect(grace.locator('.ProseMirror')).not.toContainText('1.')
})

test('lists pasted from LibreOffice keep bullets, numbers and nesting', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Recipe')
  await ada.keyboard.press('Enter')
  const paragraph = (text: string) => `<p style="line-height: 100%; margin-bottom: 0cm">${text}</p>`
  const html =
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"><html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/>' +
    '<title></title><meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/>' +
    '<style type="text/css">@page { size: 21cm 29.7cm; margin: 2cm } p { line-height: 115%; margin-bottom: 0.25cm; background: transparent }</style>' +
    '</head><body lang="en-GB" link="#000080" vlink="#800000" dir="ltr">' +
    `<ol><li>${paragraph('Preheat the oven')}<ol><li>${paragraph('to 180 °C')}</li></ol></li><li>${paragraph('Bake')}</li></ol>` +
    `<ul><li>${paragraph('Flour')}</li><li>${paragraph('Sugar')}</li></ul>` +
    '</body></html>'
  await pasteHtml(ada, html, '1. Preheat the oven\n  a. to 180 °C\n2. Bake\n• Flour\n• Sugar')

  await expect.poll(() => listOutline(grace)).toEqual(['ol: Preheat the oven', 'ol ol: to 180 °C', 'ol: Bake', 'ul: Flour', 'ul: Sugar'])
})

test('a table pasted from Excel (no header cells, Excel’s own markup) keeps its rows and cells', async ({ browser, seed }) => {
  // The Google Sheets case is in rich-content.spec.ts; Excel adds <col>s, x:num cells and fragment comments.
  const [ada, grace] = await twoPeople(browser, seed.url, 'Budget')
  await ada.keyboard.press('Enter')
  const row = (cells: string[]) => `<tr height=20 style='height:15.0pt'>${cells.map((cell) => `<td height=20 class=xl65 style='height:15.0pt'${/^\d+$/.test(cell) ? ` align=right x:num` : ''}>${cell}</td>`).join('')}</tr>`
  const html =
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">' +
    '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Excel.Sheet><meta name=Generator content="Microsoft Excel 15">' +
    '<style><!--table {mso-displayed-decimal-separator:"\\."} .xl65 {mso-number-format:General;} --></style></head><body link="#0563C1" vlink="#954F72">' +
    "<table border=0 cellpadding=0 cellspacing=0 width=128 style='border-collapse:collapse;width:96pt'><col width=64 span=2 style='width:48pt'>" +
    '<!--StartFragment-->' +
    row(['Item', 'Cost']) +
    row(['Paper', '12']) +
    row(['Ink', '30']) +
    '<!--EndFragment--></table></body></html>'
  await pasteHtml(ada, html, 'Item\tCost\nPaper\t12\nInk\t30')

  await expect.poll(() => tableCells(grace)).toEqual([
    ['Item', 'Cost'],
    ['Paper', '12'],
    ['Ink', '30'],
  ])
})

const MARKDOWN_SAMPLE = `# Launch plan

Read [the brief](https://example.com/brief) first.

## Steps

* Draft
* Review

- [x] Book the room
- [ ] Send invites

\`\`\`js
const launch = true
\`\`\`

| Item | Owner |
| --- | --- |
| Slides | Ada |
`

test('Markdown pasted as plain text becomes headings, lists, a task list, code, a link and a table', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Notes')
  await ada.keyboard.press('Enter')
  await pastePlainText(ada, MARKDOWN_SAMPLE)

  const editor = ada.locator('.ProseMirror')
  await expect(editor.locator('h1')).toHaveText('Launch plan')
  await expect(editor.locator('h2')).toHaveText('Steps')
  await expect(editor.locator('a[href="https://example.com/brief"]')).toHaveText('the brief')
  await expect(editor.locator('ul:not([data-type]) > li')).toHaveText(['Draft', 'Review'])
  await expect(editor.locator('ul[data-type="taskList"] > li > div')).toHaveText(['Book the room', 'Send invites'])
  await expect(editor.locator('ul[data-type="taskList"] > li[data-checked="true"] > div')).toHaveText('Book the room')
  await expect(editor.locator('pre code')).toHaveText('const launch = true')
  expect(await tableCells(ada)).toEqual([
    ['Item', 'Owner'],
    ['Slides', 'Ada'],
  ])
  const text = await documentText(ada)
  expect(text).not.toContain('#')
  expect(text).not.toContain('```')
})

test('plain prose with a stray star is pasted as the text it is', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Prices')
  await ada.keyboard.press('Enter')
  await pastePlainText(ada, 'Paper costs 5 * 3 euros*')
  await expect(ada.locator('.ProseMirror > p').nth(1)).toHaveText('Paper costs 5 * 3 euros*')
  await expect(ada.locator('.ProseMirror em')).toHaveCount(0)
})
