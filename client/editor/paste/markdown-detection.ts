/**
 * Whether pasted plain text was written in Markdown. Only unmistakable signs count:
 * a block opener at the start of a line (heading, list or task item, quote, fence,
 * a table's delimiter row) or a closed inline construct (`[text](url)`, `**bold**`,
 * `` `code` ``, `~~struck~~`). A stray `*`, a `#hashtag` or a lone `-` in prose does not.
 */

const BLOCK_SIGNS = [
  // # Heading (the space after the hashes is what tells it from a hashtag)
  /^ {0,3}#{1,6}[ \t]+\S/m,
  // - item, * item, + item, - [ ] task
  /^[ \t]*[-*+][ \t]+\S/m,
  // 1. item, 2) item
  /^[ \t]*\d{1,9}[.)][ \t]+\S/m,
  // > quote
  /^ {0,3}>[ \t]?\S/m,
  // ``` or ~~~ fence
  /^ {0,3}(```|~~~)/m,
  // a table: a row with a pipe, then a delimiter row such as |---|:--:|
  /^.*\|.*\n[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/m,
]

const INLINE_SIGNS = [
  // [text](https://…) or [text](/path)
  /\[[^\]\n]+\]\([^)\s]+(\s+"[^"\n]*")?\)/,
  // **bold** or __bold__, closed on the same line, with no space just inside
  /(\*\*|__)(?=\S)[^\n]*?\S\1/,
  // `code`
  /`[^`\n]+`/,
  // ~~struck~~
  /~~(?=\S)[^\n]*?\S~~/,
]

export function looksLikeMarkdown(text: string): boolean {
  return BLOCK_SIGNS.some((sign) => sign.test(text)) || INLINE_SIGNS.some((sign) => sign.test(text))
}
