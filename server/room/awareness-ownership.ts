/**
 * Who holds each awareness client id of a room, and so which entries of an
 * update reach the room's awareness. A session (or, for states relayed over
 * the bus, another instance) holds the ids it introduced; only the holder may
 * change or remove an id's state, and a session holds at most
 * `maxIdsPerSession` ids.
 *
 * Entries a sender may not set are dropped, and its session stays open:
 * honest clients send them. The y-websocket provider re-broadcasts every
 * awareness change it applies, other people's included (what the server
 * relayed comes back with the same clock, a no-op), and two tabs of one
 * browser relay each other's states over BroadcastChannel, sometimes ahead of
 * the owner's own message.
 *
 * The one exception is a reconnect. A y-websocket provider keeps its clientID
 * across reconnects (one per Y.Doc), and the first awareness message of every
 * connection it opens carries its own id, at the clock it already had. If
 * the old connection is gone, the id is free, and the reconnect's state is
 * kept again (with the clock moved past the removal everyone saw, so they
 * show it). If the server still holds the old session (a half-dead socket, a
 * polling session not yet idle), "their own old session" has to be
 * recognised, and what a client can forge decides how:
 *  - the client id and its clock: every member of the room sees both, so
 *    they prove nothing;
 *  - the client address: shared behind NAT and by everyone behind a proxy
 *    without TRUST_PROXY, and a reconnect from a phone that moved from Wi-Fi
 *    to mobile data has a new one; useless either way;
 *  - a verified identity (a token's subject): unforgeable where tokens carry
 *    one, absent in open and links modes;
 *  - whether the old session still answers: nobody can make another person's
 *    working connection stop reading.
 * So an id held by another session here passes to the session that
 * introduces itself with it only when the holder no longer answers: its
 * transport closed, or it is asked to prove it reads (a probe, under the
 * session's usual delivery rules, so this gives nobody a new way to drop a
 * slow reader) and is dropped for not answering. Meanwhile the claim waits
 * (its latest entry kept); when the holder leaves, the id and the claimant's
 * state pass on without a gap, so a reconnect never loses its caret. A holder
 * that touches the id again proves it is alive and ends the wait. Where both
 * sessions carry a verified subject, a different subject never takes an id.
 * What remains: in modes without identities, someone who introduces
 * themselves with an id in the seconds between its holder's connection dying
 * and the server noticing may take over a presence whose owner is gone, which
 * shows no more than they could by naming themselves alike.
 *
 * Ids held by another instance are never taken from here: that instance
 * removes them when its session ends (or all of them when it is gone), and
 * the client's next state then claims the id.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import { encodeAwarenessEntries, type AwarenessEntry, type AwarenessLimits } from './awareness-guard.ts'

/** Whatever brought awareness states into a room: they are removed when it goes. */
export interface AwarenessHolder {
  /** The client ids it holds, kept by this module. */
  readonly awarenessClientIds: Set<number>
}

/** A session in this room, as a holder. */
export interface AwarenessMember extends AwarenessHolder {
  readonly isOpen: boolean
  readonly identity: { readonly subject: string | null }
  /** Asks the client to prove it still reads; one that does not is dropped within seconds (and leaves). */
  requestProofOfLife(): void
}

/** Why an entry was not kept. */
export type AwarenessDropReason = 'held-by-another-session' | 'held-by-another-instance' | 'ids-per-session' | 'not-present'

interface Holding {
  readonly holder: AwarenessHolder
  /** The session when the holder is one here; null for another instance. */
  readonly member: AwarenessMember | null
}

interface WaitingClaim {
  readonly claimant: AwarenessMember
  entry: AwarenessEntry
}

export class AwarenessOwnership {
  private readonly holdings = new Map<number, Holding>()
  private readonly waiting = new Map<number, WaitingClaim>()
  /** Sessions whose first awareness message was handled: only that one may take an id over. */
  private readonly introduced = new WeakSet<AwarenessMember>()

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly limits: AwarenessLimits,
  ) {}

  /** Keeps the entries `member` may set, in order; returns the ids of those dropped, by reason. */
  applyFromMember(member: AwarenessMember, entries: readonly AwarenessEntry[]): Map<AwarenessDropReason, number[]> {
    const introducing = !this.introduced.has(member)
    this.introduced.add(member)
    const dropped = new Map<AwarenessDropReason, number[]>()
    const kept: AwarenessEntry[] = []
    for (const entry of entries) {
      const decision = this.decide(member, entry, introducing)
      if (typeof decision === 'string') dropped.set(decision, [...(dropped.get(decision) ?? []), entry.clientId])
      else if (decision !== null) kept.push(decision)
    }
    this.apply(kept, member)
    return dropped
  }

  /** Keeps the entries another instance relayed, but none for an id a session here holds. */
  applyFromInstance(instance: AwarenessHolder, entries: readonly AwarenessEntry[]): number[] {
    const dropped: number[] = []
    const kept: AwarenessEntry[] = []
    for (const entry of entries) {
      const holding = this.holdings.get(entry.clientId)
      if (holding?.member) {
        dropped.push(entry.clientId)
        continue
      }
      if (entry.state !== null) this.hold(entry.clientId, { holder: instance, member: null })
      kept.push(entry)
    }
    this.apply(kept, instance)
    return dropped
  }

  /**
   * A holder left (a session) or is gone (an instance): each id it held
   * passes to the session waiting for it, with that session's state, or is
   * removed for everyone.
   */
  release(holder: AwarenessHolder): void {
    for (const [clientId, claim] of this.waiting) if (claim.claimant === holder) this.waiting.delete(clientId)
    const removed: number[] = []
    const passed: WaitingClaim[] = []
    for (const clientId of holder.awarenessClientIds) {
      const claim = this.waiting.get(clientId)
      this.waiting.delete(clientId)
      if (claim?.claimant.isOpen) passed.push(claim)
      else removed.push(clientId)
    }
    for (const { claimant, entry } of passed) this.hold(entry.clientId, { holder: claimant, member: claimant })
    awarenessProtocol.removeAwarenessStates(this.awareness, removed, holder)
    // Ids held whose state never showed (a first state at clock 0, which y-protocols ignores) had nothing to remove.
    this.forget(removed)
    for (const { claimant, entry } of passed) this.apply([entry], claimant)
  }

  /** States were removed (by their holder, a leave or a timeout): nobody holds those ids any more. */
  forget(clientIds: readonly number[]): void {
    for (const clientId of clientIds) {
      this.holdings.get(clientId)?.holder.awarenessClientIds.delete(clientId)
      this.holdings.delete(clientId)
      this.waiting.delete(clientId)
    }
  }

  /** The entry to keep (possibly with a later clock), null to keep nothing yet, or why it is dropped. */
  private decide(member: AwarenessMember, entry: AwarenessEntry, introducing: boolean): AwarenessEntry | AwarenessDropReason | null {
    const { clientId } = entry
    const holding = this.holdings.get(clientId)
    const claim = this.waiting.get(clientId)
    if (holding?.holder === member) {
      // The holder is alive: whoever waited for its id waits no more.
      this.waiting.delete(clientId)
      return entry
    }
    if (claim?.claimant === member) {
      if (entry.clock >= claim.entry.clock) claim.entry = entry
      return null
    }
    if (!holding) return this.claimFree(member, entry, introducing)
    if (!holding.member) return 'held-by-another-instance'
    if (!introducing || entry.state === null || claim || differentPeople(member, holding.member)) return 'held-by-another-session'
    if (!this.hasRoom(member)) return 'ids-per-session'
    if (!holding.member.isOpen) {
      this.hold(clientId, { holder: member, member })
      return entry
    }
    this.waiting.set(clientId, { claimant: member, entry })
    holding.member.requestProofOfLife()
    return null
  }

  /**
   * An id nobody holds: a new one, or a state newer than the last one seen,
   * is kept; so is a session's introduction at the clock it had (a reconnect
   * after its old connection was removed), moved one past that clock so
   * every member shows it again. An older state from anyone else is a relay
   * of someone who left, and a removal has nothing to remove.
   */
  private claimFree(member: AwarenessMember, entry: AwarenessEntry, introducing: boolean): AwarenessEntry | AwarenessDropReason {
    if (entry.state === null) return 'not-present'
    const lastClock = this.awareness.meta.get(entry.clientId)?.clock
    const current = lastClock === undefined || entry.clock > lastClock
    if (!current && !introducing) return 'not-present'
    if (!this.hasRoom(member)) return 'ids-per-session'
    this.hold(entry.clientId, { holder: member, member })
    return current ? entry : { ...entry, clock: lastClock + 1 }
  }

  private hasRoom(member: AwarenessMember): boolean {
    let count = member.awarenessClientIds.size
    for (const claim of this.waiting.values()) if (claim.claimant === member) count++
    return count < this.limits.maxIdsPerSession
  }

  private hold(clientId: number, holding: Holding): void {
    this.holdings.get(clientId)?.holder.awarenessClientIds.delete(clientId)
    this.holdings.set(clientId, holding)
    holding.holder.awarenessClientIds.add(clientId)
  }

  private apply(entries: readonly AwarenessEntry[], origin: AwarenessHolder): void {
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), origin)
  }
}

/** Both sessions carry a verified subject, and they differ. */
function differentPeople(a: AwarenessMember, b: AwarenessMember): boolean {
  return a.identity.subject !== null && b.identity.subject !== null && a.identity.subject !== b.identity.subject
}
