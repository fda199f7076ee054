/**
 * How LevelStore keeps what it knows of a room besides its records, each in
 * a key of Seed's own outside y-leveldb's 'v1' and 'v1_sv' key spaces, so no
 * range y-leveldb or LevelStore reads for documents reaches them:
 * - `['seed', 'room-metadata', room]`: the metadata (DocumentMetadata without
 *   createdAt, which the creation record holds), as JSON;
 * - `['seed', 'room-deleted', room]`: the tombstone, present while the room
 *   is deleted and not created again (value: when it was deleted);
 * - the listing: one key per existing room, `['seed', 'room-listing']`
 *   followed by the id's UTF-8 bytes with no length in front, so that keys
 *   sort as ids do (y-leveldb's string parts start with the length, which
 *   sorts short ids first); `['seed', 'room-listing-built']` says the
 *   listing holds every room, also those written before it existed.
 */
import type { RecordedMetadata } from './document-metadata.ts'
import { encodeCreatedAt, encodeKey } from './level-keys.ts'

export const roomMetadataKey = (roomId: string) => encodeKey(['seed', 'room-metadata', roomId])
export const roomDeletedKey = (roomId: string) => encodeKey(['seed', 'room-deleted', roomId])

export const encodeMetadata = (metadata: RecordedMetadata): Uint8Array => Buffer.from(JSON.stringify(metadata), 'utf8')

export function decodeMetadata(record: Uint8Array): RecordedMetadata {
  const { title, updatedAt, bytes, lastWriters } = JSON.parse(Buffer.from(record).toString('utf8')) as RecordedMetadata
  return { title, updatedAt, bytes, lastWriters }
}

/** The tombstone's value: when the room was deleted (for whoever reads the directory; the store only asks whether it is there). */
export const encodeDeletedAt = encodeCreatedAt

const LISTING_PREFIX = encodeKey(['seed', 'room-listing'])
export const ROOM_LISTING_BUILT_KEY = encodeKey(['seed', 'room-listing-built'])

export const roomListingKey = (roomId: string) => Uint8Array.of(...LISTING_PREFIX, ...Buffer.from(roomId, 'utf8'))

/** The listing's keys of the rooms after `afterRoomId` (null: all of them); UTF-8 never holds the byte 0xff. */
export function roomListingRange(afterRoomId: string | null): { gt: Uint8Array; lt: Uint8Array } {
  return { gt: afterRoomId === null ? LISTING_PREFIX : roomListingKey(afterRoomId), lt: Uint8Array.of(...LISTING_PREFIX, 0xff) }
}

export const roomIdOfListingKey = (key: Uint8Array): string => Buffer.from(key.subarray(LISTING_PREFIX.length)).toString('utf8')
