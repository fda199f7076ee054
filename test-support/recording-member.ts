/**
 * A room member for unit tests of rooms and registries, without a session or
 * a transport: it keeps what the room sends it as a y-websocket client would
 * (a Y.Doc and an awareness fed by the frames) and how it was closed.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType } from '../shared/protocol.ts'
import type { Room, RoomMember } from '../server/room/room.ts'
import type { RoomRegistry } from '../server/room/room-registry.ts'
import type { CloseReason } from '../server/close-reason.ts'
import type { Identity, Permission } from '../server/admission/authorization.ts'
import { encodeAwarenessUpdate, encodeSyncUpdate } from '../server/protocol/encode-message.ts'

let nextId = 1

export class RecordingMember implements RoomMember {
  readonly id = String(nextId++)
  readonly awarenessClientIds = new Set<number>()
  readonly permission: Permission
  readonly identity: Identity
  /** Times the room asked this member to prove it still reads. */
  proofsRequested = 0
  /** What the room sent, decoded into the document a client would hold. */
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  /** Document updates (sync step 2 and updates) received, in order. */
  readonly updatesReceived: Uint8Array[] = []
  closedWith: CloseReason | null = null
  room: Room | null = null

  constructor(permission: Permission = 'edit', subject: string | null = null, name: string | null = null) {
    this.permission = permission
    this.identity = { subject, name }
    this.awareness.setLocalState(null)
  }

  /** Joins through the registry as a session would, and resolves with the room. */
  async join(registry: RoomRegistry, roomId: string): Promise<Room> {
    await registry.join(roomId, { isOpen: true, attach: (room) => this.attach(room) })
    return this.room!
  }

  /** Leaves its room and tells the registry, as a closing session does. */
  leave(registry: RoomRegistry): void {
    const room = this.room
    if (!room) return
    this.room = null
    room.leave(this)
    registry.release(room)
  }

  /** Asks for what the room has that this member lacks (sync step 1); the reply arrives once it is durable. */
  requestSync(): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    this.room!.receive(this, encoding.toUint8Array(encoder))
  }

  /** Sends one document update to the room, as a client edit. */
  sendUpdate(update: Uint8Array): void {
    this.room!.receive(this, encodeSyncUpdate(update))
  }

  /** Sends an awareness state for `clientId`, as a client's awareness would. */
  sendAwareness(clientId: number, state: Record<string, unknown> | null, clock = 1): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify(state))
    this.room!.receive(this, encodeAwarenessUpdate(encoding.toUint8Array(encoder)))
  }

  send(frame: Uint8Array): void {
    if (this.closedWith) return
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.sync) {
      const kind = decoding.readVarUint(decoder)
      if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder)
        this.updatesReceived.push(update)
        Y.applyUpdate(this.doc, update)
      }
    } else if (type === MessageType.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this)
    }
  }

  sendSyncReply(frames: readonly Uint8Array[]): void {
    for (const frame of frames) this.send(frame)
  }

  get isOpen(): boolean {
    return this.closedWith === null
  }

  requestProofOfLife(): void {
    this.proofsRequested += 1
  }

  close(reason: CloseReason): void {
    this.closedWith ??= reason
  }

  /** Stops the awareness timer. */
  destroy(): void {
    this.awareness.destroy()
    this.doc.destroy()
  }

  private attach(room: Room): void {
    this.room = room
    room.join(this)
  }
}
