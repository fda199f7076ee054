/**
 * The wire format bench/flooder.ts speaks to each server kind. Seed and the
 * reference server take y-websocket frames (message type, then payload).
 * Hocuspocus prefixes every frame with the document name and opens a document
 * for a socket only after an Auth message for it; frames sent before the
 * document has loaded are queued and, past 1000 of them, get the socket
 * closed, so a flood must wait until the server has answered a sync step 1.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { encodeSyncStep1, encodeSyncUpdate } from '../server/protocol/encode-message.ts'
import { syncStep2Update } from '../test-support/sync-reply.ts'
import type { ServerKind } from './servers.ts'

export type WireFormat = 'y-websocket' | 'hocuspocus'

const HOCUSPOCUS_MESSAGE_AUTH = 2
const HOCUSPOCUS_AUTH_TOKEN = 0

export function wireFormatFor(kind: ServerKind): WireFormat {
  return kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket'
}

/** A y-protocols message (sync, awareness, …) as `format` carries it for `roomId`: Hocuspocus puts the document name first. */
export function wrapMessage(format: WireFormat, roomId: string, message: Uint8Array): Uint8Array {
  if (format === 'y-websocket') return message
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, roomId)
  encoding.writeUint8Array(encoder, message)
  return encoding.toUint8Array(encoder)
}

/** A Yjs update as a sync update message. */
export function updateFrame(format: WireFormat, roomId: string, update: Uint8Array): Uint8Array {
  return wrapMessage(format, roomId, encodeSyncUpdate(update))
}

/** Sync step 1 with an empty state vector: the server answers with sync step 2 once it handled everything before it. */
export function syncStep1Frame(format: WireFormat, roomId: string): Uint8Array {
  return wrapMessage(format, roomId, encodeSyncStep1(new Y.Doc()))
}

/** What to send right after the socket opened: for Hocuspocus an Auth message (empty token) and a sync step 1. */
export function openingFrames(format: WireFormat, roomId: string): Uint8Array[] {
  if (format === 'y-websocket') return []
  const auth = encoding.createEncoder()
  encoding.writeVarUint(auth, HOCUSPOCUS_MESSAGE_AUTH)
  encoding.writeVarUint(auth, HOCUSPOCUS_AUTH_TOKEN)
  encoding.writeVarString(auth, '')
  return [wrapMessage(format, roomId, encoding.toUint8Array(auth)), syncStep1Frame(format, roomId)]
}

/** Whether `data` is a sync step 2 (with Hocuspocus: after the document name). */
export function isSyncStep2(format: WireFormat, data: Uint8Array): boolean {
  if (format === 'y-websocket') return syncStep2Update(data) !== null
  const decoder = decoding.createDecoder(data)
  try {
    decoding.readVarString(decoder)
  } catch {
    return false
  }
  return syncStep2Update(data.subarray(decoder.pos)) !== null
}
