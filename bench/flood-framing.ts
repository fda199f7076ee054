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
import type { ServerKind } from './servers.ts'

export type WireFormat = 'y-websocket' | 'hocuspocus'

const MESSAGE_SYNC = 0
const SYNC_STEP_1 = 0
const SYNC_STEP_2 = 1
const SYNC_UPDATE = 2
const HOCUSPOCUS_MESSAGE_AUTH = 2
const HOCUSPOCUS_AUTH_TOKEN = 0

export function wireFormatFor(kind: ServerKind): WireFormat {
  return kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket'
}

function frame(framing: WireFormat, roomId: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  if (framing === 'hocuspocus') encoding.writeVarString(encoder, roomId)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A Yjs update as a sync update message. */
export function updateFrame(framing: WireFormat, roomId: string, update: Uint8Array): Uint8Array {
  return frame(framing, roomId, (encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, SYNC_UPDATE)
    encoding.writeVarUint8Array(encoder, update)
  })
}

/** Sync step 1 with an empty state vector: the server answers with sync step 2 once it handled everything before it. */
export function syncStep1Frame(framing: WireFormat, roomId: string): Uint8Array {
  return frame(framing, roomId, (encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, SYNC_STEP_1)
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()))
  })
}

/** What to send right after the socket opened: for Hocuspocus an Auth message (empty token) and a sync step 1. */
export function openingFrames(framing: WireFormat, roomId: string): Uint8Array[] {
  if (framing === 'y-websocket') return []
  const auth = frame(framing, roomId, (encoder) => {
    encoding.writeVarUint(encoder, HOCUSPOCUS_MESSAGE_AUTH)
    encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH_TOKEN)
    encoding.writeVarString(encoder, '')
  })
  return [auth, syncStep1Frame(framing, roomId)]
}

/** Whether `data` is a sync step 2 (with Hocuspocus: after the document name). */
export function isSyncStep2(framing: WireFormat, data: Uint8Array): boolean {
  const decoder = decoding.createDecoder(data)
  try {
    if (framing === 'hocuspocus') decoding.readVarString(decoder)
    return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === SYNC_STEP_2
  } catch {
    return false
  }
}
