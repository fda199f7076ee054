/**
 * The default RoomBus: delivers within this process only. A single server has
 * one room per id, so nothing is ever delivered and it behaves as before; two
 * registries sharing one bus behave like two instances (how the tests run the
 * multi-instance paths without Redis). Nothing is ever lost in a process, so
 * it never reports missed messages.
 */
import type { RoomBus, RoomBusListener, RoomSubscription } from './room-bus.ts'

/** One subscription: its own instance name, so that the same listener subscribed twice counts as two instances. */
interface Subscriber {
  readonly listener: RoomBusListener
  readonly instance: string
}

export class InProcessBus implements RoomBus {
  private readonly rooms = new Map<string, Set<Subscriber>>()
  private subscriptions = 0

  async subscribe(room: string, listener: RoomBusListener): Promise<RoomSubscription> {
    let subscribers = this.rooms.get(room)
    if (!subscribers) {
      subscribers = new Set()
      this.rooms.set(room, subscribers)
    }
    const self: Subscriber = { listener, instance: `in-process-${++this.subscriptions}` }
    subscribers.add(self)
    const members = subscribers
    // Delivered on a later microtask, as a network bus would; skipped if the receiver left meanwhile.
    const deliver = (call: (listener: RoomBusListener) => void) => {
      for (const other of members) {
        if (other !== self) queueMicrotask(() => members.has(other) && call(other.listener))
      }
    }
    return {
      publishUpdate: (seq, update) => deliver((other) => other.onUpdate({ room, seq, update, from: self.instance })),
      publishAwareness: (update) => deliver((other) => other.onAwareness({ room, update, from: self.instance })),
      unsubscribe: () => {
        members.delete(self)
        if (members.size === 0 && this.rooms.get(room) === members) this.rooms.delete(room)
      },
    }
  }

  /** Delivered to every subscription of the room: the announcing registry dropped its own room (and subscription) first. */
  async announceDeletion(room: string): Promise<void> {
    const subscribers = this.rooms.get(room)
    for (const subscriber of subscribers ?? []) queueMicrotask(() => subscribers!.has(subscriber) && subscriber.listener.onDeleted())
  }

  async checkReachable(): Promise<void> {}

  async close(): Promise<void> {}
}
