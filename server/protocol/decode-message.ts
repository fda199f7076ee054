/**
 * Decodes one binary frame of the y-websocket protocol into a typed message.
 * Anything that is not exactly one well-formed message throws ProtocolError,
 * so a bad frame ends its own connection and nothing else.
 */
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import { MessageType } from '../../shared/protocol.ts'
import { ProtocolError } from '../errors.ts'

export type ClientMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'auth' }
  | { kind: 'query-awareness' }

export function decodeMessage(frame: Uint8Array): ClientMessage {
  if (frame.byteLength === 0) throw new ProtocolError('Empty frame: every message starts with a message type.')
  const decoder = decoding.createDecoder(frame)
  const type = readVarUint(decoder, 'message type')
  const message = decodeBody(type, decoder)
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(`Frame has ${frame.byteLength - decoder.pos} bytes after its message; send one message per frame.`)
  }
  return message
}

function decodeBody(type: number, decoder: decoding.Decoder): ClientMessage {
  switch (type) {
    case MessageType.sync:
      return decodeSync(decoder)
    case MessageType.awareness:
      return { kind: 'awareness', update: readBytes(decoder, 'awareness update') }
    case MessageType.auth:
      decoder.pos = decoder.arr.byteLength
      return { kind: 'auth' }
    case MessageType.queryAwareness:
      return { kind: 'query-awareness' }
    default:
      throw new ProtocolError(`Unknown message type ${type}; expected 0 (sync), 1 (awareness), 2 (auth) or 3 (query awareness).`)
  }
}

function decodeSync(decoder: decoding.Decoder): ClientMessage {
  const step = readVarUint(decoder, 'sync message type')
  switch (step) {
    case messageYjsSyncStep1:
      return { kind: 'sync-step-1', stateVector: readBytes(decoder, 'state vector') }
    case messageYjsSyncStep2:
      return { kind: 'sync-step-2', update: readBytes(decoder, 'sync step 2 update') }
    case messageYjsUpdate:
      return { kind: 'sync-update', update: readBytes(decoder, 'update') }
    default:
      throw new ProtocolError(`Unknown sync message type ${step}; expected 0, 1 or 2.`)
  }
}

function readVarUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder)
  } catch {
    throw new ProtocolError(`Truncated frame: could not read the ${what}.`)
  }
}

function readBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  const length = readVarUint(decoder, `length of the ${what}`)
  const available = decoder.arr.byteLength - decoder.pos
  if (length > available) {
    throw new ProtocolError(`Truncated frame: the ${what} claims ${length} bytes but ${available} follow.`)
  }
  return decoding.readUint8Array(decoder, length)
}
