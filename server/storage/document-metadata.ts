/**
 * The metadata rules both stores share (document-store.ts): how a change's
 * writers merge into the kept ones, and what a room reports before any
 * metadata was recorded for it.
 */
import { MAX_LAST_WRITERS, type DocumentMetadata, type MetadataChange, type Writer } from './document-store.ts'

/** The change's writers in front of the kept ones, each (subject, name) once, at most MAX_LAST_WRITERS. */
export function mergeWriters(recent: readonly Writer[], kept: readonly Writer[]): Writer[] {
  const merged: Writer[] = []
  const seen = new Set<string>()
  for (const { subject, name } of [...recent, ...kept]) {
    const identity = JSON.stringify([subject, name])
    if (seen.has(identity)) continue
    seen.add(identity)
    // Copied field by field: whatever else a caller's object holds is not stored.
    merged.push({ subject, name })
    if (merged.length === MAX_LAST_WRITERS) break
  }
  return merged
}

/** Metadata as a store records it: createdAt is the creation record's, kept apart. */
export type RecordedMetadata = Omit<DocumentMetadata, 'createdAt'>

/** What an existing room reports before any metadata was recorded for it. */
export const unrecordedMetadata = (): RecordedMetadata => ({ title: '', updatedAt: null, bytes: 0, lastWriters: [] })

/** The metadata a change leaves, on top of the writers recorded before. */
export function applyMetadataChange(keptWriters: readonly Writer[], change: MetadataChange): RecordedMetadata {
  return { title: change.title, updatedAt: change.updatedAt, bytes: change.bytes, lastWriters: mergeWriters(change.writers, keptWriters) }
}
