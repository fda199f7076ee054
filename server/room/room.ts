/**
 * One collaborative document in memory: its Y.Doc, its awareness, the members
 * editing it here, and the rules for what each incoming message does.
 * Everything that reveals document state to others goes through the room log,
 * so nobody sees an update that is not stored yet.
 *
 * Two kinds of update reach the document, told apart by transaction origin:
 * local ones (from a member) are logged, then relayed and published on the
 * bus once durable; remote ones (another instance stored and published them)
 * are only relayed to the members here: never stored or published again.
 * What the bus lost (a seq that stays missing, a reconnect, an instance that
 * died between storing and publishing) the room catches up on from the store.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Logger } from 'pino'
import type { InstanceExit, RoomAwarenessMessage, RoomBus, RoomSubscription, RoomUpdateMessage } from '../bus/room-bus.ts'
import { LimitExceededError, ProtocolError, RoomDeletedError, RoomLoadError, type StoreWriteError } from '../errors.ts'
import type { Identity, Permission } from '../admission/authorization.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { CloseReason } from '../close-reason.ts'
import type { DocumentStore, SetAsideRecord, StoredRoom, Writer } from '../storage/document-store.ts'
import { decodeMessage } from '../protocol/decode-message.ts'
import { assertReadableUpdate } from '../protocol/validate-update.ts'
import { encodeAwarenessUpdate, encodeSyncStep1, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { decodeAwarenessUpdate, encodeAwarenessStates, type AwarenessLimits } from './awareness-guard.ts'
import { AwarenessOwnership, type AwarenessMember } from './awareness-ownership.ts'
import { RoomLog } from './room-log.ts'
import type { DocumentView, RoomEvents } from './room-events.ts'
import { SyncReplies } from './sync-replies.ts'

/**
 * What a room needs from a member (a session). An implementation must:
 * never throw from `send` or `close`; after `close`, drop further frames;
 * keep `awarenessClientIds` as the room fills it (the room removes those
 * states for everyone when the member leaves); keep `permission` as admitted
 * (the room drops every document change from a 'view' member).
 */
export interface RoomMember extends AwarenessMember {
  readonly id: string
  readonly permission: Permission
  /** Who the member's credentials name: what its changes are attributed to (see writerOf). */
  readonly identity: Identity
  send(frame: Uint8Array): void
  /** The messages that together answer a sync step 1, in order (several for a large document). */
  sendSyncReply(frames: readonly Uint8Array[]): void
  close(reason: CloseReason): void
}

export interface RoomOptions {
  store: DocumentStore
  bus: RoomBus
  logger: Logger
  metrics: Metrics
  compactAfterUpdates: number
  /** Updates that would grow the stored document past this are refused. */
  maxDocumentBytes: number
  /** The room can no longer store updates; the registry drops it. */
  onWriteFailure: (room: Room, error: StoreWriteError) => void
  /** Awareness client ids per member and bytes per state (awareness-guard.ts). */
  awarenessLimits: AwarenessLimits
  /** Stored records the room was loaded (or caught up) without: Yjs cannot read them. */
  onRecordsSetAside: (records: readonly SetAsideRecord[]) => void
  /** Where the room says what happened to it (created by its first write, durable batches, compactions). */
  events: RoomEvents
  /**
   * The room was deleted elsewhere (another instance said so on the bus, or a
   * catch-up found its tombstone: the store was deleted from directly, or the
   * bus lost the announcement): the registry closes its members and drops it.
   */
  onDeletedElsewhere: (room: Room) => void
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

/** A sync reply larger than this goes out as several messages of about this size (stock clients give up on one that takes 30 s). */
const SYNC_CHUNK_BYTES = 512 * 1024
/** A stored record up to this size may go out as it is, one message of a first sync after a load (larger ones are cut: messages stay under 1 MB). */
const MAX_RECORD_FRAME_BYTES = 1_000_000
/** How long the messages of a large sync reply stay shared with clients that join after. */
const SHARED_SYNC_REPLY_KEEP_MS = 30_000

/** The transaction origin of everything heard on the bus: stored elsewhere already. */
const REMOTE_ORIGIN = Symbol('remote instance')

/** The transaction origin of a change the server makes (applyServerChange, applyServerUpdate): stored and sent to every member, attributed to `writer`. */
class ServerChange {
  constructor(readonly writer: Writer) {}
}

/** A name from an awareness state longer than this is cut: it is kept in the document's metadata. */
const MAX_WRITER_NAME_LENGTH = 200

/**
 * Another instance, as the origin of the awareness states it relays: the
 * states it brought, removed when it is gone.
 */
class RemoteInstance {
  readonly awarenessClientIds = new Set<number>()
  constructor(readonly id: string) {}
}

/** Why a room read the store again while loaded (the label of seed_bus_gaps_healed_total). */
export type CatchUpReason = 'gap' | 'reconnect' | 'instance-gone'

/**
 * How long a missing seq may stay missing before the room reads it from the
 * store: records of different instances may arrive out of seq order, so a gap
 * is normal for the time one message takes; one that outlives this was lost.
 */
const GAP_GRACE_MS = 1000
/** Wait before trying again when the store could not be read to catch up. */
const CATCH_UP_RETRY_MS = 2000

export class Room {
  readonly members = new Set<RoomMember>()
  readonly awareness: awarenessProtocol.Awareness
  /** Who holds each awareness client id: only the holder may change its state. */
  private readonly awarenessOwnership: AwarenessOwnership
  private readonly log: RoomLog
  private readonly syncReplies: SyncReplies
  /**
   * Stored size of the document: exact after a compaction, an upper bound in
   * between (the sum of the updates since), which is what the limit guards.
   */
  private documentBytes: number
  private destroyed = false
  /** View-only members whose first dropped change was logged as a warning (later ones at debug level). */
  private readonly warnedViewers = new WeakSet<RoomMember>()
  private readonly remoteInstances = new Map<string, RemoteInstance>()
  private gapTimer: NodeJS.Timeout | null = null
  private catchUpRetryTimer: NodeJS.Timeout | null = null
  private catchingUp = false
  private catchUpRequested: CatchUpReason | null = null
  /** The load found neither records nor a creation record: the write stored as seq 1 creates the room. */
  private createdByFirstWrite: boolean
  /** What room event listeners may read. */
  readonly view: DocumentView
  /** The highest seq the load read. */
  readonly loadedThroughSeq: number

  private constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    loaded: { records: number; lastSeq: number; bytes: number; unrecorded: boolean },
    private readonly subscription: RoomSubscription,
    private readonly options: RoomOptions,
  ) {
    this.documentBytes = loaded.bytes
    this.createdByFirstWrite = loaded.unrecorded
    this.loadedThroughSeq = loaded.lastSeq
    const currentBytes = () => this.documentBytes
    this.view = {
      doc,
      get bytes() {
        return currentBytes()
      },
    }
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server itself has no cursor; only clients publish awareness states.
    this.awareness.setLocalState(null)
    this.awarenessOwnership = new AwarenessOwnership(this.awareness, options.awarenessLimits)
    this.syncReplies = new SyncReplies(doc, { chunkBytes: SYNC_CHUNK_BYTES, maxRecordFrameBytes: MAX_RECORD_FRAME_BYTES, keepMs: SHARED_SYNC_REPLY_KEEP_MS })
    this.log = new RoomLog({
      store: options.store,
      roomId: id,
      loaded,
      compactAfterUpdates: options.compactAfterUpdates,
      snapshot: () => {
        const update = Y.encodeStateAsUpdate(doc)
        this.documentBytes = update.byteLength
        return update
      },
      onBatchWritten: ({ seq, record, seconds, writers }) => {
        options.metrics.storeWriteSeconds.observe(seconds)
        subscription.publishUpdate(seq, record)
        this.watchForGap()
        // Exactly one writer of the cluster stores seq 1 (seqs have no holes).
        if (this.createdByFirstWrite && seq === 1) options.events.emit({ type: 'created', room: id, at: Date.now() })
        this.createdByFirstWrite = false
        options.events.emit({ type: 'batch', room: id, fromSeq: seq, toSeq: seq, writers, bytes: record.byteLength, document: this.view })
      },
      onWriteFailure: (error) => {
        options.metrics.storeErrors.inc({ operation: 'write' })
        options.onWriteFailure(this, error)
      },
      onCompacted: ({ upToSeq, bytes }) => options.events.emit({ type: 'compacted', room: id, upToSeq, bytes }),
    })
    doc.on('update', this.onDocumentUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /**
   * Listens on the bus, then reads the room from the store: what another
   * instance stores meanwhile is heard and applied, and the room is complete
   * before anyone is served.
   */
  static async load(id: string, options: RoomOptions): Promise<Room> {
    const doc = new Y.Doc()
    // What the bus says between subscribing and the end of the load, in order.
    const heard: Array<(room: Room) => void> = []
    let room: Room | null = null
    const whenLoaded = (call: (room: Room) => void) => (room ? call(room) : heard.push(call))
    let subscription: RoomSubscription | null = null
    try {
      subscription = await options.bus.subscribe(id, {
        onUpdate: (message) => whenLoaded((loaded) => loaded.applyRemoteUpdate(message)),
        onAwareness: (message) => whenLoaded((loaded) => loaded.applyRemoteAwareness(message)),
        onMissedMessages: () => whenLoaded((loaded) => loaded.catchUp('reconnect')),
        onInstanceGone: (instance, how) => whenLoaded((loaded) => loaded.forgetInstance(instance, how)),
        onDeleted: () => whenLoaded((loaded) => options.onDeletedElsewhere(loaded)),
      })
      const stored = await options.store.loadRoom(id)
      if (stored.deleted) throw new RoomDeletedError(id)
      // Only a room without records may be one nobody created (cheap: reads no update).
      const unrecorded = stored.lastSeq === 0 && (await options.store.roomInfo(id)) === null
      if (stored.setAside.length > 0) options.onRecordsSetAside(stored.setAside)
      let bytes = 0
      doc.transact(() => {
        for (const update of stored.updates) {
          Y.applyUpdate(doc, update)
          bytes += update.byteLength
        }
      })
      // Records set aside count: the room's next compaction must replace them.
      room = new Room(id, doc, { records: stored.updates.length + stored.setAside.length, lastSeq: stored.lastSeq, bytes, unrecorded }, subscription, options)
      room.syncReplies.seedFromRecords(stored.updates, bytes)
    } catch (cause) {
      subscription?.unsubscribe()
      doc.destroy()
      if (cause instanceof RoomDeletedError) throw cause
      options.metrics.storeErrors.inc({ operation: 'load' })
      throw new RoomLoadError(id, { cause })
    }
    // Updates the load already read (seq <= its lastSeq) are skipped; a gap up to the first one heard heals from the store.
    for (const call of heard) call(room)
    return room
  }

  join(member: RoomMember): void {
    this.members.add(member)
    member.send(encodeSyncStep1(this.doc))
    if (this.awareness.getStates().size > 0) member.send(this.everyonesAwareness())
  }

  /** Removes a member and, for everyone else, the awareness states it brought. */
  leave(member: RoomMember): void {
    if (!this.members.delete(member)) return
    this.awarenessOwnership.release(member)
  }

  /** Handles one frame; throws a SessionEndingError when the frame must end the member's session. */
  receive(member: RoomMember, frame: Uint8Array): void {
    const message = decodeMessage(frame)
    switch (message.kind) {
      case 'sync-step-1':
        this.answerSyncStep1(member, message.stateVector)
        return
      case 'sync-step-2':
      case 'sync-update':
        if (member.permission === 'view') this.dropViewerUpdate(member)
        else this.applyUpdateFrom(message.update, member)
        return
      case 'awareness':
        this.applyAwareness(member, message.update)
        return
      case 'query-awareness':
        member.send(this.everyonesAwareness())
        return
      case 'auth':
        return
    }
  }

  /** Whether updates were applied that the store does not hold yet. */
  get hasUnstoredUpdates(): boolean {
    return this.log.unstoredCount > 0
  }

  /**
   * Changes the document as a member would: `change` runs in one transaction
   * whose update is stored before anyone sees it, then sent to every member
   * here and published on the bus. Resolves once it is durable; rejects with
   * LimitExceededError (nothing changed) when it would take the document past
   * MAX_DOCUMENT_BYTES, or with the StoreWriteError when it could not be stored.
   *
   * The change runs on a copy of the document first, because a Yjs
   * transaction cannot be taken back and its size is known only once it ran;
   * copy, change and apply are one synchronous section, so nothing interleaves.
   */
  async applyServerChange(change: (doc: Y.Doc) => void, writer: Writer): Promise<void> {
    const copy = new Y.Doc()
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc))
      // Exactly what the change did (Yjs emits nothing for a change that changed nothing).
      let update: Uint8Array | null = null
      copy.on('update', (changed: Uint8Array) => {
        update = changed
      })
      copy.transact(() => change(copy))
      if (update) this.applyUpdateFrom(update, new ServerChange(writer))
    } finally {
      copy.destroy()
    }
    await this.log.whenDurable()
  }

  /**
   * Applies an encoded Yjs update (the document API's POST …/updates) as a
   * member's: the same size limit and the same strict reader, so it throws
   * LimitExceededError or ProtocolError before anything changes. Resolves once durable.
   */
  async applyServerUpdate(update: Uint8Array, writer: Writer): Promise<void> {
    this.applyUpdateFrom(update, new ServerChange(writer))
    await this.log.whenDurable()
  }

  /** Waits for every applied update to be stored. */
  flush(): Promise<void> {
    return this.log.flush()
  }

  /** Stores the room as one record and frees its memory. */
  async unload(): Promise<void> {
    try {
      await this.log.compact()
    } finally {
      this.destroy()
    }
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    if (this.gapTimer) clearTimeout(this.gapTimer)
    if (this.catchUpRetryTimer) clearTimeout(this.catchUpRetryTimer)
    this.subscription.unsubscribe()
    this.doc.off('update', this.onDocumentUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.syncReplies.dispose()
    this.doc.destroy()
  }

  private answerSyncStep1(member: RoomMember, stateVector: Uint8Array): void {
    let reply: Uint8Array[]
    try {
      reply = this.syncReplies.framesFor(stateVector, this.documentBytes)
    } catch (cause) {
      throw new ProtocolError(`Sync step 1 carries an invalid state vector (${describe(cause)}).`)
    }
    this.log.afterDurable(() => member.sendSyncReply(reply))
  }

  /**
   * A view-only member may read and show its presence, never change the
   * document: its updates and sync step 2 are dropped, its session stays open
   * (a reader's editor may still produce local changes, which are not an attack).
   */
  private dropViewerUpdate(member: RoomMember): void {
    this.options.metrics.viewOnlyUpdatesDropped.inc()
    const firstDrop = !this.warnedViewers.has(member)
    this.warnedViewers.add(member)
    this.options.logger[firstDrop ? 'warn' : 'debug']({ room: this.id, session: member.id }, 'dropped a document change from a view-only session')
  }

  /** Applies an update from a member or the server (`origin`); throws a SessionEndingError, with nothing changed, for one it refuses. */
  private applyUpdateFrom(update: Uint8Array, origin: RoomMember | ServerChange): void {
    if (this.documentBytes + update.byteLength > this.options.maxDocumentBytes) {
      throw new LimitExceededError('document-size', 'documentTooLarge', `Document would exceed ${this.options.maxDocumentBytes} bytes; this change was not saved`)
    }
    // Before anything sees it: an update the stores' and merges' reader refuses would fail the room's writes for everyone.
    try {
      assertReadableUpdate(update)
    } catch (error) {
      throw new ProtocolError(`The update does not decode: ${describe(error)}. Send updates as Yjs encodes them.`)
    }
    const pendingBefore = pendingOf(this.doc)
    try {
      Y.applyUpdate(this.doc, update, origin)
    } catch (cause) {
      throw new ProtocolError(`Yjs rejected the update (${describe(cause)}).`)
    }
    /*
     * Structs or deletions whose dependencies are missing wait in Yjs' pending
     * store and emit no 'update' event, yet encodeStateAsUpdate serves them to
     * the next client that syncs. So what is pending is stored (and its bytes
     * counted toward the size limit), as Yjs itself encoded it, never as the
     * client's bytes: the record is what this document holds and can read
     * back. Refusing such updates instead would be wrong: honest clients send
     * them, e.g. a tab whose edit builds on another tab's (shared over
     * BroadcastChannel) before that tab's own update reached the server.
     */
    const pendingAfter = pendingOf(this.doc)
    const leftPending =
      (pendingAfter.structs !== null && pendingAfter.structs !== pendingBefore.structs) || (pendingAfter.ds !== null && pendingAfter.ds !== pendingBefore.ds)
    if (leftPending) this.logLocalUpdate(pendingAsRecord(pendingAfter), origin)
  }

  /** The whole update is checked before any of it is kept (a bad one closes the sender); entries for ids the sender does not hold are dropped. */
  private applyAwareness(member: RoomMember, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update, this.options.awarenessLimits.maxStateBytes)
    const dropped = this.awarenessOwnership.applyFromMember(member, entries)
    if (dropped.size > 0) {
      this.options.logger.debug({ room: this.id, session: member.id, dropped: Object.fromEntries(dropped) }, 'dropped awareness entries the session may not set')
    }
  }

  private applyRemoteUpdate({ seq, update }: RoomUpdateMessage): void {
    // Heard during the load (and read by it), or read from the store by a catch-up: nothing to do.
    if (this.log.hasApplied(seq)) return
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)
    } catch (error) {
      this.options.logger.error({ room: this.id, seq, err: error }, 'an update heard on the bus does not apply; ignored')
      return
    }
    this.log.noteRemoteRecord(seq)
    this.watchForGap()
  }

  private applyRemoteAwareness({ update, from }: RoomAwarenessMessage): void {
    let instance = this.remoteInstances.get(from)
    if (!instance) {
      instance = new RemoteInstance(from)
      this.remoteInstances.set(from, instance)
    }
    try {
      const entries = decodeAwarenessUpdate(update, this.options.awarenessLimits.maxStateBytes)
      this.awarenessOwnership.applyFromInstance(instance, entries)
    } catch (error) {
      this.options.logger.error({ room: this.id, instance: from, err: error }, 'an awareness update heard on the bus is not valid; ignored')
    }
  }

  /** Another instance is gone: its members' carets go; if it went silent, what it stored but could not publish is read from the store. */
  private forgetInstance(id: string, how: InstanceExit): void {
    const instance = this.remoteInstances.get(id)
    this.remoteInstances.delete(id)
    if (instance) this.awarenessOwnership.release(instance)
    if (how === 'silent') this.catchUp('instance-gone')
  }

  /** Reads the store once a missing seq outlives the grace period. */
  private watchForGap(): void {
    const missing = this.log.missingSeq
    if (missing === null || this.gapTimer || this.destroyed) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null
      const stillMissing = this.log.missingSeq
      if (stillMissing === missing) this.catchUp('gap')
      else this.watchForGap()
    }, GAP_GRACE_MS)
  }

  /**
   * Applies every stored record (Yjs skips what the document holds): the
   * members get what the bus lost, relayed as any remote update. One read at
   * a time; a request during it runs once more after it.
   */
  private catchUp(reason: CatchUpReason): void {
    if (this.destroyed) return
    if (this.catchingUp) {
      this.catchUpRequested ??= reason
      return
    }
    this.catchingUp = true
    void this.readStoreAgain(reason).finally(() => {
      this.catchingUp = false
      const requested = this.catchUpRequested
      this.catchUpRequested = null
      if (requested) this.catchUp(requested)
    })
  }

  private async readStoreAgain(reason: CatchUpReason): Promise<void> {
    let stored: StoredRoom
    try {
      stored = await this.options.store.loadRoom(this.id)
    } catch (error) {
      this.options.metrics.storeErrors.inc({ operation: 'load' })
      this.options.logger.error({ room: this.id, err: error }, `could not read the room to catch up on missed updates; retrying in ${CATCH_UP_RETRY_MS} ms`)
      if (!this.destroyed) this.catchUpRetryTimer = setTimeout(() => this.catchUp(reason), CATCH_UP_RETRY_MS)
      return
    }
    if (this.destroyed) return
    // Deleted while this instance did not hear of it: serving on (or storing again) would bring it back.
    if (stored.deleted) return this.options.onDeletedElsewhere(this)
    if (stored.setAside.length > 0) this.options.onRecordsSetAside(stored.setAside)
    this.doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update)
    }, REMOTE_ORIGIN)
    this.log.noteCaughtUp({ records: stored.updates.length + stored.setAside.length, lastSeq: stored.lastSeq })
    this.options.metrics.busGapsHealed.inc({ reason })
    this.options.logger.debug({ room: this.id, reason, lastSeq: stored.lastSeq }, 'caught up from the store')
  }

  private readonly onDocumentUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE_ORIGIN) {
      this.documentBytes += update.byteLength
      const frame = encodeSyncUpdate(update)
      // Durable already; waiting only keeps members' order the document's order.
      this.log.afterDurable(() => {
        for (const member of this.members) member.send(frame)
      })
      return
    }
    this.logLocalUpdate(update, origin)
  }

  /** Stores an update applied here, then relays it to the other members (publishing happens as its batch is written). */
  private logLocalUpdate(update: Uint8Array, origin: unknown): void {
    this.documentBytes += update.byteLength
    this.log.append(update, this.writerOf(origin))
    const frame = encodeSyncUpdate(update)
    const receivedAt = performance.now()
    this.log.afterDurable(() => {
      for (const member of this.members) if (member !== origin) member.send(frame)
      this.options.metrics.broadcastSeconds.observe((performance.now() - receivedAt) / 1000)
    })
  }

  /**
   * Who made a local change: the server's writer, or a member as its
   * credentials name it, with the name its awareness shows when the
   * credentials carry none (open and links modes).
   */
  private writerOf(origin: unknown): Writer {
    if (origin instanceof ServerChange) return origin.writer
    if (!this.members.has(origin as RoomMember)) return { subject: null, name: null }
    const member = origin as RoomMember
    return { subject: member.identity.subject, name: member.identity.name ?? this.awarenessName(member) }
  }

  private awarenessName(member: RoomMember): string | null {
    for (const clientId of member.awarenessClientIds) {
      const user: unknown = (this.awareness.getStates().get(clientId) as { user?: unknown } | undefined)?.user
      const name: unknown = typeof user === 'object' && user !== null ? (user as { name?: unknown }).name : undefined
      if (typeof name === 'string' && name.trim() !== '') return name.trim().slice(0, MAX_WRITER_NAME_LENGTH)
    }
    return null
  }

  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed]
    const remote = origin instanceof RemoteInstance
    this.awarenessOwnership.forget(removed)
    const update = this.encodeAwareness(changed)
    if (!remote) this.subscription.publishAwareness(update)
    // Echoed to the sender too: a client alone in a room needs its own renewals
    // to keep the provider's 30 s idle timeout from firing.
    const frame = encodeAwarenessUpdate(update)
    for (const member of this.members) member.send(frame)
  }

  /** Everyone's awareness, as a joiner or a query gets it. */
  private everyonesAwareness(): Uint8Array {
    return encodeAwarenessUpdate(this.encodeAwareness([...this.awareness.getStates().keys()]))
  }

  /** Never fails: a state that cannot be encoded (none passes the guard; this is the second line) is removed, so it cannot fail a join. */
  private encodeAwareness(clientIds: readonly number[]): Uint8Array {
    const { update, unencodable } = encodeAwarenessStates(this.awareness, clientIds)
    if (unencodable.length > 0) {
      this.options.logger.error({ room: this.id, clientIds: unencodable }, 'awareness states that cannot be encoded; removed')
      awarenessProtocol.removeAwarenessStates(this.awareness, unencodable, null)
    }
    return update
  }
}

type Pending = { structs: Uint8Array | null; ds: Uint8Array | null }

/** Yjs replaces these byte arrays whenever what is pending changes. */
function pendingOf(doc: Y.Doc): Pending {
  return { structs: doc.store.pendingStructs?.update ?? null, ds: doc.store.pendingDs }
}

/** Everything pending (Yjs keeps it in the v2 format) as one update in the stored v1 format. */
function pendingAsRecord({ structs, ds }: Pending): Uint8Array {
  const parts = [structs, ds].filter((part): part is Uint8Array => part !== null)
  return Y.convertUpdateFormatV2ToV1(parts.length === 1 ? parts[0]! : Y.mergeUpdatesV2(parts))
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
