/**
 * The cluster RoomBus (REDIS_URL): Redis pub/sub, one channel per room plus
 * one channel where instances announce themselves.
 *
 * Why pub/sub and not Streams. Pub/sub pushes each message the moment it is
 * published, costs Redis nothing per room beyond a subscription, and keeps no
 * data in Redis. It does not guarantee delivery, but every way it loses a
 * message is one this bus observes, and the rooms then catch up from the
 * store (where every published update already is, with its seq):
 * - this instance's connection to Redis broke (Redis restarted, the network
 *   failed, Redis dropped a subscriber that fell behind its output buffer):
 *   on reconnecting it subscribes again, then tells every room it may have
 *   missed messages (`onMissedMessages`);
 * - a publisher died after storing an update and before publishing it: its
 *   heartbeats stop, and within the timeout every room hears `onInstanceGone`;
 * - anything else shows as a seq that stays missing (the room's gap watch).
 * Streams would lose messages in those same cases (Redis restarted without
 * persistence, a publisher dying, a reader trimmed past), so they would need
 * the same healing, and add a stream per room to store, trim and expire, and
 * a blocking XREAD naming every room of the instance on each round trip.
 *
 * Publishing goes through ioredis' offline queue without a retry limit: what
 * an instance publishes during a Redis outage is sent, in order, once Redis is
 * back (memory grows with the outage; the updates themselves are stored).
 */
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Metrics } from '../observability/metrics.ts'
import { decodeInstanceMessage, decodeRoomMessage, encodeInstanceMessage, encodeRoomMessage, type RoomWireMessage } from './bus-messages.ts'
import { InstanceRoster } from './instance-roster.ts'
import { redisStartError } from './redis-start-errors.ts'
import type { InstanceExit, RoomBus, RoomBusListener, RoomSubscription } from './room-bus.ts'

export interface RedisBusOptions {
  /** redis:// or rediss:// URL (may carry a password; never logged). */
  url: string
  /** This instance's name on the bus (Config.instanceId: also on its log lines); a restart is a new instance. */
  instance: string
  logger: Logger
  metrics: Metrics
  /** How often this instance says it is alive. */
  heartbeatIntervalMs: number
  /** An instance not heard from for this long is gone: its awareness states are removed. */
  instanceTimeoutMs: number
  /** Prefix of every channel, so clusters can share one Redis. */
  channelPrefix: string
}

/** How long /readyz and the goodbye wait for Redis before saying it does not answer. */
const REDIS_ANSWER_TIMEOUT_MS = 1000

/** One subscription, wrapped so that the same listener subscribed twice counts twice. */
interface Subscriber {
  readonly listener: RoomBusListener
}

export class RedisBus implements RoomBus {
  private readonly rooms = new Map<string, Set<Subscriber>>()
  private readonly roster: InstanceRoster
  private readonly instancesChannel: string
  private heartbeat: NodeJS.Timeout | null = null
  /** Connections that broke and are not back yet; the subscriber's also means messages may have been missed. */
  private readonly lost = new Set<'publisher' | 'subscriber'>()
  private closed = false

  private constructor(
    readonly instance: string,
    private readonly options: RedisBusOptions,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
  ) {
    this.roster = new InstanceRoster(options.instanceTimeoutMs)
    this.instancesChannel = `${options.channelPrefix}instances`
  }

  /** Connects both connections and joins the cluster; rejects with a StartupError saying why Redis cannot be used. */
  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    const common = { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) }
    const { instance } = options
    // Named for CLIENT LIST. The subscriber resubscribes itself (onSubscriberReady) so it knows when that is done.
    const subscriber = new Redis(options.url, { ...common, autoResubscribe: false, connectionName: `seed-bus-subscriber:${instance}` })
    const publisher = new Redis(options.url, { ...common, connectionName: `seed-bus-publisher:${instance}` })
    // Listening from the start: without a listener ioredis prints each error with its stack ("Unhandled error event").
    const startErrors: unknown[] = []
    let starting = true
    for (const [role, connection] of [['subscriber', subscriber], ['publisher', publisher]] as const) {
      connection.on('error', (error: Error) => {
        if (starting) startErrors.push(error)
        // ioredis reports each failed attempt; the reconnect loop is what handles them.
        options.logger.debug({ err: error }, `Redis ${role} connection error`)
      })
    }
    const bus = new RedisBus(instance, options, publisher, subscriber)
    try {
      // Without a retry limit, a Redis that is down would make these wait forever: start fails instead.
      await withTimeout(Promise.all([publisher.connect(), subscriber.connect()]), 5000, 'no answer within 5 s')
      // A database past Redis' `databases` is an error event, after which ioredis goes on in database 0.
      if (startErrors.length > 0) throw startErrors.at(-1)
      await bus.start()
    } catch (cause) {
      publisher.disconnect()
      subscriber.disconnect()
      throw redisStartError(options.url, [...startErrors, cause])
    }
    options.metrics.watchRedis(() => ({ publisher: publisher.status === 'ready', subscriber: subscriber.status === 'ready' }))
    starting = false
    return bus
  }

  async subscribe(room: string, listener: RoomBusListener): Promise<RoomSubscription> {
    let subscribers = this.rooms.get(room)
    if (!subscribers) {
      subscribers = new Set()
      this.rooms.set(room, subscribers)
    }
    const self: Subscriber = { listener }
    subscribers.add(self)
    const members = subscribers
    const channel = this.roomChannel(room)
    // While disconnected, the reconnect subscribes every room and reports missed messages.
    if (this.subscriber.status === 'ready') await this.subscriber.subscribe(channel)
    return {
      publishUpdate: (seq, update) => this.publish(channel, { kind: 'update', from: this.instance, seq, update }),
      publishAwareness: (update) => this.publish(channel, { kind: 'awareness', from: this.instance, update }),
      unsubscribe: () => {
        members.delete(self)
        if (members.size > 0 || this.rooms.get(room) !== members) return
        this.rooms.delete(room)
        if (this.subscriber.status === 'ready') {
          this.subscriber.unsubscribe(channel).catch((error: unknown) => this.options.logger.warn({ room, err: error }, 'could not unsubscribe from a room channel'))
        }
      },
    }
  }

  async announceDeletion(room: string): Promise<void> {
    const message: RoomWireMessage = { kind: 'deleted', from: this.instance }
    this.options.metrics.busMessages.inc({ direction: 'out', kind: message.kind })
    await this.publisher.publish(this.roomChannel(room), Buffer.from(encodeRoomMessage(message)))
  }

  async checkReachable(): Promise<void> {
    for (const [role, connection] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      if (connection.status !== 'ready') throw new Error(`Redis ${role} connection is ${connection.status}`)
    }
    await withTimeout(this.publisher.ping(), REDIS_ANSWER_TIMEOUT_MS, `Redis did not answer a ping within ${REDIS_ANSWER_TIMEOUT_MS} ms`)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    if (this.publisher.status === 'ready') {
      const goodbye = this.publisher.publish(this.instancesChannel, Buffer.from(encodeInstanceMessage({ kind: 'goodbye', from: this.instance })))
      await withTimeout(goodbye, REDIS_ANSWER_TIMEOUT_MS, 'goodbye not confirmed').catch(() => undefined)
    }
    this.subscriber.disconnect()
    this.publisher.disconnect()
  }

  private async start(): Promise<void> {
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message))
    this.subscriber.on('ready', () => void this.onSubscriberReady())
    this.subscriber.on('close', () => this.onConnectionLost('subscriber'))
    this.publisher.on('close', () => this.onConnectionLost('publisher'))
    this.publisher.on('ready', () => this.lost.delete('publisher'))
    await this.subscriber.subscribe(this.instancesChannel)
    this.sendHeartbeat()
    this.heartbeat = setInterval(() => {
      this.sendHeartbeat()
      this.expireSilentInstances()
    }, this.options.heartbeatIntervalMs)
    this.options.logger.info({ instance: this.instance }, 'joined the cluster over Redis')
  }

  private onConnectionLost(role: 'publisher' | 'subscriber'): void {
    // Every failed reconnect attempt closes again: say it once.
    if (this.closed || this.lost.has(role)) return
    this.lost.add(role)
    this.options.logger.warn({ connection: role }, 'lost the connection to Redis; reconnecting')
  }

  /** After a reconnect: subscribe to everything again, then every room catches up on what it may have missed meanwhile. */
  private async onSubscriberReady(): Promise<void> {
    if (!this.lost.has('subscriber') || this.closed) return
    try {
      await this.subscriber.subscribe(this.instancesChannel, ...[...this.rooms.keys()].map((room) => this.roomChannel(room)))
    } catch (error) {
      // The connection broke again: the next 'ready' does all of this.
      this.options.logger.warn({ err: error }, 'could not subscribe again after reconnecting to Redis')
      return
    }
    this.lost.delete('subscriber')
    this.roster.restartTimeouts(Date.now())
    this.options.logger.info({ rooms: this.rooms.size }, 'reconnected to Redis; rooms catch up from the store')
    for (const subscribers of this.rooms.values()) for (const { listener } of subscribers) listener.onMissedMessages()
  }

  private publish(channel: string, message: RoomWireMessage): void {
    this.options.metrics.busMessages.inc({ direction: 'out', kind: message.kind })
    this.publisher.publish(channel, Buffer.from(encodeRoomMessage(message))).catch((error: unknown) => {
      // Only when the connection is given up (closing): receivers find the gap and read the store.
      this.options.metrics.busPublishErrors.inc()
      this.options.logger.warn({ err: error }, 'could not publish to Redis')
    })
  }

  private sendHeartbeat(): void {
    // Not queued while disconnected: a burst of stale heartbeats after an outage would say nothing.
    if (this.publisher.status !== 'ready') return
    this.publisher.publish(this.instancesChannel, Buffer.from(encodeInstanceMessage({ kind: 'heartbeat', from: this.instance }))).catch(() => undefined)
  }

  private expireSilentInstances(): void {
    // Hearing nothing while disconnected says nothing of the others.
    if (this.lost.has('subscriber')) return
    for (const instance of this.roster.expire(Date.now())) {
      this.options.logger.warn({ instance }, 'an instance stopped sending heartbeats; removing its awareness states')
      this.instanceGone(instance, 'silent')
    }
  }

  private instanceGone(instance: string, how: InstanceExit): void {
    this.options.metrics.busInstances.set(this.roster.size + 1)
    for (const subscribers of this.rooms.values()) for (const { listener } of subscribers) listener.onInstanceGone(instance, how)
  }

  private heard(instance: string): void {
    if (!this.roster.heard(instance, Date.now())) return
    this.options.metrics.busInstances.set(this.roster.size + 1)
    this.options.logger.info({ instance }, 'an instance joined the cluster')
  }

  private receive(channel: string, bytes: Buffer): void {
    try {
      if (channel === this.instancesChannel) this.receiveInstanceMessage(bytes)
      else this.receiveRoomMessage(channel.slice(this.roomChannel('').length), bytes)
    } catch (error) {
      this.options.logger.error({ channel, err: error }, 'a message on the bus is not one of ours; ignored')
    }
  }

  private receiveInstanceMessage(bytes: Uint8Array): void {
    const message = decodeInstanceMessage(bytes)
    if (message.from === this.instance) return
    if (message.kind === 'heartbeat') {
      this.heard(message.from)
    } else if (this.roster.remove(message.from)) {
      this.options.logger.info({ instance: message.from }, 'an instance left the cluster')
      this.instanceGone(message.from, 'left')
    }
  }

  private receiveRoomMessage(room: string, bytes: Uint8Array): void {
    const message = decodeRoomMessage(bytes)
    if (message.from === this.instance) return
    this.heard(message.from)
    const subscribers = this.rooms.get(room)
    if (!subscribers) return
    this.options.metrics.busMessages.inc({ direction: 'in', kind: message.kind })
    for (const { listener } of subscribers) {
      if (message.kind === 'update') listener.onUpdate({ room, seq: message.seq, update: message.update, from: message.from })
      else if (message.kind === 'awareness') listener.onAwareness({ room, update: message.update, from: message.from })
      else listener.onDeleted()
    }
  }

  private roomChannel(room: string): string {
    return roomChannel(this.options.channelPrefix, room)
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function roomChannel(prefix: string, room: string): string {
  return `${prefix}room:${room}`
}

/**
 * Tells a cluster's instances that a room was deleted, from a process that is
 * not one of them (the seed tool deleting in the store directly): each drops
 * the room and closes its people, as when an instance announces it. `from`
 * names the sender; no instance has that id, so none ignores it as its own.
 */
export async function announceDeletionToCluster(cluster: { redisUrl: string; channelPrefix: string }, room: string, from: string): Promise<void> {
  const publisher = new Redis(cluster.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
  publisher.on('error', () => {})
  try {
    await withTimeout(publisher.connect(), REDIS_ANSWER_TIMEOUT_MS, `Redis did not answer within ${REDIS_ANSWER_TIMEOUT_MS} ms`)
    await publisher.publish(roomChannel(cluster.channelPrefix, room), Buffer.from(encodeRoomMessage({ kind: 'deleted', from })))
  } finally {
    publisher.disconnect()
  }
}
