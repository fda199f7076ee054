import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readDocumentTitle } from './document-title.ts'

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

function fragmentWith(...children: Y.XmlElement[]): Y.XmlFragment {
  const fragment = new Y.Doc().getXmlFragment('default')
  fragment.insert(0, children)
  return fragment
}

describe('readDocumentTitle', () => {
  it('is empty for an empty document', () => {
    expect(readDocumentTitle(fragmentWith())).toBe('')
    expect(readDocumentTitle(fragmentWith(element('paragraph', [])))).toBe('')
  })

  it('takes the first block with text, skipping blank ones, and ignores formatting', () => {
    const fragment = fragmentWith(
      element('paragraph', [text('   ')]),
      element('heading', [text('Meeting '), text('notes', true)]),
      element('paragraph', [text('second line')]),
    )
    expect(readDocumentTitle(fragment)).toBe('Meeting notes')
  })

  it('looks inside lists and quotes', () => {
    const fragment = fragmentWith(
      element('bulletList', [element('listItem', [element('paragraph', [text('Buy milk')])])]),
    )
    expect(readDocumentTitle(fragment)).toBe('Buy milk')
  })

  it('shortens very long first lines', () => {
    const title = readDocumentTitle(fragmentWith(element('paragraph', [text('word '.repeat(40))])))
    expect(title.length).toBeLessThanOrEqual(80)
    expect(title.endsWith('…')).toBe(true)
  })
})

describe('readDocumentTitle in code blocks', () => {
  it('takes the first non-blank line', () => {
    expect(readDocumentTitle(fragmentWith(element('codeBlock', [text('\nconst a = 1\nconst b = 2')])))).toBe('const a = 1')
  })
})
