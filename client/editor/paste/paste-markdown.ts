/**
 * Pasted Markdown becomes structure: when the clipboard holds only plain text and that
 * text looks like Markdown (markdown-detection.ts), it is parsed with the document's own
 * Markdown conversion (shared/document-markdown.ts) instead of being pasted as lines of
 * text. HTML on the clipboard is left to the ordinary paste (and paste-html.ts), and
 * nothing is converted inside a code block.
 */
import { Extension } from '@tiptap/core'
import { Slice } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { parseMarkdownInPieces } from '../../../shared/markdown-blocks.ts'
import { looksLikeMarkdown } from './markdown-detection.ts'

/** The clipboard's text when it holds nothing but Markdown-looking plain text; null otherwise. */
function markdownOnClipboard(event: ClipboardEvent): string | null {
  const data = event.clipboardData
  if (data === null || data.types.includes('text/html') || data.files.length > 0) return null
  const text = data.getData('text/plain')
  return looksLikeMarkdown(text) ? text : null
}

async function pasteMarkdown(view: EditorView, markdown: string): Promise<void> {
  // The Markdown parser is loaded on the first such paste, as it is for the download.
  const { createDocumentMarkdown } = await import('../../../shared/document-markdown.ts')
  if (view.isDestroyed) return
  let slice: Slice
  try {
    const document = view.state.schema.nodeFromJSON(parseMarkdownInPieces(createDocumentMarkdown(), markdown))
    document.check()
    // Open at both ends, as a pasted slice is: a first paragraph joins the line the caret is on.
    slice = Slice.maxOpen(document.content)
  } catch {
    // Markdown the schema cannot hold is pasted as the text it is.
    view.pasteText(markdown)
    return
  }
  view.dispatch(view.state.tr.replaceSelection(slice).scrollIntoView().setMeta('paste', true).setMeta('uiEvent', 'paste'))
}

export const MarkdownPaste = Extension.create({
  name: 'markdownPaste',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('markdownPaste'),
        props: {
          handlePaste: (view, event) => {
            if (view.state.selection.$from.parent.type.spec.code === true) return false
            const markdown = markdownOnClipboard(event)
            if (markdown === null) return false
            void pasteMarkdown(view, markdown)
            return true
          },
        },
      }),
    ]
  },
})
