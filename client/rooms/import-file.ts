/**
 * What importing a file asks of the file itself, before anything is sent: whether
 * Seed can import it (Markdown or HTML, by its name or type), and the title it
 * brings when its content has no heading of its own (its name without extension).
 */

export type ImportFormat = 'markdown' | 'html'

/** The extensions and media types Seed imports; also what the file picker offers. */
const FORMATS_BY_EXTENSION: Readonly<Record<string, ImportFormat>> = { md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html' }
const FORMATS_BY_TYPE: Readonly<Record<string, ImportFormat>> = { 'text/markdown': 'markdown', 'text/x-markdown': 'markdown', 'text/html': 'html' }
export const IMPORT_ACCEPT = [...Object.keys(FORMATS_BY_EXTENSION).map((extension) => `.${extension}`), ...Object.keys(FORMATS_BY_TYPE)].join(',')

function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : null
}

/** The format to import the file as; null for a file Seed cannot import. Browsers often give no type for .md files. */
export function importFormatOf(file: { name: string; type: string }): ImportFormat | null {
  const extension = extensionOf(file.name)
  return (extension === null ? undefined : FORMATS_BY_EXTENSION[extension]) ?? FORMATS_BY_TYPE[file.type.toLowerCase()] ?? null
}

/** The sentence for a file Seed does not import. */
export function unsupportedFileProblem(name: string): string {
  return `${name} is not a Markdown (.md) or HTML (.html) file, so it cannot be imported. Nothing was created.`
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/
/** Lines a setext underline cannot turn into a heading: list items, quotes, and other block starts. */
const NOT_A_PARAGRAPH_LINE = /^ {0,3}(?:[-*+>#|]|\d+[.)]|$)/

function markdownHasHeading(text: string): boolean {
  let fence: string | null = null
  let previous = ''
  for (const line of text.split(/\r\n|\n|\r/)) {
    const opening = FENCE.exec(line)?.[1]
    if (fence !== null) {
      if (opening !== undefined && opening[0] === fence[0] && opening.length >= fence.length) fence = null
    } else if (opening !== undefined) {
      fence = opening
    } else if (ATX_HEADING.test(line) || (SETEXT_UNDERLINE.test(line) && !NOT_A_PARAGRAPH_LINE.test(previous))) {
      return true
    }
    previous = fence === null ? line : ''
  }
  return false
}

export function hasHeading(format: ImportFormat, text: string): boolean {
  return format === 'markdown' ? markdownHasHeading(text) : /<h[1-6][\s/>]/i.test(text)
}

/** The file's name without its extension, when the content has no heading to be its title; else null. */
export function importTitle(fileName: string, format: ImportFormat, text: string): string | null {
  if (hasHeading(format, text)) return null
  const dot = fileName.lastIndexOf('.')
  const name = (dot > 0 ? fileName.slice(0, dot) : fileName).trim()
  return name === '' ? null : name
}
