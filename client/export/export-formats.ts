import type { Editor } from '@tiptap/core'

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
 * The downloaded page's own look, readable in a browser and in a word processor (Word and
 * LibreOffice open .html files but know no flexbox): a task's checkbox and first line are
 * inline, so they stay side by side where flex is ignored; tables have borders on every cell.
 */
const EXPORT_STYLESHEET = `
:root{color-scheme:light}
body{max-width:46rem;margin:2rem auto;padding:0 1rem;font:1.0625rem/1.7 system-ui,sans-serif;color:#1f2328;background:#fff}
a{color:#0b57d0}
img{max-width:100%;height:auto}
blockquote{margin:1em 0;padding:0 1em;border-left:4px solid #c8ccd1;color:#4b5157}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
:not(pre)>code{padding:.1em .3em;border-radius:4px;background:#eff1f3}
pre{padding:.75em 1em;border:1px solid #d8dce0;border-radius:6px;background:#f6f8fa;overflow-x:auto;white-space:pre}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #8c959f;padding:.35em .7em;vertical-align:top;text-align:left}
th{background:#eff1f3;font-weight:600}
th>p,td>p{margin:0}
ul[data-type="taskList"]{list-style:none;padding-left:.25em}
li[data-type="taskItem"]{display:flex;align-items:baseline;gap:.5em}
li[data-type="taskItem"]>label{display:inline;flex:none}
li[data-type="taskItem"]>div{display:inline;flex:1 1 auto}
li[data-type="taskItem"]>div>p:first-child{display:inline;margin:0}
li[data-type="taskItem"]>div>p+p{margin:.25em 0 0}
`

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
<style>${EXPORT_STYLESHEET}</style>
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
      // The schema's own Markdown, the same conversion the server makes from a stored document.
      const { createDocumentMarkdown } = await import('../../shared/document-markdown.ts')
      text = createDocumentMarkdown().serialize(editor.getJSON())
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
