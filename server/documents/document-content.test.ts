import { getSchema } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOCUMENT_FIELD, documentExtensions } from '../../shared/document-schema.ts'
import { EVERY_NODE_DOCUMENT, MENTION, paragraph, text } from '../../test-support/every-node-document.ts'
import { InvalidContentError } from '../errors.ts'
import { contentEtag, documentJson, parseContent, renderDocument, replaceDocumentContent } from './document-content.ts'
import type { ProseMirrorJson } from './document-service.ts'

const schema = getSchema(documentExtensions)
/** The fixture as the schema spells it (every attribute, defaults included): what documentJson returns. */
const everyNode = parseContent({ format: 'json', value: EVERY_NODE_DOCUMENT })

function typesIn(json: ProseMirrorJson, found = { nodes: new Set<string>(), marks: new Set<string>() }) {
  found.nodes.add(json.type)
  for (const mark of (json.marks ?? []) as ProseMirrorJson[]) found.marks.add(mark.type)
  for (const child of json.content ?? []) typesIn(child, found)
  return found
}

function docHolding(json: ProseMirrorJson): Y.Doc {
  const doc = new Y.Doc()
  replaceDocumentContent(doc, json, 'test')
  return doc
}

/** Exchanges what each replica lacks, as two connected members would. */
function sync(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, fromA)
  Y.applyUpdate(a, fromB)
}

function threeParagraphs(): ProseMirrorJson {
  return parseContent({ format: 'json', value: { type: 'doc', content: [paragraph(text('First paragraph.')), paragraph(text('Second paragraph.')), paragraph(text('Third paragraph.'))] } })
}

/** The text of each top-level block. */
const blockTexts = (doc: Y.Doc): string[] => renderDocument(documentJson(doc), 'text').split('\n\n')

describe('the round-trip fixture', () => {
  it('holds every node and mark of the schema', () => {
    const found = typesIn(everyNode)
    expect([...found.nodes].sort()).toEqual(Object.keys(schema.nodes).sort())
    expect([...found.marks].sort()).toEqual(Object.keys(schema.marks).sort())
  })
})

describe('documentJson and replaceDocumentContent', () => {
  it('round-trips every node, mark and attribute through a Y.Doc', () => {
    expect(documentJson(docHolding(everyNode))).toEqual(everyNode)
  })

  it('survives encoding the Y.Doc, as the store does', () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(docHolding(everyNode)))
    expect(documentJson(copy)).toEqual(everyNode)
  })

  it('reads an empty document as a doc without content', () => {
    expect(documentJson(new Y.Doc())).toEqual({ type: 'doc' })
  })

  it('makes the whole replacement one update with the caller’s origin', () => {
    const doc = docHolding(threeParagraphs())
    const origins: unknown[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    replaceDocumentContent(doc, everyNode, 'api')
    expect(origins).toEqual(['api'])
  })

  it('changes nothing and makes no update when the content is the same', () => {
    const doc = docHolding(everyNode)
    let updates = 0
    doc.on('update', () => updates++)
    replaceDocumentContent(doc, everyNode, 'api')
    expect(updates).toBe(0)
  })

  it('refuses invalid content before touching the document', () => {
    const doc = docHolding(threeParagraphs())
    let updates = 0
    doc.on('update', () => updates++)
    expect(() => replaceDocumentContent(doc, { type: 'doc', content: [{ type: 'foo' }] }, 'api')).toThrow(InvalidContentError)
    expect(updates).toBe(0)
  })
})

describe('renderDocument and parseContent', () => {
  it('HTML reproduces every node, mark and attribute', () => {
    const html = renderDocument(everyNode, 'html')
    expect(html).toContain('<h2 style="text-align: center;">Heading two</h2>')
    expect(html).toContain('<th colspan="1" rowspan="1"><p>Name</p></th>')
    expect(html).toMatch(/<span data-type="mention" data-id="[\w-]+" data-label="Grace Hopper" [^>]*style="background-color: #be185d; color: #ffffff;">@Grace Hopper<\/span>/)
    expect(parseContent({ format: 'html', value: html })).toEqual(everyNode)
  })

  it('HTML shows an image’s width, alignment and caption as a figure', () => {
    expect(renderDocument(everyNode, 'html')).toContain(
      '<figure style="text-align: center;"><img src="https://images.example.com/cat.png" alt="A cat" title="Cat" width="320"><figcaption>A cat on a mat</figcaption></figure>',
    )
  })

  it('Markdown reproduces every node and mark (alignment, image width and caption have no Markdown, a mention is its name)', () => {
    const markdown = renderDocument(everyNode, 'markdown')
    expect(markdown).toContain('- [x] Done\n  - [ ] Nested task')
    expect(markdown).toContain('```typescript\n')
    expect(markdown).toContain('Ask @Grace Hopper about it.')
    const withoutLayout = JSON.parse(JSON.stringify(everyNode).replace(/"textAlign":"\w+"/g, '"textAlign":null').replace(/"width":320,"height":null,"align":"center","caption":"A cat on a mat"/, '"width":null,"height":null,"align":null,"caption":null'))
    const mentionAsText = parseContent({ format: 'json', value: { type: 'doc', content: [paragraph(text('Ask @Grace Hopper about it.'))] } }).content![0]!
    const withMentionAsText = { ...withoutLayout, content: withoutLayout.content.map((block: ProseMirrorJson) => (block.content?.[1]?.type === 'mention' ? mentionAsText : block)) }
    expect(parseContent({ format: 'markdown', value: markdown })).toEqual(withMentionAsText)
  })

  it('JSON is taken as given, with the schema’s defaults filled in', () => {
    expect(parseContent({ format: 'json', value: { type: 'doc', content: [paragraph(text('Hi'))] } })).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { textAlign: null }, content: [{ type: 'text', text: 'Hi' }] }],
    })
  })

  it('text is one block a paragraph, list items and table cells included', () => {
    expect(renderDocument(everyNode, 'text')).toBe(
      [
        'Heading one',
        'Heading two',
        'Heading three',
        'Plain, bold, italic, underlined, struck, code, highlighted, a link and bold italic.',
        'Right aligned\nafter a break',
        'Bullet',
        'Nested bullet',
        'Second bullet',
        'First',
        'Second',
        'To do',
        'Done',
        'Nested task',
        'Quoted',
        'const answer = 42\nconsole.log(answer)',
        'Name',
        'Amount',
        'Apples',
        '3',
        'A cat',
        'Ask @Grace Hopper about it.',
        'The end.',
      ].join('\n\n'),
    )
  })

  it('puts an image written inside a Markdown paragraph where the schema allows it', () => {
    const json = parseContent({ format: 'markdown', value: 'Before ![A cat](https://images.example.com/cat.png) after' })
    expect(json.content?.map((block) => block.type)).toEqual(['paragraph', 'image', 'paragraph'])
  })
})

describe('parseContent refuses what the schema cannot hold, saying what and where', () => {
  const nested = (depth: number): unknown => (depth === 0 ? paragraph(text('deep')) : { type: 'blockquote', content: [nested(depth - 1)] })
  const cases: [string, unknown, RegExp][] = [
    ['an unknown node', { type: 'doc', content: [paragraph(text('ok')), { type: 'foo' }] }, /^Unknown node type 'foo' at content\[1\]; the schema has paragraph, /],
    ['an unknown mark', { type: 'doc', content: [paragraph(text('x', { type: 'blink' }))] }, /^Unknown mark type 'blink' at content\[0\]\.content\[0\]\.marks\[0\]/],
    ['another top node', paragraph(text('x')), /^The top node must be 'doc', not 'paragraph'\.$/],
    ['a block inside a paragraph', { type: 'doc', content: [paragraph({ type: 'image', attrs: { src: 'https://a.example/b.png' } })] }, /^A paragraph at content\[0\] cannot hold \[image\]; it takes inline\*\.$/],
    ['a mark in a code block', { type: 'doc', content: [{ type: 'codeBlock', content: [text('x', { type: 'bold' })] }] }, /^A codeBlock at content\[0\] cannot hold \[text \(bold\)\]; it takes text\* without marks\.$/],
    ['an empty document', { type: 'doc', content: [] }, /^A doc at the top cannot hold \[\]; it takes block\+\.$/],
    ['an empty text node', { type: 'doc', content: [paragraph({ type: 'text', text: '' })] }, /^The text node at content\[0\]\.content\[0\] needs a non-empty "text" string\.$/],
    ['a string instead of a node', { type: 'doc', content: ['hello'] }, /^Expected a node \(\{ "type": … \}\) at content\[0\], got a string\.$/],
    ['content that is not an array', { type: 'doc', content: {} }, /^"content" at the top must be an array, got a object\.$/],
    ['a script link', { type: 'doc', content: [paragraph(text('x', { type: 'link', attrs: { href: 'javascript:alert(1)' } }))] }, /^The link at content\[0\]\.content\[0\] has an address the editor refuses/],
    ['an insecure image', { type: 'doc', content: [{ type: 'image', attrs: { src: 'http://a.example/b.png' } }] }, /^The image at content\[0\] has an address the editor refuses/],
    ['a heading level the editor has not', { type: 'doc', content: [{ type: 'heading', attrs: { level: 7 }, content: [text('x')] }] }, /^The heading at content\[0\] has level 7, which the editor never sets\.$/],
    ['a style smuggled into an alignment', { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'left;background:url(https://t.example)' }, content: [text('x')] }] }, /^The paragraph at content\[0\] has textAlign "left;background/],
    ['a style smuggled into a mention’s colour', { type: 'doc', content: [paragraph({ ...MENTION, attrs: { ...(MENTION.attrs as object), color: 'red;background:url(https://t.example)' } })] }, /^The mention at content\[0\]\.content\[0\] has color "red;background/],
    ['an image width the editor never sets', { type: 'doc', content: [{ type: 'image', attrs: { src: 'https://a.example/b.png', width: 2.5 } }] }, /^The image at content\[0\] has width 2\.5, which the editor never sets\.$/],
    ['a style smuggled into an image alignment', { type: 'doc', content: [{ type: 'image', attrs: { src: 'https://a.example/b.png', align: 'left;background:red' } }] }, /^The image at content\[0\] has align "left;background/],
    ['nesting past the limit', { type: 'doc', content: [nested(250)] }, /nests more than 200 levels deep/],
  ]
  it.each(cases)('%s', (_name, value, message) => {
    expect(() => parseContent({ format: 'json', value })).toThrow(InvalidContentError)
    expect(() => parseContent({ format: 'json', value })).toThrow(message)
  })

  it('refuses content over the size limit, in every format', () => {
    expect(() => parseContent({ format: 'markdown', value: 'x'.repeat(101) }, 100)).toThrow(/^The content is 101 bytes, more than the 100 bytes/)
    expect(() => parseContent({ format: 'html', value: `<p>${'é'.repeat(50)}</p>` }, 100)).toThrow(InvalidContentError)
    expect(() => parseContent({ format: 'json', value: { type: 'doc', content: [paragraph(text('x'.repeat(100)))] } }, 100)).toThrow(InvalidContentError)
    expect(parseContent({ format: 'markdown', value: 'x'.repeat(100) }, 100).content).toHaveLength(1)
  })
})

describe('sanitisation', () => {
  const dangers = [/<script/i, /javascript:/i, /onerror|onclick/i, /<iframe/i, /http:\/\//, /background/i]

  it('HTML in: a figure of one image becomes a captioned image; a figure of anything else stays its content', () => {
    const json = parseContent({
      format: 'html',
      value: '<figure style="text-align: right"><img src="https://a.example/b.png" alt="B" width="200"><figcaption> Bees </figcaption></figure><figure><blockquote><p>Quoted</p></blockquote></figure>',
    })
    expect(json.content?.[0]).toEqual({ type: 'image', attrs: { src: 'https://a.example/b.png', alt: 'B', title: null, width: 200, height: null, align: 'right', caption: 'Bees' } })
    expect(json.content?.[1]?.type).toBe('blockquote')
  })

  it('HTML in: scripts, handlers, frames, script links and insecure images never come out', () => {
    const json = parseContent({
      format: 'html',
      value: '<script>alert(1)</script><p onclick="alert(1)" style="background:red">Hi <a href="javascript:alert(1)">there</a></p><img src="x" onerror="alert(1)"><img src="http://a.example/b.png"><iframe src="https://a.example"></iframe><p style="text-align:center">Centered</p>',
    })
    for (const format of ['html', 'markdown'] as const) {
      const out = renderDocument(json, format)
      for (const danger of dangers) expect(out).not.toMatch(danger)
    }
    expect(renderDocument(json, 'text')).toBe('Hi there\n\nCentered')
    expect(renderDocument(json, 'html')).toContain('<p style="text-align: center;">Centered</p>')
  })

  it('Markdown in: raw HTML stays text, script links and insecure images never come out', () => {
    const json = parseContent({ format: 'markdown', value: '<script>alert(1)</script>\n\n[there](javascript:alert(1)) and [home](https://example.com)\n\n![b](http://a.example/b.png)' })
    const html = renderDocument(json, 'html')
    for (const danger of dangers) expect(html).not.toMatch(danger)
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    expect(renderDocument(json, 'markdown')).toBe('\\<script>alert(1)\\</script>\n\nthere and [home](https://example.com)')
  })

  it('a live document a client wrote by hand renders without its refused links, images and attribute values', () => {
    const doc = new Y.Doc()
    const link = new Y.XmlText()
    link.insert(0, 'click', { link: { href: 'javascript:alert(1)' } })
    const styled = new Y.XmlElement('paragraph')
    styled.setAttribute('textAlign', 'left;background:url(https://t.example)')
    styled.insert(0, [link])
    const image = new Y.XmlElement('image')
    image.setAttribute('src', 'javascript:alert(1)')
    const mention = new Y.XmlElement('mention')
    mention.setAttribute('label', 'Grace')
    mention.setAttribute('color', 'red;background:url(https://t.example)')
    const mentioning = new Y.XmlElement('paragraph')
    mentioning.insert(0, [mention])
    const aligned = new Y.XmlElement('image')
    aligned.setAttribute('src', 'https://a.example/b.png')
    aligned.setAttribute('align', 'left;background:url(https://t.example)')
    doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [styled, image, mentioning, aligned])
    const json = documentJson(doc)
    for (const format of ['html', 'markdown'] as const) {
      const out = renderDocument(json, format)
      for (const danger of dangers) expect(out).not.toMatch(danger)
      expect(out).toContain('click')
      expect(out).toContain('@Grace')
    }
  })
})

describe('replaceDocumentContent is a minimal change', () => {
  it('keeps what another member typed elsewhere at the same time', () => {
    const a = docHolding(threeParagraphs())
    const b = new Y.Doc()
    sync(a, b)
    // B types at the end of paragraph 3; A has not seen it when it replaces paragraph 1.
    const third = b.getXmlFragment(DOCUMENT_FIELD).get(2) as Y.XmlElement
    ;(third.get(0) as Y.XmlText).insert('Third paragraph.'.length, ' Typed by B.')
    const changed = documentJson(a)
    changed.content![0] = parseContent({ format: 'json', value: { type: 'doc', content: [paragraph(text('First paragraph, rewritten.'))] } }).content![0]!
    replaceDocumentContent(a, changed, 'api')
    sync(a, b)
    const expected = ['First paragraph, rewritten.', 'Second paragraph.', 'Third paragraph. Typed by B.']
    expect(blockTexts(a)).toEqual(expected)
    expect(blockTexts(b)).toEqual(expected)
  })

  it('keeps it too when the whole document comes back as Markdown with one paragraph changed', () => {
    const a = docHolding(threeParagraphs())
    const b = new Y.Doc()
    sync(a, b)
    const third = b.getXmlFragment(DOCUMENT_FIELD).get(2) as Y.XmlElement
    ;(third.get(0) as Y.XmlText).insert(0, 'B: ')
    const markdown = renderDocument(documentJson(a), 'markdown').replace('Second paragraph.', 'Second paragraph, edited in Markdown.')
    replaceDocumentContent(a, parseContent({ format: 'markdown', value: markdown }), 'api')
    sync(a, b)
    const expected = ['First paragraph.', 'Second paragraph, edited in Markdown.', 'B: Third paragraph.']
    expect(blockTexts(a)).toEqual(expected)
    expect(blockTexts(b)).toEqual(expected)
  })
})

describe('contentEtag', () => {
  it('is a strong quoted ETag, equal for equal content and title', () => {
    const etag = contentEtag(everyNode, 'Title')
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/)
    expect(contentEtag(documentJson(docHolding(everyNode)), 'Title')).toBe(etag)
  })

  it('changes with the content and with the title', () => {
    const etag = contentEtag(everyNode, 'Title')
    expect(contentEtag(everyNode, 'Other title')).not.toBe(etag)
    expect(contentEtag(threeParagraphs(), 'Title')).not.toBe(etag)
  })
})
