/**
 * Reads and checks a whole awareness update before any of it is kept, and
 * encodes states for others without ever failing as a whole.
 *
 * Why y-protocols' `applyAwarenessUpdate` is not enough on its own: it
 * decodes and applies entry by entry, so an update whose second entry is
 * broken JSON leaves the first entry applied, with no 'update' event to say
 * who brought it; it takes any JSON a client sends, however large or deeply
 * nested (V8's `JSON.parse` takes 100,000 nested arrays, while
 * `JSON.stringify`, which `encodeAwarenessUpdate` runs for every joiner,
 * overflows the stack from about 5,000), and any value, not only an object;
 * and it lets anyone set any client id. So the room decodes the whole update
 * here first (lib0, as y-protocols does), checks every entry, decides
 * ownership (awareness-ownership.ts), and hands y-protocols only a
 * re-encoded update of entries that are all valid.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type * as awarenessProtocol from 'y-protocols/awareness'
import { ProtocolError } from '../errors.ts'

export interface AwarenessLimits {
  /** Client ids one session may hold (and wait for) at once; entries for more are dropped. */
  readonly maxIdsPerSession: number
  /** Bytes of one state's JSON text; a larger one closes the session as malformed. */
  readonly maxStateBytes: number
}

/**
 * An honest client holds one id per connection (one Y.Doc per provider; a
 * second tab or the HTTP fallback is its own session): four leave room for
 * clients that run a few documents' awareness over one connection.
 */
export const DEFAULT_AWARENESS_LIMITS: AwarenessLimits = { maxIdsPerSession: 4, maxStateBytes: 64 * 1024 }

/**
 * Nesting of objects and arrays a state may have. A caret state is about
 * five deep ({ cursor: { anchor: { item: { client } } } }); this stays far
 * below what JSON.stringify and Yjs' deep equality can recurse through.
 */
export const MAX_AWARENESS_STATE_DEPTH = 32

/** A state as it is kept: a JSON object, or null for "this client left". */
export type AwarenessState = Record<string, unknown> | null

export interface AwarenessEntry {
  readonly clientId: number
  readonly clock: number
  readonly state: AwarenessState
  /** The state's JSON text as received (valid, within the limits): re-encoded as it is. */
  readonly json: string
}

/**
 * Decodes every entry of an awareness update and checks it, or throws a
 * ProtocolError naming the first problem: nothing of a bad update is kept.
 */
export function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = readVarUint(decoder, 'number of entries')
  const entries: AwarenessEntry[] = []
  for (let index = 0; index < count; index++) {
    const clientId = readVarUint(decoder, `client id of entry ${index}`)
    const clock = readVarUint(decoder, `clock of entry ${index}`)
    if (!Number.isSafeInteger(clock + 1)) throw new ProtocolError(`Awareness entry ${index} has a clock of ${clock}, past what can be counted on from.`)
    const json = readStateText(decoder, index, maxStateBytes)
    entries.push({ clientId, clock, state: parseState(json, index), json })
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(`Awareness update has ${update.byteLength - decoder.pos} bytes after its ${count} entries.`)
  return entries
}

/** The awareness update of `entries`, for y-protocols' `applyAwarenessUpdate`. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.json)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * `encodeAwarenessUpdate` of y-protocols, one state at a time: a state that
 * cannot be encoded is left out and named in `unencodable` (the caller removes
 * it), so one bad state never stops everyone else's from reaching a joiner.
 */
export function encodeAwarenessStates(awareness: awarenessProtocol.Awareness, clientIds: readonly number[]): { update: Uint8Array; unencodable: number[] } {
  const encoded: AwarenessEntry[] = []
  const unencodable: number[] = []
  for (const clientId of clientIds) {
    const clock = awareness.meta.get(clientId)?.clock
    if (clock === undefined) continue
    const state = (awareness.states.get(clientId) ?? null) as AwarenessState
    try {
      encoded.push({ clientId, clock, state, json: JSON.stringify(state) })
    } catch {
      unencodable.push(clientId)
    }
  }
  return { update: encodeAwarenessEntries(encoded), unencodable }
}

/** Whether `json` nests objects and arrays deeper than `maxDepth`, found by one pass with no recursion. */
export function nestsDeeperThan(json: string, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i)
    if (inString) {
      if (char === BACKSLASH) i++
      else if (char === QUOTE) inString = false
    } else if (char === QUOTE) {
      inString = true
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth++
      if (depth > maxDepth) return true
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--
    }
  }
  return false
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

function readStateText(decoder: decoding.Decoder, index: number, maxStateBytes: number): string {
  const length = readVarUint(decoder, `length of the state of entry ${index}`)
  if (length > maxStateBytes) throw new ProtocolError(`Awareness entry ${index} has a ${length}-byte state; states may have at most ${maxStateBytes} bytes.`)
  const available = decoder.arr.byteLength - decoder.pos
  if (length > available) throw new ProtocolError(`Truncated awareness update: the state of entry ${index} claims ${length} bytes but ${available} follow.`)
  try {
    return utf8.decode(decoding.readUint8Array(decoder, length))
  } catch {
    throw new ProtocolError(`Awareness entry ${index} has a state that is not UTF-8 text.`)
  }
}

/** Refuses bytes that are not UTF-8, as lib0's own string reader does. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function parseState(json: string, index: number): AwarenessState {
  if (nestsDeeperThan(json, MAX_AWARENESS_STATE_DEPTH)) {
    throw new ProtocolError(`Awareness entry ${index} has a state nested more than ${MAX_AWARENESS_STATE_DEPTH} levels deep.`)
  }
  let state: unknown
  try {
    state = JSON.parse(json)
  } catch {
    throw new ProtocolError(`Awareness entry ${index} has a state that is not JSON.`)
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
    throw new ProtocolError(`Awareness entry ${index} has a state that is neither a JSON object nor null.`)
  }
  return state as AwarenessState
}

function readVarUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder)
  } catch {
    throw new ProtocolError(`Truncated awareness update: could not read the ${what}.`)
  }
}
