import { readableTextColor } from '../../shared/color-contrast.ts'
import { initialsOf } from '../identity/identity-name.ts'
import type { VersionAuthor } from './version-days.ts'

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** Who wrote a version: their initials in their colours, as the people list shows them, and their names for screen readers. */
export function VersionAuthors({ authors }: { authors: readonly VersionAuthor[] }) {
  if (authors.length === 0) return null
  return (
    <span className="history-authors" title={listNames(authors.map((author) => author.name))}>
      {authors.map((author) => (
        <span
          key={author.name}
          className="history-authors__author"
          aria-hidden="true"
          style={author.color === null ? undefined : { backgroundColor: author.color, color: readableTextColor(author.color) }}
        >
          {initialsOf(author.name)}
        </span>
      ))}
      <span className="visually-hidden">by {listNames(authors.map((author) => author.name))}</span>
    </span>
  )
}
