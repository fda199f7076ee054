import type { Editor } from '@tiptap/core'
import { documentExtensions } from '../../shared/document-schema.ts'

export type ExportFormat = 'markdown' | 'html' | 'json'

const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', html: 'html', json: 'json' }
const MIME_TYPES: Record<ExportFormat, string> = {
  markdown: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
}

/** A file name from the document title: no characters that file systems refuse, never empty. */
export function exportFileName(title: string, format: ExportFormat): string {
  const base = title
    .replace(/…$/, '')
    // Path separators, characters Windows refuses, and control characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim()
  return `${base || 'document'}.${EXTENSIONS[format]}`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/**
 * A standalone page around the editor's HTML. That HTML is serialized from the
 * schema, so it holds only the nodes and attributes the schema knows (no scripts,
 * no handlers); the CSP is a second lock should a future node ever let one through.
 */
export function standaloneHtml(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src * data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{max-width:46rem;margin:2rem auto;padding:0 1rem;font:1.0625rem/1.7 system-ui,sans-serif}pre{overflow-x:auto}</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`
}

/** The document in a format, as a Blob; Markdown support is loaded only when asked for. */
export async function exportDocument(editor: Editor, title: string, format: ExportFormat): Promise<Blob> {
  let text: string
  switch (format) {
    case 'markdown': {
      const { MarkdownManager } = await import('@tiptap/markdown')
      // The schema's own Markdown, the same conversion the server makes from a stored document.
      const manager = new MarkdownManager({ extensions: documentExtensions })
      text = manager.serialize(editor.getJSON())
      break
    }
    case 'html':
      text = standaloneHtml(title, editor.getHTML())
      break
    case 'json':
      text = JSON.stringify(editor.getJSON(), null, 2)
      break
  }
  return new Blob([text], { type: `${MIME_TYPES[format]};charset=utf-8` })
}
