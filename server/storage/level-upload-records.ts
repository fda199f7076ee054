/**
 * How LevelStore keeps uploads: key `['seed_upload', room, id]` in y-leveldb's
 * key encoding (level-keys.ts). Its first part is neither 'v1' nor 'v1_sv', so
 * no range y-leveldb or LevelStore reads for documents ever reaches an upload.
 * The value is the content type (lib0 varString) followed by the bytes.
 * Beside it, written in the same batch, `['seed_upload_bytes', room, id]`
 * holds the upload's size (lib0 varUint), so a room's total is read without
 * reading any image. Uploads stored before that index existed have no such
 * key; their size is read from the upload itself.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { StoredUpload } from './document-store.ts'
import { encodeKey, stringPartsUnder } from './level-keys.ts'

export const uploadKey = (roomId: string, uploadId: string) => encodeKey(['seed_upload', roomId, uploadId])
export const uploadSizeKey = (roomId: string, uploadId: string) => encodeKey(['seed_upload_bytes', roomId, uploadId])

/** The keys of one room's uploads, or of their sizes, and how long their common prefix is (what follows names the id). */
export function roomUploadRange(kind: 'uploads' | 'sizes', roomId: string): { gte: Uint8Array; lt: Uint8Array; prefixLength: number } {
  return stringPartsUnder([kind === 'uploads' ? 'seed_upload' : 'seed_upload_bytes', roomId])
}

export function encodeUploadSize(bytes: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, bytes)
  return encoding.toUint8Array(encoder)
}

export const decodeUploadSize = (record: Uint8Array): number => decoding.readVarUint(decoding.createDecoder(record))

export function encodeUploadRecord(upload: StoredUpload): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, upload.contentType)
  encoding.writeVarUint8Array(encoder, upload.bytes)
  return encoding.toUint8Array(encoder)
}

export function decodeUploadRecord(record: Uint8Array): StoredUpload {
  const decoder = decoding.createDecoder(record)
  const contentType = decoding.readVarString(decoder)
  return { contentType, bytes: decoding.readVarUint8Array(decoder) }
}
