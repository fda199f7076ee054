/**
 * Tells a client that stopped reading from one that is only slow. The kernel
 * buffers megabytes for a socket before its send buffer grows, so watching the
 * buffer's size alone finds a stopped reader only after minutes at a modest
 * rate. A ping sent after data reaches the client only once it has read that
 * data, so an unanswered ping means nothing was read since it was sent; a send
 * buffer that shrinks means the client is reading, just slowly.
 */

/** At most one probe per second per connection: a 2-byte ping, answered by a 6-byte pong. */
const PROBE_INTERVAL_MS = 1000

export class DeliveryWatch {
  private probeSentAt: number | null = null
  private lastProbeAt = Number.NEGATIVE_INFINITY
  private lastBufferedBytes = 0
  private lastProgressAt: number

  constructor(
    private readonly timeoutMs: number,
    now: number,
  ) {
    this.lastProgressAt = now
  }

  /** Data is about to be sent: true when a probe ping should follow it. */
  shouldProbe(now: number): boolean {
    if (this.probeSentAt !== null || now - this.lastProbeAt < PROBE_INTERVAL_MS) return false
    this.probeSentAt = now
    this.lastProbeAt = now
    return true
  }

  /** A pong arrived: the client has read everything sent before the ping it answers. */
  answered(now: number): void {
    this.probeSentAt = null
    this.lastProgressAt = now
  }

  /** Records the send buffer's size; a smaller one than last time is progress. */
  observeBuffered(now: number, bufferedBytes: number): void {
    if (bufferedBytes < this.lastBufferedBytes) this.lastProgressAt = now
    this.lastBufferedBytes = bufferedBytes
  }

  /** True when a probe went unanswered for the timeout and the send buffer did not shrink meanwhile. */
  isStalled(now: number): boolean {
    if (this.probeSentAt === null) return false
    return now - this.probeSentAt >= this.timeoutMs && now - this.lastProgressAt >= this.timeoutMs
  }
}
