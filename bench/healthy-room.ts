/**
 * Two well-behaved clients editing one room the whole time bench/hostile.ts
 * runs its battery (or while an attack aims at their room), and a check that
 * the room still converges: each client sets a fresh marker and both must see
 * the other's.
 */
import type * as Y from 'yjs'
import { connectBenchClient, type BenchClient } from './bench-client.ts'
import { sleep, withTimeout } from './scenario.ts'
import type { BenchServer } from './servers.ts'

export const EDIT_INTERVAL_MS = 20
const SYNC_TIMEOUT_MS = 30_000
const POLL_MS = 10

export class HealthyRoom {
  private markers = 0
  private readonly editing: NodeJS.Timeout

  private constructor(
    private readonly alice: BenchClient,
    private readonly bob: BenchClient,
  ) {
    const text = alice.doc.getText('text')
    this.editing = setInterval(() => text.insert(text.length, '.'), EDIT_INTERVAL_MS)
  }

  static async open(server: BenchServer, room: string): Promise<HealthyRoom> {
    const alice = connectBenchClient(server, room)
    const bob = connectBenchClient(server, room)
    try {
      await withTimeout(Promise.all([alice.synced(), bob.synced()]), SYNC_TIMEOUT_MS, 'the healthy clients to sync')
    } catch (error) {
      alice.destroy()
      bob.destroy()
      throw error
    }
    return new HealthyRoom(alice, bob)
  }

  /** Milliseconds until each client saw the other's new marker; null when that took over `timeoutMs`. */
  async converges(timeoutMs: number): Promise<number | null> {
    const id = this.markers++
    const started = performance.now()
    const markers = (client: BenchClient): Y.Map<boolean> => client.doc.getMap('markers')
    markers(this.alice).set(`alice-${id}`, true)
    markers(this.bob).set(`bob-${id}`, true)
    while (!(markers(this.alice).has(`bob-${id}`) && markers(this.bob).has(`alice-${id}`))) {
      if (performance.now() - started > timeoutMs) return null
      await sleep(POLL_MS)
    }
    return performance.now() - started
  }

  /** The close code of every connection either client lost so far (1006 where none was given). */
  get closeCodes(): readonly number[] {
    return [...this.alice.closeCodes, ...this.bob.closeCodes]
  }

  private closed = false

  /** Stops editing and disconnects both clients; once. */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.editing)
    this.alice.destroy()
    this.bob.destroy()
  }
}
