/**
 * A per-address rate limit for actions that are refused, not throttled, when
 * they come too often (uploads; creating rooms): every client address may act
 * `limit` times per `windowMs`, all at once or spread out, its budget
 * refilling continuously (a token bucket per address, capacity `limit`).
 *
 *   const uploads = new AddressRateLimit({ limit: 30, windowMs: 60_000 })
 *   const verdict = uploads.take(address)   // counts one action when allowed
 *   if (!verdict.allowed) answer 429 with `Retry-After: ${verdict.retryAfterSeconds}`
 *
 * `take` is synchronous and cheap; a refused attempt costs the address nothing.
 * Memory is bounded whatever clients do: an address's entry is forgotten once
 * its budget would be full again (an address never seen gets a full budget
 * anyway), and at most `maxAddresses` entries are kept. Past that the least
 * recently seen address is forgotten first: with more active addresses than
 * that, one of them regains its full budget early rather than every new
 * address being refused (a limit that locked everyone out would itself be the
 * attack).
 */
import { TokenBucket } from './token-bucket.ts'

export interface AddressRateLimitOptions {
  /** Actions one address may take per window. */
  limit: number
  windowMs: number
  /** Addresses remembered at most; default 50 000 (a few MiB). */
  maxAddresses?: number
  /** Milliseconds, monotonic; tests pass their own clock. */
  now?: () => number
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

const DEFAULT_MAX_ADDRESSES = 50_000

interface AddressEntry {
  readonly budget: TokenBucket
  seenAt: number
}

export class AddressRateLimit {
  /** In order of last use, oldest first: the entries to forget are always at the front. */
  private readonly entries = new Map<string, AddressEntry>()
  private readonly maxAddresses: number
  private readonly now: () => number

  constructor(private readonly options: AddressRateLimitOptions) {
    this.maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES
    this.now = options.now ?? (() => performance.now())
  }

  /** Counts one action of `address` when its budget allows it; otherwise counts nothing and says when to try again. */
  take(address: string): RateVerdict {
    const now = this.now()
    this.forgetRefilled(now)
    const entry = this.entries.get(address) ?? this.remember(now)
    this.entries.delete(address)
    this.entries.set(address, entry)
    entry.seenAt = now
    const waitMs = entry.budget.tryTake()
    return waitMs === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
  }

  /** Addresses remembered now (for tests and metrics). */
  get size(): number {
    return this.entries.size
  }

  private remember(now: number): AddressEntry {
    if (this.entries.size >= this.maxAddresses) this.entries.delete(this.entries.keys().next().value!)
    const { limit, windowMs } = this.options
    return { budget: new TokenBucket((limit * 1000) / windowMs, limit, this.now), seenAt: now }
  }

  /** A budget untouched for a whole window is full again: its entry says nothing an absent one would not. */
  private forgetRefilled(now: number): void {
    for (const [address, entry] of this.entries) {
      if (entry.seenAt + this.options.windowMs > now) return
      this.entries.delete(address)
    }
  }
}
