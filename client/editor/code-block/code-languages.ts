/** The languages the picker offers (highlight.js names, kept in the code block's `language`), the most used first. */
export const CODE_LANGUAGES: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'plaintext', label: 'Plain text' },
  { id: 'javascript', label: 'JavaScript' },
  { id: 'typescript', label: 'TypeScript' },
  { id: 'python', label: 'Python' },
  { id: 'xml', label: 'HTML / XML' },
  { id: 'css', label: 'CSS' },
  { id: 'json', label: 'JSON' },
  { id: 'bash', label: 'Shell' },
  { id: 'sql', label: 'SQL' },
  { id: 'java', label: 'Java' },
  { id: 'c', label: 'C' },
  { id: 'cpp', label: 'C++' },
  { id: 'csharp', label: 'C#' },
  { id: 'go', label: 'Go' },
  { id: 'rust', label: 'Rust' },
  { id: 'php', label: 'PHP' },
  { id: 'ruby', label: 'Ruby' },
  { id: 'kotlin', label: 'Kotlin' },
  { id: 'swift', label: 'Swift' },
  { id: 'yaml', label: 'YAML' },
  { id: 'markdown', label: 'Markdown' },
  { id: 'diff', label: 'Diff' },
]

/** The picker's value for a block with no language: highlight.js guesses it. */
export const AUTO_LANGUAGE = ''

/**
 * What the picker shows for a block's `language`: a pasted or imported block may name a language the
 * picker does not offer (it is then added as it is, so choosing nothing never rewrites it).
 */
export function pickerLanguages(language: string | null): ReadonlyArray<{ id: string; label: string }> {
  if (!language || CODE_LANGUAGES.some((offered) => offered.id === language)) return CODE_LANGUAGES
  return [...CODE_LANGUAGES, { id: language, label: language }]
}
