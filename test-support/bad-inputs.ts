/**
 * The catalogue of bad input: what a hostile or broken client sends and what
 * Seed must answer. server/integration/bad-input.test.ts holds Seed to every
 * answer; `npm run bench:hostile` (bench/hostile-battery.ts) sends the same
 * inputs to Seed, the reference server and Hocuspocus and reports what each
 * did. Each input goes on its own fresh connection, once the room is open.
 *
 * Inputs aimed at the y-protocols layer are built as y-protocols messages and
 * passed through `wrap`, which puts them in a server's framing (Hocuspocus
 * prefixes the document name); inputs aimed at the frame itself (random
 * bytes, an empty frame, a text frame) are sent as they are to every server.
 */
import * as encoding from 'lib0/encoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import * as Y from 'yjs'
import { CloseCode, MessageType } from '../shared/protocol.ts'

/** Puts one y-protocols message in the framing of the server under test. */
export type Wrap = (message: Uint8Array) => Uint8Array

export type BadInput = { id: string; title: string } & (
  | {
      type: 'frames'
      frames: (wrap: Wrap) => Array<Uint8Array | string>
      /**
       * Seed closes the connection with `code`, and a reason unless `withReason`
       * is false; or, for what is only too fast, never closes it: it reads more
       * slowly (the rate limit is backpressure) and handles every message.
       */
      seed: { code: CloseCode; withReason: boolean } | { throttled: true }
    }
  | {
      /** The room id is the input: sent percent-encoded in the URL path, or (Hocuspocus) as the document name. */
      type: 'room-id'
      room: string
      /** Seed refuses the upgrade with this status and a body matching `body`. */
      seed: { status: number; body: RegExp }
    }
  | {
      type: 'storm'
      connections: number
      rooms: number
      /** Seed accepts each connection or refuses it before the upgrade with `status`; nothing else. */
      seed: { status: number }
    }
  | {
      /** A client that stops reading its socket while another client of its room writes. */
      type: 'slow-reader'
      /** Seed lets go of the connection within this time. */
      seed: { droppedWithinMs: number }
    }
)

const RANDOM_BYTES = 64
const RANDOM_SEED = 0x5eed
export const OVERSIZED_BYTES = 20 * 1024 * 1024
export const FLOOD_MESSAGES = 5_000
export const STORM_CONNECTIONS = 300
export const STORM_ROOMS = 10
const MALFORMED = { code: CloseCode.malformedMessage, withReason: true }

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

/** A Yjs update that inserts `length` characters into the text 'text'. */
export function textUpdate(length: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, 'x'.repeat(length))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** One y-protocols message, wrapped. */
const wrapped =
  (build: () => Uint8Array) =>
  (wrap: Wrap): Uint8Array[] => [wrap(build())]

const sync = (step: number, ...parts: Part[]) => message(uint(MessageType.sync), uint(step), ...parts)

export const BAD_INPUTS: readonly BadInput[] = [
  { id: 'random', title: `${RANDOM_BYTES} random bytes`, type: 'frames', frames: () => [pseudoRandomBytes(RANDOM_BYTES, RANDOM_SEED)], seed: MALFORMED },
  { id: 'empty', title: 'an empty frame', type: 'frames', frames: () => [new Uint8Array()], seed: MALFORMED },
  { id: 'truncated-varuint', title: 'a truncated varuint', type: 'frames', frames: wrapped(() => new Uint8Array([0x80])), seed: MALFORMED },
  { id: 'unknown-type', title: 'an unknown message type (42)', type: 'frames', frames: wrapped(() => message(uint(42))), seed: MALFORMED },
  { id: 'unknown-sync-step', title: 'an unknown sync step (9)', type: 'frames', frames: wrapped(() => sync(9)), seed: MALFORMED },
  {
    id: 'length-past-end',
    title: 'a sync update whose length runs past the end of the frame',
    type: 'frames',
    frames: wrapped(() => sync(messageYjsUpdate, uint(1000))),
    seed: MALFORMED,
  },
  {
    id: 'sync-step-1-garbage',
    title: 'sync step 1 with a garbage state vector',
    type: 'frames',
    frames: wrapped(() => sync(messageYjsSyncStep1, bytes(new Uint8Array([0x05, 0xff])))),
    seed: MALFORMED,
  },
  {
    id: 'sync-step-2-garbage',
    title: 'sync step 2 with a garbage payload',
    type: 'frames',
    frames: wrapped(() => sync(messageYjsSyncStep2, bytes(new Uint8Array([0x05, 0x01, 0x02])))),
    seed: MALFORMED,
  },
  {
    id: 'sync-update-garbage',
    title: 'sync update with a garbage payload',
    type: 'frames',
    frames: wrapped(() => sync(messageYjsUpdate, bytes(new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01])))),
    seed: MALFORMED,
  },
  {
    id: 'oversized-update',
    title: `a valid but oversized update (${OVERSIZED_BYTES / 1024 / 1024} MiB)`,
    type: 'frames',
    frames: wrapped(() => sync(messageYjsUpdate, bytes(textUpdate(OVERSIZED_BYTES)))),
    // ws refuses the frame itself, before Seed sees it, and gives no reason.
    seed: { code: CloseCode.messageTooBig, withReason: false },
  },
  { id: 'text-frame', title: 'a text frame', type: 'frames', frames: () => ['hello'], seed: { code: CloseCode.unsupportedData, withReason: true } },
  {
    id: 'flood',
    title: `a flood of ${FLOOD_MESSAGES.toLocaleString('en-US')} small messages (query awareness)`,
    type: 'frames',
    frames: (wrap) => Array.from({ length: FLOOD_MESSAGES }, () => wrap(message(uint(MessageType.queryAwareness)))),
    seed: { throttled: true },
  },
  {
    id: 'storm',
    title: `${STORM_CONNECTIONS} connections opened and dropped at once`,
    type: 'storm',
    connections: STORM_CONNECTIONS,
    rooms: STORM_ROOMS,
    // More than MAX_CONNECTIONS_PER_IP (200 by default): those over the limit are refused.
    seed: { status: 429 },
  },
  {
    id: 'awareness-json',
    title: 'awareness with invalid JSON',
    type: 'frames',
    frames: wrapped(() => message(uint(MessageType.awareness), bytes(message(uint(1), uint(7), uint(1), text('{not json'))))),
    seed: MALFORMED,
  },
  {
    id: 'awareness-truncated',
    title: 'awareness with a truncated payload',
    type: 'frames',
    // Announces two client states and ends inside the first.
    frames: wrapped(() => message(uint(MessageType.awareness), bytes(message(uint(2), uint(7))))),
    seed: MALFORMED,
  },
  ...(
    [
      ['room-traversal', 'room id `../../etc`', '../../etc'],
      ['room-nul', 'room id with a NUL byte', 'a\u0000b'],
      ['room-long', 'room id of 2,000 characters', 'x'.repeat(2000)],
      ['room-non-ascii', 'room id `été` (non-ASCII)', 'été'],
      ['room-empty', 'an empty room id', ''],
    ] as const
  ).map(([id, title, room]): BadInput => ({ id, title, type: 'room-id', room, seed: { status: 400, body: /Room id/ } })),
  { id: 'slow-reader', title: 'a client that never reads while another writes', type: 'slow-reader', seed: { droppedWithinMs: 10_000 } },
]

/*
 * The attacks of issue 17: each needs more than one connection to show its
 * harm (a member of the same room, a later joiner, a third member), so they
 * are not inputs of the catalogue above. Their constructors live here so
 * that tests and bench/hostile-attacks.ts send the same bytes.
 */

/** Struct info byte: bit 8 ("has an origin") over the content ref 10 ("skip"). */
const SKIP_WITH_ORIGIN_BIT = 0x80 | 10
const CONTENT_STRING = 4
const DISAGREEMENT_FIRST_CLOCK = 5

/**
 * A Yjs update (v1) that `Y.applyUpdate` takes, leaving a struct pending, and
 * that Yjs' other reader, behind `Y.decodeUpdate`, `Y.mergeUpdates` and
 * `Y.encodeStateVectorFromUpdate`, refuses ("Unexpected case"). The readers
 * disagree on a struct whose info byte has the content ref 10 with higher
 * bits set: applyUpdate's (readClientsStructRefs in yjs/src/utils/encoding.js)
 * looks at the low five bits only and reads a Skip; the lazy one
 * (yjs/src/utils/updates.js) takes a Skip only for exactly 10, reads an Item
 * and throws on its content ref. Behind it a one-character string item, at a
 * clock past the client's missing first ones, waits in the pending store.
 */
export function decoderDisagreementUpdate(client = 1234): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // one client
  encoding.writeVarUint(encoder, 2) // two structs
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, DISAGREEMENT_FIRST_CLOCK)
  encoding.writeUint8(encoder, SKIP_WITH_ORIGIN_BIT)
  encoding.writeVarUint(encoder, 1) // the skip's length
  encoding.writeUint8(encoder, CONTENT_STRING)
  encoding.writeVarUint(encoder, 1) // the parent is a root type, named next
  encoding.writeVarString(encoder, 'text')
  encoding.writeVarString(encoder, 'x')
  encoding.writeVarUint(encoder, 0) // an empty delete set
  return encoding.toUint8Array(encoder)
}

/** One entry of an awareness update; `state` is the JSON text as sent, so that broken JSON can be sent too. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: string
}

/** The payload of an awareness message (what `applyAwarenessUpdate` reads). */
export function awarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  return message(uint(entries.length), ...entries.flatMap((entry) => [uint(entry.clientId), uint(entry.clock), text(entry.state)]))
}

/** Deep enough that `JSON.parse` takes it and `JSON.stringify` of the result overflows Node's stack (it did from 5,000 on). */
export const AWARENESS_NESTING_DEPTH = 100_000

/**
 * Two awareness entries: the first a state nested AWARENESS_NESTING_DEPTH
 * arrays deep, the second broken JSON. y-protocols keeps the first before the
 * second throws, and no 'update' event ever says who introduced it; encoding
 * everyone's awareness for a joiner then overflows the stack.
 */
export function nestedThenBrokenAwareness(clientIds: readonly [number, number] = [7001, 7002]): Uint8Array {
  const nested = '['.repeat(AWARENESS_NESTING_DEPTH) + ']'.repeat(AWARENESS_NESTING_DEPTH)
  return awarenessUpdate([
    { clientId: clientIds[0], clock: 1, state: nested },
    { clientId: clientIds[1], clock: 1, state: '{not json' },
  ])
}

/** An awareness entry for another member's client id with a higher clock: their name, as every member then sees it, becomes `name`. */
export function presenceTakeoverAwareness(victimClientId: number, victimClock: number, name: string): Uint8Array {
  return awarenessUpdate([{ clientId: victimClientId, clock: victimClock + 1, state: JSON.stringify({ user: { name } }) }])
}

export const TINY_MESSAGES_BATCH_BYTES = 16 * 1024 * 1024

/**
 * An HTTP fallback batch (shared/http-transport.ts) of `bytes` bytes of
 * two-byte entries, a length 1 and a one-byte query-awareness message each:
 * the most messages a body of that size can carry.
 */
export function tinyMessagesBatch(bytes = TINY_MESSAGES_BATCH_BYTES): Uint8Array {
  const batch = new Uint8Array(bytes - (bytes % 2))
  for (let i = 0; i < batch.length; i += 2) {
    batch[i] = 1
    batch[i + 1] = MessageType.queryAwareness
  }
  return batch
}

/**
 * The headers of a request that came through one reverse proxy setting
 * `X-Forwarded-For` (as the README's nginx config does) for a client at
 * `clientAddress`, which itself sent `Forwarded: for=127.0.0.1`.
 */
export function spoofedLoopbackHeaders(clientAddress: string): Record<string, string> {
  return { 'X-Forwarded-For': clientAddress, Forwarded: 'for=127.0.0.1' }
}
