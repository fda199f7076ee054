/**
 * How the instances serving one room hear of each other's changes. The room
 * publishes an update once it is durable (with the seq the store gave it) and
 * every awareness change its own members make; it applies what it hears with
 * a remote origin and only relays that to its members.
 *
 * An implementation must guarantee:
 * - once `subscribe` resolves, every message published afterwards by another
 *   subscription of the room reaches the listener, or the listener is told it
 *   may have missed some (`onMissedMessages`); so a room subscribes before it
 *   loads, and nothing written meanwhile slips between load and listen;
 * - a message is never delivered back to the subscription that published it;
 * - messages of one publisher reach a listener in the order they were published;
 * - listeners are called asynchronously, never inside `publish*`, so a room is
 *   never re-entered from its own update handler;
 * - an instance that stops without saying so is reported gone (`onInstanceGone`)
 *   within a bounded time, so the awareness states it brought can be removed;
 * - a deletion announced (`announceDeletion`) reaches every subscription of
 *   the room on the other instances (`onDeleted`), after every update the
 *   announcing instance published before it; the announcing instance closes
 *   its own members itself and is not told.
 * What a bus may still lose, a receiver heals from the store: a gap in `seq`
 * that does not fill, a bus that reconnected, a publisher that died between
 * storing an update and publishing it.
 */

/** A durable update of a room: the record the store holds as `seq`. */
export interface RoomUpdateMessage {
  readonly room: string
  readonly seq: number
  readonly update: Uint8Array
  /** The instance that stored and published it. */
  readonly from: string
}

/** An awareness change of a room, as y-protocols awareness update bytes. */
export interface RoomAwarenessMessage {
  readonly room: string
  readonly update: Uint8Array
  /** The instance whose members made the change. */
  readonly from: string
}

/** 'left': said goodbye after its last message; 'silent': stopped sending heartbeats (crashed, hung, cut off). */
export type InstanceExit = 'left' | 'silent'

export interface RoomBusListener {
  onUpdate(message: RoomUpdateMessage): void
  onAwareness(message: RoomAwarenessMessage): void
  /** Messages may have been lost (the bus was disconnected): catch up from the store. */
  onMissedMessages(): void
  /**
   * The instance stopped: drop the awareness states it brought. When it went
   * silent (missed its heartbeats) rather than saying goodbye after publishing
   * everything, also catch up from the store: it may have died between
   * storing an update and publishing it.
   */
  onInstanceGone(instance: string, how: InstanceExit): void
  /** The room was deleted by another instance (its records are gone already): close its members and drop it without storing anything. */
  onDeleted(): void
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
  /** Resolves when the bus can deliver now; rejects saying why not (for /readyz). */
  /**
   * Tells the other instances that hold the room that it was deleted; call
   * once the store deleted it. Resolves once the bus took the message (a
   * bus that is disconnected sends it when it is back).
   */
  announceDeletion(room: string): Promise<void>
  checkReachable(): Promise<void>
  /** Says goodbye to the other instances and disconnects; call after every room is unloaded. */
  close(): Promise<void>
}
