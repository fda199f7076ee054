import { getSchema } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { schemaShape } from '../test-support/schema-shape.ts'
import { documentExtensions } from './document-schema.ts'

// Runs in Node: importing the schema needs neither React nor a DOM, so the server can build from it.
const shape = schemaShape(getSchema(documentExtensions))
const attributeNames = (entries: Record<string, { attrs: Record<string, unknown> }>) =>
  Object.fromEntries(Object.entries(entries).map(([name, { attrs }]) => [name, Object.keys(attrs).sort()]))

describe('the document schema', () => {
  it('holds every node the editor offers, with its attributes', () => {
    expect(attributeNames(shape.nodes)).toEqual({
      doc: [],
      text: [],
      paragraph: ['textAlign'],
      heading: ['level', 'textAlign'],
      blockquote: [],
      bulletList: [],
      orderedList: ['start', 'type'],
      listItem: [],
      taskList: [],
      taskItem: ['checked'],
      codeBlock: ['language'],
      hardBreak: [],
      horizontalRule: [],
      table: [],
      tableRow: [],
      tableHeader: ['align', 'colspan', 'colwidth', 'rowspan'],
      tableCell: ['align', 'colspan', 'colwidth', 'rowspan'],
      image: ['align', 'alt', 'caption', 'height', 'src', 'title', 'width'],
      mention: ['color', 'id', 'label', 'mentionSuggestionChar'],
    })
  })

  it('holds every mark the editor offers, with its attributes', () => {
    expect(attributeNames(shape.marks)).toEqual({
      bold: [],
      italic: [],
      underline: [],
      strike: [],
      code: [],
      highlight: [],
      link: ['class', 'href', 'rel', 'target', 'title'],
    })
  })

  it('nests task items and aligns only headings and paragraphs', () => {
    expect(shape.nodes.taskItem?.content).toBe('paragraph block*')
    expect(shape.nodes.paragraph?.attrs.textAlign).toBeNull()
    expect(shape.nodes.listItem?.attrs).not.toHaveProperty('textAlign')
  })
})
