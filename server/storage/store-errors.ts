/** Errors a DocumentStore raises for calls that break its contract (as opposed to I/O failures, which keep their own cause). */

/** `compactRoom` named records that do not exist yet: compacting them would let a later append reuse the merged record's seq. */
export class CompactionRangeError extends Error {
  override readonly name = 'CompactionRangeError'
  constructor(
    readonly roomId: string,
    readonly upToSeq: number,
    readonly lastSeq: number,
  ) {
    super(`Cannot compact room "${roomId}" up to seq ${upToSeq}: its highest stored seq is ${lastSeq}. Compact only records that were appended.`)
  }
}
