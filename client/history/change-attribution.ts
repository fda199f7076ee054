import type { VersionAuthor, VersionSummary } from './version-days.ts'

/** What the preview compares the shown version with. */
export type CompareWith = 'current' | 'previous'

/**
 * The people who wrote the difference the preview shows, from a newest-first list:
 * against the version before, the shown version's authors; against the current text,
 * the authors of every later version (edits since the newest version have none yet).
 */
export function writersOfDifference(versions: readonly VersionSummary[], shownId: string, compareWith: CompareWith): VersionAuthor[] {
  const index = versions.findIndex((version) => version.id === shownId)
  if (index === -1) return []
  return compareWith === 'previous' ? versions[index].authors : versions.slice(0, index).flatMap((version) => version.authors)
}

/** The colour to highlight changes in: the author's when exactly one person (with a colour) made them; null: neutral. */
export function changeColor(writers: readonly VersionAuthor[]): string | null {
  const names = new Set(writers.map((writer) => writer.name))
  return names.size === 1 ? (writers.find((writer) => writer.color !== null)?.color ?? null) : null
}

/**
 * Authors the server named without a colour get the one the document's people list (PEOPLE_FIELD)
 * holds for that name, the most recent editor's first: the colour their avatar and caret had.
 */
export function withKnownColors(versions: readonly VersionSummary[], people: readonly { name: string; color: string }[]): VersionSummary[] {
  const colors = new Map<string, string>()
  for (const person of people) if (!colors.has(person.name)) colors.set(person.name, person.color)
  return versions.map((version) => ({
    ...version,
    authors: version.authors.map((author) => (author.color === null ? { ...author, color: colors.get(author.name) ?? null } : author)),
  }))
}
