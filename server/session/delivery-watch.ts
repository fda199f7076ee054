/**
 * Tells a peer that stopped reading from one that is only slow, judging
 * progress rather than the size of what it was sent, so a legitimate 50 MB
 * reply on a slow link is never mistaken for a stopped reader.
 *
 * Two signs of progress: the peer answered a probe (a ping sent after data
 * comes back only once the peer read that data), and, while bytes are backed
 * up in our own buffer (the OS buffers are full), the OS accepted more of
 * them, which it can only do as the peer reads (the transport writes in small
 * pieces, so on any link that moves this happens often). A write the OS takes
 * while nothing else waits says nothing about the peer: the OS buffers
 * megabytes for a peer that reads nothing. A peer is stalled when
 *  - bytes have waited in our own buffer for the timeout with no write
 *    completing: the OS buffers are full, the peer's window is closed; or
 *  - everything was handed to the OS, but a probe went unanswered past the
 *    timeout plus the time a 1 Mbit/s link needs for the unconfirmed bytes
 *    (the OS buffers megabytes, which a slow link needs time to drain), and
 *    nothing else progressed for the timeout.
 */

/** At most one probe per second per session: a 2-byte ping, answered by a 6-byte pong. */
const PROBE_INTERVAL_MS = 1000
/** The slowest link we wait for (1 Mbit/s). */
const MIN_READ_BYTES_PER_SECOND = 128 * 1024

export class DeliveryWatch {
  private probeSentAt: number | null = null
  /** How long the outstanding probe may take: the timeout plus its unconfirmed bytes at the slowest rate. */
  private probeAllowanceMs = 0
  private probeBytes = 0
  /** Bytes sent before the last answered probe: the peer has read them. */
  private confirmedBytes = 0
  private lastProbeAt = Number.NEGATIVE_INFINITY
  private lastProgressAt: number
  /** Since when bytes have waited in our own buffer with no write completing; null when nothing waits. */
  private waitingSince: number | null = null
  private readingPausedNow = false

  constructor(
    private readonly timeoutMs: number,
    now: number,
  ) {
    this.lastProgressAt = now
  }

  /** Data is about to be queued; `bufferedBefore` is what already waited in our buffer. */
  sending(now: number, bufferedBefore: number): void {
    if (bufferedBefore === 0 || this.waitingSince === null) this.waitingSince = now
  }

  /** The OS accepted more of our bytes; `bufferedAfter` still wait in our buffer. */
  progressed(now: number, bufferedAfter: number): void {
    if (bufferedAfter === 0) {
      this.waitingSince = null
      return
    }
    this.lastProgressAt = now
    this.waitingSince = now
  }

  /**
   * Data was sent (`bytesSent` in all so far, `bytesQueued` of them still in
   * our own buffer): true when a probe should follow it. The probe overtakes
   * what still waits in our buffer, so its answer proves only the bytes
   * already handed to the OS were read.
   */
  shouldProbe(now: number, bytesSent: number, bytesQueued: number): boolean {
    if (this.probeSentAt !== null || now - this.lastProbeAt < PROBE_INTERVAL_MS) return false
    this.probeSentAt = now
    this.lastProbeAt = now
    this.probeBytes = bytesSent - bytesQueued
    this.probeAllowanceMs = this.timeoutMs + ((bytesSent - this.confirmedBytes) / MIN_READ_BYTES_PER_SECOND) * 1000
    return true
  }

  /**
   * As `shouldProbe`, for a probe someone is waiting on (whether the peer
   * still reads decides who holds an awareness id): not held back by the
   * one-a-second spacing, only by a probe still outstanding.
   */
  shouldProbeNow(now: number, bytesSent: number, bytesQueued: number): boolean {
    if (this.probeSentAt === null) this.lastProbeAt = Number.NEGATIVE_INFINITY
    return this.shouldProbe(now, bytesSent, bytesQueued)
  }

  /** A probe was answered: the peer has read everything sent before it. */
  answered(now: number): void {
    if (this.probeSentAt !== null) this.confirmedBytes = this.probeBytes
    this.probeSentAt = null
    this.lastProgressAt = now
  }

  /**
   * The session stopped reading its peer (rate limit, backlog): the peer's
   * answer to a probe cannot be read meanwhile, so the probe rule waits.
   */
  readingPaused(): void {
    this.readingPausedNow = true
  }

  /** Reading again: an outstanding probe gets its full allowance from now. */
  readingResumed(now: number): void {
    this.readingPausedNow = false
    if (this.probeSentAt !== null) this.probeSentAt = now
    this.lastProgressAt = Math.max(this.lastProgressAt, now)
  }

  /**
   * Nothing waits in our buffer and the outstanding probe followed nothing the
   * peer had not confirmed already: a stall is then a connection gone silent,
   * not a reader falling behind.
   */
  hasNothingUnread(): boolean {
    return this.waitingSince === null && this.probeBytes <= this.confirmedBytes
  }

  isStalled(now: number): boolean {
    if (this.waitingSince !== null && now - this.waitingSince >= this.timeoutMs) return true
    if (this.probeSentAt === null || this.readingPausedNow) return false
    return now - this.probeSentAt >= this.probeAllowanceMs && now - this.lastProgressAt >= this.timeoutMs
  }
}
