/**
 * Cleans up pasted HTML where ProseMirror's parser would lose a list's structure
 * (ProseMirror's transformPastedHTML hook). Two sources need it:
 *
 * - Word puts a list on the clipboard as paragraphs (`<p class=MsoListParagraph
 *   style="mso-list:l0 level2 lfo1">`) with the bullet or number typed into a
 *   hidden span: they would arrive as paragraphs starting with "·" or "1.".
 *   They become real, nested <ul>/<ol> lists here.
 * - Google Docs (and some LibreOffice versions) nest a sublist directly inside
 *   the parent list (`<ul><li>a</li><ul>…</ul></ul>`), where the schema wants it
 *   inside the item: it is moved into the item before it.
 *
 * Lists written the standard way (LibreOffice's `<ol><li><p>`) need nothing.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { markerKind, nestOutline, parseMsoList, type OutlineEntry, type OutlineList } from './list-outline.ts'

/** The hidden span Word types a list paragraph's bullet or number into. */
const WORD_MARKER = '[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]'

function isListParagraph(element: Element | null): element is HTMLParagraphElement {
  return element instanceof HTMLParagraphElement && parseMsoList(element.getAttribute('style') ?? '') !== null
}

/** Takes the marker out of a Word list paragraph and says which kind of list it numbers. */
function takeMarker(paragraph: HTMLParagraphElement): OutlineEntry<HTMLParagraphElement> {
  const marker = paragraph.querySelector(WORD_MARKER)
  // The marker's text is the bullet or number followed by non-breaking spaces.
  const kind = markerKind(marker?.textContent?.replace(/\s+/g, ' ').split(' ')[0] ?? '')
  let removed: Element | null = marker
  // Also the spans around it that held nothing else (they set the bullet's font).
  while (removed !== null && removed.parentElement !== paragraph && removed.parentElement?.textContent === removed.textContent) removed = removed.parentElement
  removed?.remove()
  return { kind, level: parseMsoList(paragraph.getAttribute('style') ?? '')?.level ?? 1, content: paragraph }
}

function buildList(document: Document, list: OutlineList<HTMLParagraphElement>): HTMLElement {
  const element = document.createElement(list.kind === 'ordered' ? 'ol' : 'ul')
  for (const item of list.items) {
    const listItem = document.createElement('li')
    const paragraph = document.createElement('p')
    paragraph.append(...item.content.childNodes)
    listItem.append(paragraph, ...item.children.map((child) => buildList(document, child)))
    element.append(listItem)
  }
  return element
}

/** The next element after `element`, if only white space lies between them. */
function nextAdjacentElement(element: Element): Element | null {
  let node = element.nextSibling
  while (node !== null && (node.nodeType === Node.COMMENT_NODE || (node.nodeType === Node.TEXT_NODE && node.textContent?.trim() === ''))) node = node.nextSibling
  return node instanceof Element ? node : null
}

function convertWordLists(body: HTMLElement): void {
  const done = new Set<Element>()
  for (const first of Array.from(body.querySelectorAll('p'))) {
    if (done.has(first) || !isListParagraph(first)) continue
    const run: HTMLParagraphElement[] = []
    for (let paragraph: Element | null = first; isListParagraph(paragraph); paragraph = nextAdjacentElement(paragraph)) {
      run.push(paragraph)
      done.add(paragraph)
    }
    const lists = nestOutline(run.map(takeMarker)).map((list) => buildList(body.ownerDocument, list))
    first.before(...lists)
    for (const paragraph of run) paragraph.remove()
  }
}

function moveStrayNestedLists(body: HTMLElement): void {
  for (const list of Array.from(body.querySelectorAll(':is(ul, ol) > :is(ul, ol)'))) {
    const previous = list.previousElementSibling
    if (previous instanceof HTMLLIElement) {
      previous.append(list)
    } else {
      const item = body.ownerDocument.createElement('li')
      list.replaceWith(item)
      item.append(list)
    }
  }
}

export function normalizePastedHtml(html: string): string {
  if (!/mso-list|<[uo]l/i.test(html)) return html
  const document = new DOMParser().parseFromString(html, 'text/html')
  convertWordLists(document.body)
  moveStrayNestedLists(document.body)
  return document.body.innerHTML
}

/** Runs normalizePastedHtml on everything pasted or dropped as HTML. */
export const PasteCleanup = Extension.create({
  name: 'pasteCleanup',
  addProseMirrorPlugins() {
    return [new Plugin({ key: new PluginKey('pasteCleanup'), props: { transformPastedHTML: normalizePastedHtml } })]
  },
})
