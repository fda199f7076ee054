/**
 * A ProseMirror document (JSON) holding every node, mark and attribute of the
 * shared schema (shared/document-schema.ts), for round-trip tests of the
 * server's read and write and for the document API's tests and benchmarks.
 */
type Json = { type: string; [key: string]: unknown }

export const text = (value: string, ...marks: Json[]): Json => (marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value })
export const paragraph = (...content: Json[]): Json => ({ type: 'paragraph', content })
const mark = (type: string, attrs?: Record<string, unknown>): Json => (attrs ? { type, attrs } : { type })
const listItem = (...content: Json[]): Json => ({ type: 'listItem', content })
const taskItem = (checked: boolean, ...content: Json[]): Json => ({ type: 'taskItem', attrs: { checked }, content })
const cell = (type: 'tableCell' | 'tableHeader', value: string): Json => ({ type, content: [paragraph(text(value))] })

/** A mention of a person (shared/mention-node.ts), by identity id, with the name and colour they had. */
export const MENTION: Json = { type: 'mention', attrs: { id: 'b9e1c6a2-4f0d-4e1a-9c55-0d6f3a7e2b11', label: 'Grace Hopper', color: '#be185d' } }

export const EVERY_NODE_DOCUMENT = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [text('Heading one')] },
    { type: 'heading', attrs: { level: 2, textAlign: 'center' }, content: [text('Heading two')] },
    { type: 'heading', attrs: { level: 3 }, content: [text('Heading three')] },
    paragraph(
      text('Plain, '),
      text('bold', mark('bold')),
      text(', '),
      text('italic', mark('italic')),
      text(', '),
      text('underlined', mark('underline')),
      text(', '),
      text('struck', mark('strike')),
      text(', '),
      text('code', mark('code')),
      text(', '),
      text('highlighted', mark('highlight')),
      text(', '),
      text('a link', mark('link', { href: 'https://example.com/page', title: 'Example' })),
      text(' and '),
      text('bold italic', mark('bold'), mark('italic')),
      text('.'),
    ),
    { type: 'paragraph', attrs: { textAlign: 'right' }, content: [text('Right aligned'), { type: 'hardBreak' }, text('after a break')] },
    { type: 'bulletList', content: [listItem(paragraph(text('Bullet')), { type: 'bulletList', content: [listItem(paragraph(text('Nested bullet')))] }), listItem(paragraph(text('Second bullet')))] },
    { type: 'orderedList', attrs: { start: 1 }, content: [listItem(paragraph(text('First'))), listItem(paragraph(text('Second')))] },
    {
      type: 'taskList',
      content: [taskItem(false, paragraph(text('To do'))), taskItem(true, paragraph(text('Done')), { type: 'taskList', content: [taskItem(false, paragraph(text('Nested task')))] })],
    },
    { type: 'blockquote', content: [paragraph(text('Quoted'))] },
    { type: 'codeBlock', attrs: { language: 'typescript' }, content: [text('const answer = 42\nconsole.log(answer)')] },
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Name'), cell('tableHeader', 'Amount')] },
        { type: 'tableRow', content: [cell('tableCell', 'Apples'), cell('tableCell', '3')] },
      ],
    },
    { type: 'image', attrs: { src: 'https://images.example.com/cat.png', alt: 'A cat', title: 'Cat', width: 320, align: 'center', caption: 'A cat on a mat' } },
    paragraph(text('Ask '), MENTION, text(' about it.')),
    paragraph(text('The end.')),
  ],
}
