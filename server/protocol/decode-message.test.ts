import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { messagePermissionDenied } from 'y-protocols/auth'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import { MessageType } from '../../shared/protocol.ts'
import { ProtocolError } from '../errors.ts'
import { decodeMessage } from './decode-message.ts'
import { encodeAwarenessUpdate } from './encode-message.ts'

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

function expectProtocolError(bytes: Uint8Array, message: RegExp) {
  try {
    decodeMessage(bytes)
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).kind).toBe('malformedMessage')
    expect((error as Error).message).toMatch(message)
    return
  }
  throw new Error('expected a ProtocolError')
}

describe('decodeMessage', () => {
  const payload = new Uint8Array([1, 2, 3])

  it.each([
    [messageYjsSyncStep1, 'sync-step-1', 'stateVector'],
    [messageYjsSyncStep2, 'sync-step-2', 'update'],
    [messageYjsUpdate, 'sync-update', 'update'],
  ] as const)('decodes sync message %i as %s', (step, kind, field) => {
    const message = decodeMessage(frame((e) => {
      encoding.writeVarUint(e, MessageType.sync)
      encoding.writeVarUint(e, step)
      encoding.writeVarUint8Array(e, payload)
    }))
    expect(message.kind).toBe(kind)
    expect((message as Record<string, unknown>)[field]).toEqual(payload)
  })

  it('decodes awareness and query-awareness', () => {
    expect(decodeMessage(encodeAwarenessUpdate(payload))).toEqual({ kind: 'awareness', update: payload })
    expect(decodeMessage(new Uint8Array([MessageType.queryAwareness]))).toEqual({ kind: 'query-awareness' })
  })

  it('accepts an auth message and ignores its body', () => {
    expect(decodeMessage(new Uint8Array([MessageType.auth, messagePermissionDenied, 5]))).toEqual({ kind: 'auth' })
  })

  it('refuses an empty frame', () => expectProtocolError(new Uint8Array(), /Empty frame/))
  it('refuses a truncated varuint', () => expectProtocolError(new Uint8Array([0x80]), /Truncated frame/))
  it('refuses an unknown message type', () => expectProtocolError(new Uint8Array([9]), /Unknown message type 9/))
  it('refuses an unknown sync step', () => expectProtocolError(new Uint8Array([0, 7]), /Unknown sync message type 7/))
  it('refuses a sync message without its step', () => expectProtocolError(new Uint8Array([0]), /Truncated frame/))
  it('refuses a length past the end', () => expectProtocolError(new Uint8Array([0, 2, 10, 1, 2]), /claims 10 bytes but 2 follow/))
  it('refuses trailing bytes after the message', () => expectProtocolError(new Uint8Array([3, 0]), /1 bytes after its message/))
})
