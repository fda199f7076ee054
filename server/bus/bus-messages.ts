/**
 * The bytes instances send each other over Redis: room messages (an update
 * with its seq, an awareness change, or the room's deletion) and instance messages (heartbeat,
 * goodbye). Each names the instance that sent it, so a receiver can skip its
 * own and tell which instance brought which awareness state. The room is the
 * channel's, never repeated in the message.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export type RoomWireMessage =
  | { kind: 'update'; from: string; seq: number; update: Uint8Array }
  | { kind: 'awareness'; from: string; update: Uint8Array }
  | { kind: 'deleted'; from: string }

export type InstanceWireMessage = { kind: 'heartbeat' | 'goodbye'; from: string }

const ROOM_KINDS = ['update', 'awareness', 'deleted'] as const
const INSTANCE_KINDS = ['heartbeat', 'goodbye'] as const

/** A message that is not one of ours: another program on the channel, or another version of Seed. */
export class BusMessageError extends Error {
  override readonly name = 'BusMessageError'
}

export function encodeRoomMessage(message: RoomWireMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, ROOM_KINDS.indexOf(message.kind))
  encoding.writeVarString(encoder, message.from)
  if (message.kind === 'update') encoding.writeVarUint(encoder, message.seq)
  if (message.kind !== 'deleted') encoding.writeVarUint8Array(encoder, message.update)
  return encoding.toUint8Array(encoder)
}

export function decodeRoomMessage(bytes: Uint8Array): RoomWireMessage {
  return decodeWith(bytes, (decoder) => {
    const kind = ROOM_KINDS[decoding.readVarUint(decoder)]
    const from = decoding.readVarString(decoder)
    if (kind === 'update') {
      const seq = decoding.readVarUint(decoder)
      return { kind, from, seq, update: decoding.readVarUint8Array(decoder) }
    }
    if (kind === 'awareness') return { kind, from, update: decoding.readVarUint8Array(decoder) }
    if (kind === 'deleted') return { kind, from }
    throw new BusMessageError('unknown room message kind')
  })
}

export function encodeInstanceMessage(message: InstanceWireMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, INSTANCE_KINDS.indexOf(message.kind))
  encoding.writeVarString(encoder, message.from)
  return encoding.toUint8Array(encoder)
}

export function decodeInstanceMessage(bytes: Uint8Array): InstanceWireMessage {
  return decodeWith(bytes, (decoder) => {
    const kind = INSTANCE_KINDS[decoding.readVarUint(decoder)]
    if (kind === undefined) throw new BusMessageError('unknown instance message kind')
    return { kind, from: decoding.readVarString(decoder) }
  })
}

function decodeWith<T>(bytes: Uint8Array, read: (decoder: decoding.Decoder) => T): T {
  const decoder = decoding.createDecoder(bytes)
  let message: T
  try {
    message = read(decoder)
  } catch (cause) {
    if (cause instanceof BusMessageError) throw cause
    throw new BusMessageError('truncated or malformed bus message', { cause })
  }
  if (decoding.hasContent(decoder)) throw new BusMessageError('bus message has trailing bytes')
  return message
}
