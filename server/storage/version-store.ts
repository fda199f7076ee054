/**
 * Where a document's versions are kept (README "Version history"): each one
 * the full encoded state of the document at that time (Y.encodeStateAsUpdate
 * of the live, garbage-collected document) and what the history lists about
 * it. LevelDB (level-version-store.ts) and PostgreSQL
 * (postgres-version-store.ts) implement it and pass the same contract suite
 * (test-support/version-store-contract.ts).
 *
 * An implementation must guarantee:
 * - every method is asynchronous and reports failure by rejecting;
 * - a room holds at most one version per seq, whichever writer adds it: of
 *   two `addVersion` calls with the same room and seq (two instances of a
 *   cluster recording the same state) exactly one resolves true and the other
 *   false, changing nothing; this is how a cluster records each version once;
 * - `addVersion` resolves once the version is durable; its state comes back
 *   from `versionState` byte for byte, after a reopen and from every writer;
 * - `listVersions` is cheap in the size of the states: it reads none of them;
 *   it lists a room's versions newest (highest seq) first;
 * - `nameVersion` changes only the name of an existing version;
 * - `deleteVersions` removes exactly the versions named; `deleteRoomVersions`
 *   every version of the room; both resolve for versions already gone;
 * - versions of different rooms never meet.
 */
import type { Writer } from './document-store.ts'

/** Who wrote since the previous version: as the room's writers (document-store.ts), never a token. */
export type VersionAuthor = Writer

/** What the history lists about a version. */
export interface VersionInfo {
  /** The room's highest stored seq the version's state holds; a version's id in its room. */
  readonly seq: number
  /** When it was recorded (ms since the epoch). */
  readonly createdAt: number
  /** Given on demand ("Save version…") or by the server ("Before restore"); null for an automatic one. Named versions are never thinned. */
  readonly name: string | null
  /** Recorded by the server (after quiet, at the longest interval, before a restore), not asked for by someone. */
  readonly auto: boolean
  /** Who wrote since the previous version, each once. */
  readonly authors: readonly VersionAuthor[]
  /** Words of the text not in the previous version's, and of the previous version's not in this one. */
  readonly wordsAdded: number
  readonly wordsRemoved: number
}

export interface NewVersion extends VersionInfo {
  /** Y.encodeStateAsUpdate of the document. */
  readonly state: Uint8Array
}

export interface VersionStore {
  /** Stores the version; false (nothing stored) when the room holds one of that seq already. */
  addVersion(roomId: string, version: NewVersion): Promise<boolean>
  /** The room's versions, newest first; empty for a room without any. */
  listVersions(roomId: string): Promise<VersionInfo[]>
  /** The newest version (highest seq), or null. */
  latestVersion(roomId: string): Promise<VersionInfo | null>
  getVersion(roomId: string, seq: number): Promise<VersionInfo | null>
  /** The version's encoded state, or null when there is no such version. */
  versionState(roomId: string, seq: number): Promise<Uint8Array | null>
  /** Gives the version a name; resolves with it renamed, or null when there is no such version. */
  nameVersion(roomId: string, seq: number, name: string): Promise<VersionInfo | null>
  deleteVersions(roomId: string, seqs: readonly number[]): Promise<void>
  deleteRoomVersions(roomId: string): Promise<void>
  close(): Promise<void>
}
