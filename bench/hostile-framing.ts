/**
 * How a raw client of bench/hostile.ts addresses a room on each server kind,
 * so that every bad input reaches the same layer everywhere. Builds on the
 * wire format of bench/flood-framing.ts (Hocuspocus 4: every frame starts
 * with the document name as a varString; a document is opened by an Auth
 * frame) and adds what a hostile client needs beyond it: the URL (the room
 * is the path for Seed and the reference, the document name inside the
 * frames for Hocuspocus), any y-protocols message in the server's framing,
 * and Hocuspocus's document close message (type 7, varString reason), with
 * which it ends one document for a client while the socket stays open.
 */
import * as decoding from 'lib0/decoding'
import { wireFormatFor, isSyncStep2, openingFrames, syncStep1Frame, wrapMessage } from './flood-framing.ts'
import type { BenchServer } from './servers.ts'

export interface Framing {
  /** The WebSocket URL to open for `room`. */
  url(room: string): string
  /** What a client sends first to join `room`; the server answers with sync step 2 once the client is in. */
  join(room: string): Uint8Array[]
  isSyncStep2(frame: Uint8Array): boolean
  /** A sync step 1 for `room`: the server answers it with sync step 2 once it handled everything sent before it. */
  probe(room: string): Uint8Array
  /** A y-protocols message (sync, awareness, …) as this server takes it for `room`. */
  wrap(room: string, message: Uint8Array): Uint8Array
  /** The reason when `frame` ends the room for this client without closing the socket; null otherwise. */
  documentCloseReason(frame: Uint8Array): string | null
}

const HOCUSPOCUS_CLOSE = 7

export function framingFor(server: Pick<BenchServer, 'kind' | 'providerUrl'>): Framing {
  const format = wireFormatFor(server.kind)
  if (format === 'y-websocket') {
    return {
      // Encoded as a browser would send it, so `../` and NUL reach the server as a room id, not as URL syntax.
      url: (room) => `${server.providerUrl}/${encodeURIComponent(room)}`,
      join: (room) => [syncStep1Frame(format, room)],
      isSyncStep2: (frame) => isSyncStep2(format, frame),
      probe: (room) => syncStep1Frame(format, room),
      wrap: (_room, message) => message,
      documentCloseReason: () => null,
    }
  }
  return {
    url: () => server.providerUrl,
    join: (room) => openingFrames(format, room),
    isSyncStep2: (frame) => isSyncStep2(format, frame),
    probe: (room) => syncStep1Frame(format, room),
    wrap: (room, message) => wrapMessage(format, room, message),
    documentCloseReason: (frame) => {
      try {
        const decoder = decoding.createDecoder(frame)
        decoding.readVarString(decoder)
        return decoding.readVarUint(decoder) === HOCUSPOCUS_CLOSE ? decoding.readVarString(decoder) : null
      } catch {
        return null
      }
    },
  }
}
