import { mergeAttributes } from '@tiptap/core'
import Mention from '@tiptap/extension-mention'
import { readableTextColor } from './color-contrast.ts'
import { HEX_COLOR_PATTERN } from './identity.ts'
import { escapeMarkdownText } from './markdown-text-escaping.ts'

/** A colour a mention may be drawn in: only `#rrggbb`, since it is written into a style attribute. */
export function mentionColor(value: unknown): string | null {
  return typeof value === 'string' && HEX_COLOR_PATTERN.test(value) ? value : null
}

/** What a mention reads as in text: `@` and the name it was made with. */
export function mentionText(attrs: Record<string, unknown> | undefined): string {
  return `@${String(attrs?.label ?? attrs?.id ?? '')}`
}

/**
 * A mention of a person who is or was in the document: their identity id (shared/identity.ts),
 * the name and colour they had when mentioned, kept as they were (a later rename does not
 * change what was written). Only the node: the `@` list that inserts it is editor behaviour
 * (client/editor/mentions/), so the Mention extension's own suggestion plugin is left out.
 * The colour comes from whoever wrote the node, so it is checked wherever it becomes a style.
 */
export const MentionNode = Mention.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      color: {
        default: null,
        parseHTML: (element) => mentionColor(element.getAttribute('data-color')),
        renderHTML: (attributes) => {
          const color = mentionColor(attributes.color)
          return color === null ? {} : { 'data-color': color, style: `background-color: ${color}; color: ${readableTextColor(color)}` }
        },
      },
    }
  },
  renderHTML({ node, HTMLAttributes }) {
    return ['span', mergeAttributes({ 'data-type': this.name }, this.options.HTMLAttributes, HTMLAttributes), mentionText(node.attrs)]
  },
  renderText({ node }) {
    return mentionText(node.attrs)
  },
  // Markdown has no mentions: the name as text, escaped like any other text.
  renderMarkdown: (node) => escapeMarkdownText(mentionText(node.attrs), false),
  addProseMirrorPlugins: () => [],
})
