import { mergeAttributes, nodeInputRule, type InputRuleFinder } from '@tiptap/core'
import Image, { inputRegex } from '@tiptap/extension-image'
import { imageSrc } from './image-src.ts'

/** Where an image sits in the text column (none means the reading direction's start). */
export const IMAGE_ALIGNMENTS = ['left', 'center', 'right'] as const
export type ImageAlignment = (typeof IMAGE_ALIGNMENTS)[number]

/** The narrowest width, in CSS pixels, an image may be given: narrower is no longer recognisable. */
export const MIN_IMAGE_WIDTH = 48

/** A width the document may hold: a whole number of pixels from MIN_IMAGE_WIDTH, or null (the image's own size). */
export function imageWidth(value: unknown): number | null {
  const width = typeof value === 'string' ? Number(value) : value
  return typeof width === 'number' && Number.isInteger(width) && width >= MIN_IMAGE_WIDTH ? width : null
}

const isAlignment = (value: string): value is ImageAlignment => (IMAGE_ALIGNMENTS as readonly string[]).includes(value)

/** What is read of parsed HTML here, written out because the server is compiled without the DOM's types. */
interface ParsedElement {
  readonly tagName: string
  getAttribute(name: string): string | null
  querySelector(selectors: string): ParsedElement | null
}

/** The <img> of a parsed element: itself, or the one inside a <figure>. */
const pictureIn = (element: ParsedElement): ParsedElement => (element.tagName.toLowerCase() === 'figure' ? (element.querySelector('img') ?? element) : element)
const fromPicture = (name: string) => (element: ParsedElement) => pictureIn(element).getAttribute(name)

/** `![alt](src "title")` typed in the text, only with a src an image may have. */
const markdownImage: InputRuleFinder = (text) => {
  const match = inputRegex.exec(text)
  const src = imageSrc(match?.[3] ?? '')
  if (match === null || src === null) return null
  // replaceWith: the Markdown without the space before it, which stays.
  return { index: match.index, text: match[0], replaceWith: match[1], data: { src, alt: match[2], title: match[4] ?? null } }
}

/**
 * The image node of Seed's schema: a block holding a web address or an upload
 * of this server, never the image itself. Pasted HTML, typed Markdown and
 * other people's edits pass through imageSrc: an <img> with a data:, blob: or
 * script address is left out of a paste, and such a src is never rendered.
 * The alt text is always rendered (empty means decorative) so screen readers
 * never read a file name.
 *
 * Its layout lives in the document, so everyone sees the same: a width in
 * pixels (never wider than the column), an alignment and a caption. In HTML an
 * aligned or captioned image is a <figure> (aligned with text-align) with its
 * <figcaption>, which screen readers announce with the image; a plain image
 * stays a bare <img>. Markdown has no width, alignment or caption: it keeps
 * the image, its alt text and title only (the parent's renderMarkdown).
 */
export const ImageNode = Image.extend({
  parseHTML() {
    const allowed = (element: ParsedElement) => (imageSrc(pictureIn(element).getAttribute('src') ?? '') === null ? false : null)
    return [
      // A figure of one image (with or without a caption); a figure of anything else is read as its content.
      { tag: 'figure', getAttrs: (element) => (element.querySelectorAll('img[src]').length === 1 ? allowed(element) : false) },
      { tag: 'img[src]', getAttrs: allowed },
    ]
  },
  addAttributes() {
    return {
      src: { default: null, parseHTML: (element) => imageSrc(pictureIn(element).getAttribute('src') ?? '') },
      alt: { default: null, parseHTML: fromPicture('alt') },
      title: { default: null, parseHTML: fromPicture('title') },
      width: { default: null, parseHTML: (element) => imageWidth(pictureIn(element).getAttribute('width')) },
      // Kept from the parent so pasted sizes survive; the editor shows images at their width and natural proportions.
      height: { default: null, parseHTML: fromPicture('height') },
      align: {
        default: null,
        parseHTML: (element) => (element.tagName.toLowerCase() === 'figure' && isAlignment(element.style.textAlign) ? element.style.textAlign : null),
        renderHTML: () => ({}),
      },
      caption: {
        default: null,
        parseHTML: (element) => element.querySelector('figcaption')?.textContent?.trim() || null,
        renderHTML: () => ({}),
      },
    }
  },
  renderHTML({ node, HTMLAttributes }) {
    const picture = ['img', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, { src: imageSrc(String(node.attrs.src ?? '')) ?? '', alt: node.attrs.alt ?? '' })] as const
    const caption = node.attrs.caption as string | null
    // Written into a style: only the alignments the editor sets, whatever another client stored.
    const align = isAlignment(String(node.attrs.align)) ? String(node.attrs.align) : null
    if (align === null && !caption) return picture
    return ['figure', align === null ? {} : { style: `text-align: ${align};` }, picture, ...(caption ? [['figcaption', {}, caption]] : [])]
  },
  addInputRules() {
    return [
      nodeInputRule({
        find: markdownImage,
        type: this.type,
        getAttributes: (match) => match.data ?? {},
      }),
    ]
  },
}).configure({ allowBase64: false })
