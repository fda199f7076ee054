/**
 * Bytes of POSTed batches the HTTP fallback holds per client address: bodies
 * still being read and batches waiting to be delivered. A body takes its
 * share before it is read (its declared length, then any chunk past it) and
 * gives it back once its batch was delivered or refused, so parallel POSTs,
 * of one session or of many sessions from one address, cannot make the
 * server hold more than the cap for that address.
 */
export class WaitingBytes {
  private readonly held = new Map<string, number>()

  constructor(readonly maxBytesPerAddress: number) {}

  /** What one body holds for `address`: nothing yet. */
  forBody(address: string): BodyAllowance {
    return new BodyAllowance((delta) => this.change(address, delta))
  }

  /** Bytes held for `address` right now. */
  heldBy(address: string): number {
    return this.held.get(address) ?? 0
  }

  /** Applies `delta`; false, changing nothing, when an increase would pass the cap. */
  private change(address: string, delta: number): boolean {
    const next = this.heldBy(address) + delta
    if (delta > 0 && next > this.maxBytesPerAddress) return false
    if (next <= 0) this.held.delete(address)
    else this.held.set(address, next)
    return true
  }
}

export class BodyAllowance {
  private bytes = 0

  constructor(private readonly change: (delta: number) => boolean) {}

  /** Holds `total` bytes for this body in all; false, holding no more, when its address would pass its cap. */
  growTo(total: number): boolean {
    if (total <= this.bytes) return true
    if (!this.change(total - this.bytes)) return false
    this.bytes = total
    return true
  }

  /** Gives back what this body holds (idempotent). */
  release(): void {
    this.change(-this.bytes)
    this.bytes = 0
  }
}
