/** One clock for every bucket: a default parameter written as an arrow would be a new closure per bucket, two per connection. */
const monotonicNow = (): number => performance.now()

/**
 * A token bucket that throttles instead of refusing: `ratePerSecond` tokens
 * refill continuously up to `capacity`, and spending may run the bucket into
 * debt. A session spends for every frame it has already received (the frame is
 * never dropped) and stops reading its transport until the debt is repaid, so
 * a fast honest client is slowed down by TCP backpressure, not cut off.
 */
export class TokenBucket {
  private tokens: number
  private refilledAt: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = capacity
    this.refilledAt = now()
  }

  /** Spends `amount` tokens, going into debt when there are not enough. */
  spend(amount = 1): void {
    this.refill()
    this.tokens -= amount
  }

  /**
   * For limits that refuse instead of throttling: takes `amount` tokens when the
   * bucket holds them and returns 0; otherwise takes nothing (a refused attempt
   * costs nothing) and returns the milliseconds until it will hold them.
   */
  tryTake(amount = 1): number {
    this.refill()
    if (this.tokens >= amount) {
      this.tokens -= amount
      return 0
    }
    return Math.ceil(((amount - this.tokens) / this.ratePerSecond) * 1000)
  }

  /** Milliseconds until the bucket is out of debt; 0 when it is not in debt. */
  msUntilRepaid(): number {
    this.refill()
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000)
  }

  private refill(): void {
    const now = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond)
    this.refilledAt = now
  }
}
