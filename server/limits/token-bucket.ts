/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `capacity`.
 * Used per connection for messages/s and bytes/s.
 */
export class TokenBucket {
  private tokens: number
  private refilledAt: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity
    this.refilledAt = now()
  }

  /** Takes `amount` tokens; false (and nothing taken) when there are not enough. */
  take(amount = 1): boolean {
    const now = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond)
    this.refilledAt = now
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}
