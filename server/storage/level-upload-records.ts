/**
 * How LevelStore keeps uploads: key `['seed_upload', room, id]` in y-leveldb's
 * key encoding (level-keys.ts). Its first part is neither 'v1' nor 'v1_sv', so
 * no range y-leveldb or LevelStore reads for documents ever reaches an upload.
 * The value is the content type (lib0 varString) followed by the bytes.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { StoredUpload } from './document-store.ts'
import { encodeKey } from './level-keys.ts'

export const uploadKey = (roomId: string, uploadId: string) => encodeKey(['seed_upload', roomId, uploadId])

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
