/**
 * A document's content on the server: read a Y.Doc as ProseMirror JSON, render
 * it as HTML, Markdown or text, parse and validate new content against the
 * shared schema, and write it into a live Y.Doc as a minimal change. Pure:
 * no I/O, nothing logged (contents never are).
 */
import { createHash } from 'node:crypto'
import { getSchema } from '@tiptap/core'
import { generateHTML, generateJSON } from '@tiptap/html/server'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { createDocumentMarkdown } from '../../shared/document-markdown.ts'
import { parseMarkdownInPieces } from '../../shared/markdown-blocks.ts'
import { DOCUMENT_FIELD, documentExtensions, TEXT_ALIGNMENTS } from '../../shared/document-schema.ts'
import { imageWidth } from '../../shared/image-node.ts'
import { imageSrc } from '../../shared/image-src.ts'
import { linkHref } from '../../shared/link-href.ts'
import { mentionColor, mentionText } from '../../shared/mention-node.ts'
import { InvalidContentError } from '../errors.ts'
import type { ContentInput, ProseMirrorJson } from './document-service.ts'

/**
 * The most content parseContent reads at once (UTF-8 bytes of the HTML or
 * Markdown, or of the JSON as text): parsing costs memory and time in
 * proportion, and 20 MiB is far beyond any document people write by hand.
 */
export const MAX_CONTENT_BYTES = 20 * 1024 * 1024

/**
 * How deeply nodes may nest (a list inside a list item adds two levels). Real
 * documents stay far below; the limit keeps the recursive walks here, in
 * ProseMirror and in y-tiptap from running out of stack.
 */
export const MAX_CONTENT_DEPTH = 200

const schema = getSchema(documentExtensions)
const markdown = createDocumentMarkdown()

/** The document's content (its DOCUMENT_FIELD fragment) as ProseMirror JSON. */
export function documentJson(doc: Y.Doc): ProseMirrorJson {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(DOCUMENT_FIELD), schema).toJSON() as ProseMirrorJson
}

/** What a leaf node reads as in plain text. */
function leafText(node: ProseMirrorNode): string {
  if (node.type.name === 'hardBreak') return '\n'
  if (node.type.name === 'image') return String(node.attrs.alt ?? '')
  if (node.type.name === 'mention') return mentionText(node.attrs)
  return ''
}

/**
 * Valid content (documentJson, parseContent) as HTML, Markdown or plain text.
 * HTML holds only the schema's nodes and attributes, so no script or handler can
 * come out; links and images whose address the editor refuses (shared/link-href.ts,
 * shared/image-src.ts) and attribute values it never sets, which only a client
 * writing Yjs by hand could store, are left out of HTML and Markdown. Text is one block per paragraph, separated
 * by blank lines (list items and table cells each a block).
 */
export function renderDocument(json: ProseMirrorJson, format: 'html' | 'markdown' | 'text'): string {
  switch (format) {
    case 'html':
      return generateHTML(sanitised(json), documentExtensions)
    case 'markdown':
      return markdown.serialize(sanitised(json))
    case 'text': {
      const node = schema.nodeFromJSON(json)
      return node.textBetween(0, node.content.size, '\n\n', leafText)
    }
  }
}

const isPositiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) > 0
const isAlignment = (value: unknown): boolean => value === null || TEXT_ALIGNMENTS.includes(value as string)

/**
 * Attribute values that reach HTML as styles, tag names or spans, and what the
 * editor itself ever sets there. The schema's renderers write them out
 * unchecked (`style="text-align: …"`, `<col style="width: …px">`).
 */
const ATTRIBUTE_RULES: Record<string, (value: unknown) => boolean> = {
  textAlign: isAlignment,
  // A table cell's or an image's alignment.
  align: isAlignment,
  // An image's width in pixels and its caption.
  width: (value) => value === null || imageWidth(value) === value,
  caption: (value) => value === null || typeof value === 'string',
  level: (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 6,
  colspan: isPositiveInteger,
  rowspan: isPositiveInteger,
  colwidth: (value) => value === null || (Array.isArray(value) && value.every(isPositiveInteger)),
  // A mention's colour.
  color: (value) => value === null || mentionColor(value) !== null,
}

/** The name of the first attribute whose value the editor would never set, or null. */
function refusedAttribute(attrs: Record<string, unknown>): string | null {
  return Object.keys(attrs).find((name) => ATTRIBUTE_RULES[name]?.(attrs[name]) === false) ?? null
}

const attrsOf = (json: ProseMirrorJson): Record<string, unknown> => (json.attrs ?? {}) as Record<string, unknown>
const isRefusedLink = (mark: ProseMirrorJson): boolean => mark.type === 'link' && linkHref(String(attrsOf(mark).href ?? '')) === null
const isRefusedImage = (node: ProseMirrorJson): boolean => node.type === 'image' && imageSrc(String(attrsOf(node).src ?? ''), null) === null

/** Attributes with refused values set back to the schema's default. */
function withAllowedAttributes(json: ProseMirrorJson): Record<string, unknown> {
  const attrs = { ...attrsOf(json) }
  for (let name = refusedAttribute(attrs); name !== null; name = refusedAttribute(attrs)) {
    attrs[name] = schema.nodes[json.type]?.spec.attrs?.[name]?.default ?? null
  }
  return attrs
}

/**
 * The content without what only a client writing Yjs by hand could have stored:
 * links and images with refused addresses, attribute values the editor never sets.
 */
function sanitised(json: ProseMirrorJson): ProseMirrorJson {
  const marks = json.marks as ProseMirrorJson[] | undefined
  return {
    ...json,
    ...(json.attrs !== undefined && { attrs: withAllowedAttributes(json) }),
    ...(marks && { marks: marks.filter((mark) => !isRefusedLink(mark)) }),
    ...(json.content && { content: json.content.filter((child) => !isRefusedImage(child)).map(sanitised) }),
  }
}

/**
 * New content as valid ProseMirror JSON of the shared schema. HTML is read
 * like a paste into the editor (the schema's parse rules: unknown elements
 * and attributes, scripts, and links or images with refused addresses are
 * left out). Markdown is read with the schema's Markdown and then the same
 * way, so an image inside a paragraph lands where the schema allows it. JSON
 * must already be valid: anything else, content over `maxBytes`, or nesting
 * deeper than MAX_CONTENT_DEPTH is refused with InvalidContentError.
 */
export function parseContent(input: ContentInput, maxBytes = MAX_CONTENT_BYTES): ProseMirrorJson {
  const bytes = Buffer.byteLength(input.format === 'json' ? (JSON.stringify(input.value) ?? '') : input.value)
  if (bytes > maxBytes) {
    throw new InvalidContentError(`The content is ${bytes} bytes, more than the ${maxBytes} bytes the server reads at once; send a smaller document.`)
  }
  return readable(input.format, () => {
    switch (input.format) {
      case 'html':
        return validNode(generateJSON(input.value, documentExtensions)).toJSON() as ProseMirrorJson
      case 'markdown': {
        const html = generateHTML(parseMarkdownInPieces(markdown, input.value), documentExtensions)
        return validNode(generateJSON(html, documentExtensions)).toJSON() as ProseMirrorJson
      }
      case 'json':
        return validNode(input.value).toJSON() as ProseMirrorJson
    }
  })
}

/** Runs a parser, turning whatever it throws into an InvalidContentError that says which format failed. */
function readable<T>(format: ContentInput['format'], parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof InvalidContentError) throw error
    const reason = error instanceof RangeError && /call stack/i.test(error.message) ? `it nests more than ${MAX_CONTENT_DEPTH} levels deep` : (error as Error).message
    throw new InvalidContentError(`The ${format} content could not be read: ${reason}.`, { cause: error })
  }
}

const where = (path: string): string => path || 'the top'
/** The path of a node's child or mark, e.g. content[2].marks[0]. */
const below = (path: string, field: 'content' | 'marks', index: number): string => `${path ? `${path}.` : ''}${field}[${index}]`

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

/**
 * Checks the JSON's shape before ProseMirror builds from it, so a mistake is
 * named with its place (ProseMirror's own errors say neither where nor why).
 */
function checkShape(value: unknown, path: string, depth: number): asserts value is ProseMirrorJson {
  if (depth > MAX_CONTENT_DEPTH) throw new InvalidContentError(`The content nests more than ${MAX_CONTENT_DEPTH} levels deep at ${where(path)}.`)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidContentError(`Expected a node ({ "type": … }) at ${where(path)}, got ${describeValue(value)}.`)
  }
  const node = value as Record<string, unknown>
  if (typeof node.type !== 'string' || !(node.type in schema.nodes)) {
    throw new InvalidContentError(`Unknown node type '${String(node.type)}' at ${where(path)}; the schema has ${Object.keys(schema.nodes).join(', ')}.`)
  }
  if (node.type === 'text' && (typeof node.text !== 'string' || node.text === '')) {
    throw new InvalidContentError(`The text node at ${where(path)} needs a non-empty "text" string.`)
  }
  for (const field of ['content', 'marks'] as const) {
    if (node[field] !== undefined && !Array.isArray(node[field])) {
      throw new InvalidContentError(`"${field}" at ${where(path)} must be an array, got ${describeValue(node[field])}.`)
    }
  }
  ;((node.marks ?? []) as unknown[]).forEach((mark, index) => {
    const type = (mark as { type?: unknown } | null)?.type
    if (typeof type !== 'string' || !(type in schema.marks)) {
      throw new InvalidContentError(`Unknown mark type '${String(type)}' at ${below(path, 'marks', index)}; the schema has ${Object.keys(schema.marks).join(', ')}.`)
    }
  })
  ;((node.content ?? []) as unknown[]).forEach((child, index) => checkShape(child, below(path, 'content', index), depth + 1))
}

/** Checks what the schema requires of a built node and its descendants, naming the first place that breaks it. */
function checkNode(node: ProseMirrorNode, path: string): void {
  if (!node.type.validContent(node.content)) {
    const children: string[] = []
    node.content.forEach((child) => children.push(child.marks.length > 0 ? `${child.type.name} (${child.marks.map((mark) => mark.type.name).join(', ')})` : child.type.name))
    throw new InvalidContentError(
      `A ${node.type.name} at ${where(path)} cannot hold [${children.join(', ')}]; it takes ${node.type.spec.content ?? 'nothing'}${node.type.spec.marks === '' ? ' without marks' : ''}.`,
    )
  }
  const attribute = refusedAttribute(node.attrs)
  if (attribute !== null) {
    throw new InvalidContentError(`The ${node.type.name} at ${where(path)} has ${attribute} ${JSON.stringify(node.attrs[attribute])}, which the editor never sets.`)
  }
  if (node.type.name === 'image' && imageSrc(String(node.attrs.src ?? ''), null) === null) {
    throw new InvalidContentError(`The image at ${where(path)} has an address the editor refuses: only https: addresses and this server's uploads.`)
  }
  const refusedLink = node.marks.find((mark) => mark.type.name === 'link' && linkHref(String(mark.attrs.href ?? '')) === null)
  if (refusedLink) {
    throw new InvalidContentError(`The link at ${where(path)} has an address the editor refuses: only http:, https: and mailto: links.`)
  }
  node.forEach((child, _offset, index) => checkNode(child, below(path, 'content', index)))
}

/** The JSON as a ProseMirror document of the shared schema, or InvalidContentError saying what is wrong and where. */
function validNode(json: unknown): ProseMirrorNode {
  checkShape(json, '', 0)
  if (json.type !== schema.topNodeType.name) {
    throw new InvalidContentError(`The top node must be '${schema.topNodeType.name}', not '${json.type}'.`)
  }
  const node = schema.nodeFromJSON(json)
  checkNode(node, '')
  // What remains (attribute values, mark sets): ProseMirror's own check.
  node.check()
  return node
}

/**
 * Makes the live document hold `json`, in one transaction with `origin`, as
 * the smallest change y-tiptap's updateYFragment finds: blocks equal on both
 * sides stay the same Yjs items, and a changed text block is changed by a
 * text diff, so what others typed outside the changed part (in their replica,
 * merged before or after) survives. Invalid content is refused with
 * InvalidContentError before the document is touched.
 */
export function replaceDocumentContent(doc: Y.Doc, json: ProseMirrorJson, origin: unknown): void {
  const node = readable('json', () => validNode(json))
  // A fresh mapping: nothing is known about the live fragment, so blocks are matched by content.
  const meta = { mapping: new Map(), isOMark: new Map() }
  doc.transact(() => updateYFragment(doc, doc.getXmlFragment(DOCUMENT_FIELD), node, meta), origin)
}

/** A strong ETag (quoted), equal for equal content and title, different otherwise. */
export function contentEtag(json: ProseMirrorJson, title: string): string {
  return `"${createHash('sha256').update(JSON.stringify([title, json])).digest('base64url')}"`
}
