import type { Extensions } from '@tiptap/core'
import { CodeBlockLowlight } from '@tiptap/extension-code-block-lowlight'
import StarterKit from '@tiptap/starter-kit'
import { common, createLowlight } from 'lowlight'
import { codeBlockView } from './code-block-view.ts'
import './code-block.css'

/**
 * The editor's code block: the same `codeBlock` node (with its `language`) as StarterKit's in the shared schema,
 * plus syntax highlighting (decorations from lowlight) and the language picker. The highlighter stays out of
 * shared/document-schema.ts on purpose: the server (HTML, Markdown, text) needs only the node, and highlight.js's
 * grammars then load with the editor alone, not with the server or the landing page.
 */
const HighlightedCodeBlock = CodeBlockLowlight.extend({
  addNodeView: () => codeBlockView,
}).configure({ lowlight: createLowlight(common) })

/** The document schema's extensions with StarterKit's code block replaced by the highlighted one (same node, same attributes). */
export function withHighlightedCodeBlocks(extensions: Extensions): Extensions {
  return [...extensions.map((extension) => (extension.name === StarterKit.name ? extension.configure({ codeBlock: false }) : extension)), HighlightedCodeBlock]
}
