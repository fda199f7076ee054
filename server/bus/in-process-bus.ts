/**
 * The default RoomBus: delivers within this process only. A single server has
 * one room per id, so nothing is ever delivered and it behaves as before; two
 * registries sharing one bus behave like two instances (how the tests run the
 * multi-instance paths without Redis).
 */
import type { RoomBus, RoomBusListener, RoomSubscription } from './room-bus.ts'

/** One subscription's listener, wrapped so that the same listener subscribed twice counts twice. */
interface Subscriber {
  readonly listener: RoomBusListener
}

export class InProcessBus implements RoomBus {
  private readonly rooms = new Map<string, Set<Subscriber>>()

  async subscribe(room: string, listener: RoomBusListener): Promise<RoomSubscription> {
    let subscribers = this.rooms.get(room)
    if (!subscribers) {
      subscribers = new Set()
      this.rooms.set(room, subscribers)
    }
    const self: Subscriber = { listener }
    subscribers.add(self)
    const members = subscribers
    // Delivered on a later microtask, as a network bus would; skipped if the receiver left meanwhile.
    const deliver = (call: (listener: RoomBusListener) => void) => {
      for (const other of members) {
        if (other !== self) queueMicrotask(() => members.has(other) && call(other.listener))
      }
    }
    return {
      publishUpdate: (seq, update) => deliver((other) => other.onUpdate({ room, seq, update })),
      publishAwareness: (update) => deliver((other) => other.onAwareness({ room, update })),
      unsubscribe: () => {
        members.delete(self)
        if (members.size === 0 && this.rooms.get(room) === members) this.rooms.delete(room)
      },
    }
  }
}
