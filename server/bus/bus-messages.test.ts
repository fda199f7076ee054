import { describe, expect, it } from 'vitest'
import { BusMessageError, decodeInstanceMessage, decodeRoomMessage, encodeInstanceMessage, encodeRoomMessage } from './bus-messages.ts'

describe('bus messages', () => {
  it('carries an update with its seq and sender, and an awareness change with its sender', () => {
    const update = { kind: 'update' as const, from: 'host:12:ab', seq: 300_000, update: new Uint8Array([1, 2, 3]) }
    expect(decodeRoomMessage(encodeRoomMessage(update))).toEqual(update)
    const awareness = { kind: 'awareness' as const, from: 'host:12:ab', update: new Uint8Array([9]) }
    expect(decodeRoomMessage(encodeRoomMessage(awareness))).toEqual(awareness)
  })

  it('carries a room’s deletion with its sender', () => {
    const deleted = { kind: 'deleted' as const, from: 'host:12:ab' }
    expect(decodeRoomMessage(encodeRoomMessage(deleted))).toEqual(deleted)
  })

  it('carries heartbeats and goodbyes', () => {
    for (const kind of ['heartbeat', 'goodbye'] as const) {
      expect(decodeInstanceMessage(encodeInstanceMessage({ kind, from: 'x' }))).toEqual({ kind, from: 'x' })
    }
  })

  it('refuses bytes that are not one of its messages, saying so', () => {
    const valid = encodeRoomMessage({ kind: 'update', from: 'a', seq: 1, update: new Uint8Array([1]) })
    expect(() => decodeRoomMessage(valid.subarray(0, valid.length - 1))).toThrow(BusMessageError)
    expect(() => decodeRoomMessage(new Uint8Array([...valid, 0]))).toThrow(/trailing bytes/)
    expect(() => decodeRoomMessage(new Uint8Array([7, 0]))).toThrow(/unknown room message kind/)
    expect(() => decodeInstanceMessage(new TextEncoder().encode('hello'))).toThrow(BusMessageError)
  })
})
