/**
 * One WebSocket client in one room. Frames that arrive while the room is
 * still loading are held and handled in order once it is ready, so nobody is
 * answered from a half-loaded document.
 */
import { WebSocket, type RawData } from 'ws'
import type { Logger } from 'pino'
import { CloseCode } from '../../shared/protocol.ts'
import { ProtocolError } from '../errors.ts'
import type { Room, RoomMember } from '../room/room.ts'

/** Frames held while a room loads; a client has no reason to send more before its first answer. */
const MAX_FRAMES_BEFORE_READY = 256
/** RFC 6455 limits a close reason to 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123

let nextConnectionId = 1

export class ClientConnection implements RoomMember {
  readonly id = nextConnectionId++
  readonly awarenessClientIds = new Set<number>()
  readonly openedAt = performance.now()
  bytesIn = 0
  bytesOut = 0
  /** Cleared by each heartbeat ping, set by the pong. */
  alive = true
  private room: Room | null = null
  private heldFrames: Uint8Array[] = []

  constructor(
    private readonly socket: WebSocket,
    readonly roomId: string,
    private readonly logger: Logger,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** Starts serving the loaded room: its sync step 1 and awareness, then any held frames. */
  attach(room: Room): void {
    this.room = room
    room.join(this)
    const held = this.heldFrames
    this.heldFrames = []
    for (const frame of held) if (!this.handle(frame)) return
  }

  receive(data: RawData, isBinary: boolean): void {
    if (!this.isOpen) return
    if (!isBinary) {
      this.close(CloseCode.unsupportedData, 'Text frames are not supported; send binary y-websocket messages')
      return
    }
    const frame = toUint8Array(data)
    this.bytesIn += frame.byteLength
    if (!this.room) {
      if (this.heldFrames.length >= MAX_FRAMES_BEFORE_READY) {
        this.close(CloseCode.policyViolation, 'Too many messages before the room finished loading')
        return
      }
      this.heldFrames.push(frame)
      return
    }
    this.handle(frame)
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return
    this.bytesOut += frame.byteLength
    this.socket.send(frame, { binary: true })
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING) return
    this.socket.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES))
  }

  terminate(): void {
    this.socket.terminate()
  }

  ping(): void {
    this.socket.ping()
  }

  /** Handles one frame; false when it closed the connection. */
  private handle(frame: Uint8Array): boolean {
    try {
      this.room!.receive(this, frame)
      return true
    } catch (error) {
      if (error instanceof ProtocolError) {
        this.logger.warn({ room: this.roomId, connection: this.id, closeCode: error.closeCode, reason: error.message }, 'closing connection after bad input')
        this.close(error.closeCode, error.message)
      } else {
        this.logger.error({ room: this.roomId, connection: this.id, err: error }, 'unexpected error while handling a message')
        this.close(CloseCode.internalError, 'Internal server error while handling your message')
      }
      return false
    }
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.byteLength <= maxBytes) return text
  return bytes.subarray(0, maxBytes - 3).toString('utf8').replace(/\uFFFD$/, '') + '...'
}
