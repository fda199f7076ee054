/**
 * Tells a client that stopped reading from one that is only slow. The kernel
 * buffers megabytes for a socket before its send buffer grows, so watching the
 * buffer's size alone finds a stopped reader only after minutes at a modest
 * rate. A ping sent after data reaches the client only once it has read that
 * data, so an unanswered ping means the client has not yet read what came
 * before it. A client is given the timeout plus the time a slow link needs for
 * those bytes, and more while its send buffer keeps shrinking (it reads, just
 * slowly); one that reads nothing for longer has stopped.
 */

/** At most one probe per second per connection: a 2-byte ping, answered by a 6-byte pong. */
const PROBE_INTERVAL_MS = 1000
/** The slowest link we wait for (1 Mbit/s): a large document on a slow phone must still load. */
const MIN_READ_BYTES_PER_SECOND = 128 * 1024

export class DeliveryWatch {
  private probeSentAt: number | null = null
  /** How long the outstanding probe may take: the timeout plus its unconfirmed bytes at the slowest rate. */
  private probeAllowanceMs = 0
  private probeBytes = 0
  /** Bytes sent before the last answered probe: the client has read them. */
  private confirmedBytes = 0
  private lastProbeAt = Number.NEGATIVE_INFINITY
  private lastBufferedBytes = 0
  private lastProgressAt: number

  constructor(
    private readonly timeoutMs: number,
    now: number,
  ) {
    this.lastProgressAt = now
  }

  /** Data was sent (`bytesSent` in all so far): true when a probe ping should follow it. */
  shouldProbe(now: number, bytesSent: number): boolean {
    if (this.probeSentAt !== null || now - this.lastProbeAt < PROBE_INTERVAL_MS) return false
    this.probeSentAt = now
    this.lastProbeAt = now
    this.probeBytes = bytesSent
    this.probeAllowanceMs = this.timeoutMs + ((bytesSent - this.confirmedBytes) / MIN_READ_BYTES_PER_SECOND) * 1000
    return true
  }

  /** A pong arrived: the client has read everything sent before the ping it answers. */
  answered(now: number): void {
    if (this.probeSentAt !== null) this.confirmedBytes = this.probeBytes
    this.probeSentAt = null
    this.lastProgressAt = now
  }

  /** Records the send buffer's size; a smaller one than last time is progress. */
  observeBuffered(now: number, bufferedBytes: number): void {
    if (bufferedBytes < this.lastBufferedBytes) this.lastProgressAt = now
    this.lastBufferedBytes = bufferedBytes
  }

  /** True when a probe went unanswered past its allowance and the send buffer did not shrink for the timeout. */
  isStalled(now: number): boolean {
    if (this.probeSentAt === null) return false
    return now - this.probeSentAt >= this.probeAllowanceMs && now - this.lastProgressAt >= this.timeoutMs
  }
}
