/**
 * How the instances serving one room hear of each other's changes. The room
 * publishes an update once it is durable (with the seq the store gave it) and
 * every awareness change its own members make; it applies what it hears with
 * a remote origin and only relays that to its members.
 *
 * An implementation must guarantee:
 * - once `subscribe` resolves, every message published afterwards by another
 *   subscription of the room reaches the listener (so a room subscribes before
 *   it loads, and nothing written meanwhile slips between load and listen);
 * - a message is never delivered back to the subscription that published it;
 * - messages of one publisher reach a listener in the order they were published;
 * - listeners are called asynchronously, never inside `publish*`, so a room is
 *   never re-entered from its own update handler.
 * Delivery across processes may still lose a message (a dropped connection):
 * receivers detect that as a gap in `seq` and heal from the store.
 */

/** A durable update of a room: the record the store holds as `seq`. */
export interface RoomUpdateMessage {
  readonly room: string
  readonly seq: number
  readonly update: Uint8Array
}

/** An awareness change of a room, as y-protocols awareness update bytes. */
export interface RoomAwarenessMessage {
  readonly room: string
  readonly update: Uint8Array
}

export interface RoomBusListener {
  onUpdate(message: RoomUpdateMessage): void
  onAwareness(message: RoomAwarenessMessage): void
}

/** One room's place on the bus: what it publishes is heard by every other subscription of the room. */
export interface RoomSubscription {
  /** Call only once `update` is durable as record `seq`. */
  publishUpdate(seq: number, update: Uint8Array): void
  publishAwareness(update: Uint8Array): void
  unsubscribe(): void
}

export interface RoomBus {
  subscribe(room: string, listener: RoomBusListener): Promise<RoomSubscription>
}
