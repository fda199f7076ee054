/**
 * A version as the outside sees it: the document API's listings and answers
 * and the version.created webhook. Its id is its seq as a string (callers
 * treat it as opaque); authors show a name, and the verified subject where
 * the credentials gave one.
 */
import type { VersionInfo } from '../storage/version-store.ts'

export interface VersionView {
  readonly id: string
  /** ms since the epoch */
  readonly createdAt: number
  readonly name: string | null
  readonly authors: ReadonlyArray<{ readonly name: string | null; readonly subject?: string }>
  readonly auto: boolean
  readonly wordsAdded: number
  readonly wordsRemoved: number
}

export function versionView({ seq, createdAt, name, auto, authors, wordsAdded, wordsRemoved }: VersionInfo): VersionView {
  return {
    id: String(seq),
    createdAt,
    name,
    authors: authors.map((author) => ({ name: author.name, ...(author.subject === null ? {} : { subject: author.subject }) })),
    auto,
    wordsAdded,
    wordsRemoved,
  }
}
