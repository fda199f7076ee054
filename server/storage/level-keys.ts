/**
 * y-leveldb's on-disk key layout, reproduced byte for byte so that a data
 * directory written by the reference y-websocket server (YPERSISTENCE) opens
 * in Seed. A key is a list of parts: a string is 0x00 + lib0 varString, a
 * number is 0x01 + uint32 big-endian.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

const STRING_PART = 0
const UINT32_PART = 1
const MAX_CLOCK = 0xffffffff

type KeyPart = string | number

export function encodeKey(parts: KeyPart[]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const part of parts) {
    if (typeof part === 'string') {
      encoding.writeUint8(encoder, STRING_PART)
      encoding.writeVarString(encoder, part)
    } else {
      encoding.writeUint8(encoder, UINT32_PART)
      encoding.writeUint32BigEndian(encoder, part)
    }
  }
  return encoding.toUint8Array(encoder)
}

/**
 * The keys that continue `parts` with one more string part, and how long
 * `parts` encode: every string part starts with the marker 0, and nothing
 * else continues with 0.
 */
export function stringPartsUnder(parts: KeyPart[]): { gte: Uint8Array; lt: Uint8Array; prefixLength: number } {
  const prefix = encodeKey(parts)
  return { gte: Uint8Array.of(...prefix, STRING_PART), lt: Uint8Array.of(...prefix, STRING_PART + 1), prefixLength: prefix.length }
}

/** The string part that starts at `offset` of `key` (what follows the prefix `stringPartsUnder` names). */
export function decodeStringPart(key: Uint8Array, offset: number): string {
  const decoder = decoding.createDecoder(key.subarray(offset))
  if (decoding.readUint8(decoder) !== STRING_PART) throw new Error('The key part is not a string: the key is not of the range it was read from.')
  return decoding.readVarString(decoder)
}

/** Reads the clock (last part) of an update key. */
export function decodeUpdateKeyClock(key: Uint8Array): number {
  const decoder = decoding.createDecoder(key)
  let clock = -1
  while (decoding.hasContent(decoder)) {
    const kind = decoding.readUint8(decoder)
    if (kind === STRING_PART) decoding.readVarString(decoder)
    else clock = decoding.readUint32BigEndian(decoder)
  }
  return clock
}

export const updateKey = (roomId: string, clock: number) => encodeKey(['v1', roomId, 'update', clock])
export const updateKeyRange = (roomId: string) => ({ gte: updateKey(roomId, 0), lt: updateKey(roomId, MAX_CLOCK) })
/** y-leveldb lists documents through this key, so we keep writing it. */
export const stateVectorKey = (roomId: string) => encodeKey(['v1_sv', roomId])

export function encodeStateVectorRecord(clock: number, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** A room's creation record (Seed's own, outside y-leveldb's key spaces): the time it was created. */
export const roomCreatedKey = (roomId: string) => encodeKey(['seed', 'room-created', roomId])

export function encodeCreatedAt(createdAt: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, createdAt)
  return encoding.toUint8Array(encoder)
}

export function decodeCreatedAt(record: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(record))
}
