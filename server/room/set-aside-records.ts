/**
 * The stored records this server found unreadable and loaded rooms without
 * (server/storage/readable-records.ts). Each one, by room and seq, is logged
 * once as an error (never its contents) and counted in
 * seed_store_records_set_aside_total; /readyz gives how many. /readyz names
 * no room: anyone may call it, and a room id can be all that guards a
 * document (a shared link). The log is where an operator finds them.
 */
import type { Logger } from 'pino'
import type { Metrics } from '../observability/metrics.ts'
import type { SetAsideRecord } from '../storage/document-store.ts'

export class SetAsideRecords {
  /** `room seq` of every record reported: a room loads again (and sets the same record aside) until a compaction replaces it. */
  private readonly reported = new Set<string>()

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** How many distinct records were set aside since start. */
  get count(): number {
    return this.reported.size
  }

  note(roomId: string, records: readonly SetAsideRecord[]): void {
    for (const { seq, problem } of records) {
      // Room ids never contain a space (shared/room-id rule).
      const key = `${roomId} ${seq}`
      if (this.reported.has(key)) continue
      this.reported.add(key)
      this.metrics.recordsSetAside.inc()
      this.logger.error({ room: roomId, seq, problem }, 'a stored record of the room cannot be read: set aside, the room loads without it (its next compaction replaces it)')
    }
  }
}
