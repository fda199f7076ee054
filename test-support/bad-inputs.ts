/**
 * The kinds of bad input bench/hostile.ts sends, each on its own fresh
 * connection. Inputs aimed at the y-protocols layer are built as y-protocols
 * messages and wrapped in each server's framing (bench/hostile-framing.ts),
 * so Hocuspocus receives the equivalent frame with its document-name prefix;
 * inputs aimed at the frame itself (random bytes, an empty frame, a text
 * frame) are sent as they are to every server.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { Framing } from './hostile-framing.ts'

export type BadInput =
  | { id: string; title: string; type: 'frames'; frames: (framing: Framing, room: string) => Array<Uint8Array | string> }
  | { id: string; title: string; type: 'room-id'; room: string }
  | { id: string; title: string; type: 'storm'; connections: number; rooms: number }
  | { id: string; title: string; type: 'slow-reader' }

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const MESSAGE_QUERY_AWARENESS = 3
const SYNC_STEP_1 = 0
const SYNC_STEP_2 = 1
const SYNC_UPDATE = 2

const RANDOM_BYTES = 64
const RANDOM_SEED = 0x5eed
export const OVERSIZED_BYTES = 20 * 1024 * 1024
export const FLOOD_MESSAGES = 5_000
export const STORM_CONNECTIONS = 300
export const STORM_ROOMS = 10

type Part = (encoder: encoding.Encoder) => void
const uint = (n: number): Part => (e) => encoding.writeVarUint(e, n)
const bytes = (b: Uint8Array): Part => (e) => encoding.writeVarUint8Array(e, b)
const text = (s: string): Part => (e) => encoding.writeVarString(e, s)

function message(...parts: Part[]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const part of parts) part(encoder)
  return encoding.toUint8Array(encoder)
}

/** The same bytes every run (mulberry32), so every server gets the identical frame. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out[i] = (t ^ (t >>> 14)) & 0xff
  }
  return out
}

function validTextUpdate(length: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, 'x'.repeat(length))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** One y-protocols message in the server's framing. */
const wrapped =
  (build: () => Uint8Array) =>
  (framing: Framing, room: string): Uint8Array[] => [framing.wrap(room, build())]

export const BAD_INPUTS: readonly BadInput[] = [
  { id: 'random', title: `${RANDOM_BYTES} random bytes`, type: 'frames', frames: () => [pseudoRandomBytes(RANDOM_BYTES, RANDOM_SEED)] },
  { id: 'empty', title: 'an empty frame', type: 'frames', frames: () => [new Uint8Array()] },
  { id: 'truncated-varuint', title: 'a truncated varuint', type: 'frames', frames: wrapped(() => new Uint8Array([0x80])) },
  { id: 'unknown-type', title: 'an unknown message type (42)', type: 'frames', frames: wrapped(() => message(uint(42))) },
  {
    id: 'sync-step-1-garbage',
    title: 'sync step 1 with a garbage state vector',
    type: 'frames',
    frames: wrapped(() => message(uint(MESSAGE_SYNC), uint(SYNC_STEP_1), bytes(new Uint8Array([0x05, 0xff])))),
  },
  {
    id: 'sync-step-2-garbage',
    title: 'sync step 2 with a garbage payload',
    type: 'frames',
    frames: wrapped(() => message(uint(MESSAGE_SYNC), uint(SYNC_STEP_2), bytes(new Uint8Array([0x05, 0x01, 0x02])))),
  },
  {
    id: 'sync-update-garbage',
    title: 'sync update with a garbage payload',
    type: 'frames',
    frames: wrapped(() => message(uint(MESSAGE_SYNC), uint(SYNC_UPDATE), bytes(new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01])))),
  },
  {
    id: 'oversized-update',
    title: `a valid but oversized update (${OVERSIZED_BYTES / 1024 / 1024} MiB)`,
    type: 'frames',
    frames: wrapped(() => message(uint(MESSAGE_SYNC), uint(SYNC_UPDATE), bytes(validTextUpdate(OVERSIZED_BYTES)))),
  },
  { id: 'text-frame', title: 'a text frame', type: 'frames', frames: () => ['hello'] },
  {
    id: 'flood',
    title: `a flood of ${FLOOD_MESSAGES.toLocaleString('en-US')} small messages (query awareness)`,
    type: 'frames',
    frames: (framing, room) => Array.from({ length: FLOOD_MESSAGES }, () => framing.wrap(room, message(uint(MESSAGE_QUERY_AWARENESS)))),
  },
  { id: 'storm', title: `${STORM_CONNECTIONS} connections opened and dropped at once`, type: 'storm', connections: STORM_CONNECTIONS, rooms: STORM_ROOMS },
  {
    id: 'awareness-json',
    title: 'awareness with invalid JSON',
    type: 'frames',
    frames: wrapped(() => message(uint(MESSAGE_AWARENESS), bytes(message(uint(1), uint(7), uint(1), text('{not json'))))),
  },
  {
    id: 'awareness-truncated',
    title: 'awareness with a truncated payload',
    type: 'frames',
    // Announces two client states and ends inside the first.
    frames: wrapped(() => message(uint(MESSAGE_AWARENESS), bytes(message(uint(2), uint(7))))),
  },
  { id: 'room-traversal', title: 'room id `../../etc`', type: 'room-id', room: '../../etc' },
  { id: 'room-nul', title: 'room id with a NUL byte', type: 'room-id', room: 'a\u0000b' },
  { id: 'room-long', title: 'room id of 2,000 characters', type: 'room-id', room: 'x'.repeat(2000) },
  { id: 'room-non-ascii', title: 'room id `été` (non-ASCII)', type: 'room-id', room: 'été' },
  { id: 'slow-reader', title: 'a client that never reads while another writes', type: 'slow-reader' },
]

