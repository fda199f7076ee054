import { mergeAttributes, nodeInputRule, type InputRuleFinder } from '@tiptap/core'
import Image, { inputRegex } from '@tiptap/extension-image'
import { imageSrc } from './image-src.ts'

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
 */
export const ImageNode = Image.extend({
  parseHTML() {
    return [{ tag: 'img[src]', getAttrs: (element) => (imageSrc(element.getAttribute('src') ?? '') === null ? false : null) }]
  },
  addAttributes() {
    return {
      ...this.parent?.(),
      src: { default: null, parseHTML: (element) => imageSrc(element.getAttribute('src') ?? '') },
    }
  },
  renderHTML({ node, HTMLAttributes }) {
    return ['img', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, { src: imageSrc(String(node.attrs.src ?? '')) ?? '', alt: node.attrs.alt ?? '' })]
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
