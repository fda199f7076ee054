import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOCUMENT_FIELD, TITLE_FIELD } from './document-schema.ts'
import { observeTitleSources, readDocumentTitle, setDocumentTitle } from './document-title.ts'

function element(name: string, children: (Y.XmlElement | Y.XmlText)[]): Y.XmlElement {
  const node = new Y.XmlElement(name)
  node.insert(0, children)
  return node
}

function text(value: string, bold = false): Y.XmlText {
  const node = new Y.XmlText()
  node.insert(0, value, bold ? { bold: true } : undefined)
  return node
}

function docWith(...children: Y.XmlElement[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment(DOCUMENT_FIELD).insert(0, children)
  return doc
}

describe('readDocumentTitle from the first line', () => {
  it('is empty for an empty document', () => {
    expect(readDocumentTitle(docWith())).toBe('')
    expect(readDocumentTitle(docWith(element('paragraph', [])))).toBe('')
  })

  it('takes the first block with text, skipping blank ones, and ignores formatting', () => {
    const doc = docWith(
      element('paragraph', [text('   ')]),
      element('heading', [text('Meeting '), text('notes', true)]),
      element('paragraph', [text('second line')]),
    )
    expect(readDocumentTitle(doc)).toBe('Meeting notes')
  })

  it('looks inside lists and quotes', () => {
    const doc = docWith(element('bulletList', [element('listItem', [element('paragraph', [text('Buy milk')])])]))
    expect(readDocumentTitle(doc)).toBe('Buy milk')
  })

  it('shortens very long first lines', () => {
    const title = readDocumentTitle(docWith(element('paragraph', [text('word '.repeat(40))])))
    expect(title.length).toBeLessThanOrEqual(80)
    expect(title.endsWith('…')).toBe(true)
  })

  it('takes the first non-blank line of a code block', () => {
    expect(readDocumentTitle(docWith(element('codeBlock', [text('\nconst a = 1\nconst b = 2')])))).toBe('const a = 1')
  })
})

describe('readDocumentTitle from the typed title', () => {
  it('prefers the typed title, on one line and shortened like the first line', () => {
    const doc = docWith(element('paragraph', [text('First line')]))
    setDocumentTitle(doc, '  Quarterly\n  plan  ')
    expect(readDocumentTitle(doc)).toBe('Quarterly plan')
    setDocumentTitle(doc, 'long '.repeat(40))
    expect(readDocumentTitle(doc)).toHaveLength(80)
  })

  it('falls back to the first line when the typed title is blank', () => {
    const doc = docWith(element('paragraph', [text('First line')]))
    setDocumentTitle(doc, ' \n ')
    expect(readDocumentTitle(doc)).toBe('First line')
  })
})

describe('setDocumentTitle', () => {
  it('replaces the title in one transaction, with the caller’s origin', () => {
    const doc = new Y.Doc()
    setDocumentTitle(doc, 'Draft')
    const origins: unknown[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    doc.transact(() => setDocumentTitle(doc, 'Final'), 'api')
    expect(doc.getText(TITLE_FIELD).toString()).toBe('Final')
    expect(origins).toEqual(['api'])
  })

  it('makes no update when the title is unchanged', () => {
    const doc = new Y.Doc()
    setDocumentTitle(doc, 'Same')
    let updates = 0
    doc.on('update', () => updates++)
    setDocumentTitle(doc, 'Same')
    expect(updates).toBe(0)
  })

  it('reaches another replica like any edit', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    setDocumentTitle(a, 'Shared title')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readDocumentTitle(b)).toBe('Shared title')
  })
})

describe('observeTitleSources', () => {
  it('reports changes to the typed title and to the content until stopped', () => {
    const doc = docWith(element('paragraph', [text('First')]))
    let changes = 0
    const stop = observeTitleSources(doc, () => changes++)
    setDocumentTitle(doc, 'Typed')
    ;(doc.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement).insert(1, [text(' line')])
    expect(changes).toBe(2)
    stop()
    setDocumentTitle(doc, 'Again')
    expect(changes).toBe(2)
  })
})
