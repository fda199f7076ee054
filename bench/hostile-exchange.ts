/**
 * One hostile connection of bench/hostile.ts from its upgrade to its end, and
 * how its end is named: the handshake with a time bound, joining the room,
 * sending the bad frames, and the outcome (close code, refusal, left open).
 * Shared by the bad-input battery (bench/hostile-battery.ts) and the attacks
 * (bench/hostile-attacks.ts).
 */
import type { Framing } from './hostile-framing.ts'
import { HostileSocket, type Closed, type DocumentClosed, type Handshake } from './hostile-socket.ts'
import { sleep } from './scenario.ts'

export type Outcome =
  | { type: 'closed'; code: number; reason: string; afterMs: number }
  | { type: 'refused'; status: number; body: string }
  /** Hocuspocus: the document was closed by a message, the socket stayed open. */
  | { type: 'document-closed'; reason: string; afterMs: number }
  /** The socket ended without a close code (1005: empty close frame, 1006: none at all). */
  | { type: 'no-code'; code: number; afterMs: number }
  | { type: 'left-open'; afterMs: number }
  /** A flood: the connection stayed open and the server answered the sync step 1 sent behind it, so it handled all of it. */
  | { type: 'handled'; afterMs: number }
  /** The slow reader: the server let go of its socket (it cannot read a close frame); the code it found on reading again. */
  | { type: 'server-dropped'; afterMs: number; code: number | null; reason: string }
  | { type: 'crashed' }
  | { type: 'connect-failed'; message: string }

/** A connection still open this long after its bad input is "left open". */
export const LEFT_OPEN_AFTER_MS = 5_000
const HANDSHAKE_TIMEOUT_MS = 20_000
/** How long to wait for the server to answer our sync step 1 (we are in the room) before sending the bad input anyway. */
const JOIN_WAIT_MS = 5_000
/** After a flood: how long to wait for the answer to the sync step 1 sent behind it (Seed at its default limits reads 5,000 messages over about 13 s). */
export const HANDLED_BOUND_MS = 60_000

/**
 * Joins `room`, sends the frames once in (or once it is clear the server will not answer) and watches how the connection
 * ends. With `probe`, sends a sync step 1 behind the frames and also waits (up to HANDLED_BOUND_MS) for its answer: the
 * server then handled all of them.
 */
export async function sendFrames(
  framing: Framing,
  room: string,
  frames: (room: string) => Array<Uint8Array | string>,
  probe = false,
): Promise<{ outcome: Outcome; joined: boolean }> {
  const client = new HostileSocket(framing, room)
  try {
    const refusal = refusalOf(await handshakeOf(client))
    if (refusal) return { outcome: refusal, joined: false }
    const openedAt = performance.now()
    const joined = await Promise.race([client.joined.then(() => true), client.closed.then(() => false), sleep(JOIN_WAIT_MS).then(() => false)])
    const toSend = frames(room)
    const sentAt = performance.now()
    for (const frame of toSend) {
      if (!client.isOpen) break
      client.socket.send(frame)
    }
    if (probe && client.isOpen) {
      const answered = new Promise<number>((resolve) =>
        client.socket.on('message', (data: Buffer) => {
          if (framing.isSyncStep2(data)) resolve(performance.now())
        }),
      )
      client.socket.send(framing.probe(room))
      const end = await Promise.race([answered, client.endWithin(HANDLED_BOUND_MS)])
      if (typeof end === 'number') return { outcome: { type: 'handled', afterMs: end - sentAt }, joined }
      return { outcome: end === null ? { type: 'left-open', afterMs: HANDLED_BOUND_MS } : classifyEnd(end, sentAt), joined }
    }
    const end = await client.endWithin(LEFT_OPEN_AFTER_MS)
    // With nothing to send the room id itself is the input: times count from the upgrade.
    return { outcome: classifyEnd(end, toSend.length === 0 ? openedAt : sentAt), joined }
  } finally {
    client.terminate()
  }
}

/** Whether a newcomer got into a room: the server answered its sync step 1, or how it was turned away. */
export type Join = { joined: true; afterMs: number } | { joined: false; outcome: Outcome }

/** Opens a connection to `room` as any client would and reports whether it got in (within LEFT_OPEN_AFTER_MS of the upgrade). */
export async function tryJoin(framing: Framing, room: string): Promise<Join> {
  const client = new HostileSocket(framing, room)
  try {
    const startedAt = performance.now()
    const refusal = refusalOf(await handshakeOf(client))
    if (refusal) return { joined: false, outcome: refusal }
    const end = await Promise.race([client.joined.then(() => 'joined' as const), client.endWithin(LEFT_OPEN_AFTER_MS)])
    if (end === 'joined') return { joined: true, afterMs: performance.now() - startedAt }
    return { joined: false, outcome: classifyEnd(end, startedAt) }
  } finally {
    client.terminate()
  }
}

/** The outcome of a handshake that did not open the socket; null when it opened. */
function refusalOf(handshake: Handshake): Outcome | null {
  if (handshake.type === 'refused') return { type: 'refused', status: handshake.status, body: handshake.body }
  if (handshake.type === 'error') return { type: 'connect-failed', message: handshake.message }
  return null
}

/** The handshake, or an error when the server did not answer the upgrade in time (an outcome, not a bench failure). */
export async function handshakeOf(probe: HostileSocket): Promise<Handshake> {
  let timer: NodeJS.Timeout | undefined
  const noAnswer = new Promise<Handshake>((resolve) => {
    timer = setTimeout(() => resolve({ type: 'error', message: `no answer to the upgrade within ${HANDSHAKE_TIMEOUT_MS / 1000} s` }), HANDSHAKE_TIMEOUT_MS)
  })
  try {
    return await Promise.race([probe.handshake, noAnswer])
  } finally {
    clearTimeout(timer)
  }
}

export function classifyEnd(end: { closed: Closed } | { documentClosed: DocumentClosed } | null, since: number): Outcome {
  if (end === null) return { type: 'left-open', afterMs: LEFT_OPEN_AFTER_MS }
  // A close that came before the input was even sent shows as 0 ms.
  if ('documentClosed' in end) return { type: 'document-closed', reason: end.documentClosed.reason, afterMs: Math.max(0, end.documentClosed.at - since) }
  const { code, reason, at } = end.closed
  const afterMs = Math.max(0, at - since)
  return code === 1005 || code === 1006 ? { type: 'no-code', code, afterMs } : { type: 'closed', code, reason, afterMs }
}

export function describeOutcome(outcome: Outcome): string {
  const after = (ms: number) => (ms < 1000 ? `after ${ms.toFixed(0)} ms` : `after ${(ms / 1000).toFixed(1)} s`)
  switch (outcome.type) {
    case 'closed':
      return `closed with ${outcome.code}${outcome.reason ? ` "${outcome.reason}"` : ' (no reason)'} ${after(outcome.afterMs)}`
    case 'refused':
      return `HTTP ${outcome.status} before the upgrade${outcome.body ? ` "${outcome.body.trim()}"` : ''}`
    case 'document-closed':
      return `document closed by a Hocuspocus close message "${outcome.reason}" ${after(outcome.afterMs)}, socket left open`
    case 'no-code':
      return `socket ended without a close code (${outcome.code}) ${after(outcome.afterMs)}`
    case 'left-open':
      return `left open after ${(outcome.afterMs / 1000).toFixed(0)} s`
    case 'handled':
      return `not closed; all of it handled (a sync step 1 sent behind it answered) ${after(outcome.afterMs)}`
    case 'server-dropped':
      return `dropped by the server ${after(outcome.afterMs)}; reading again it found ${outcome.code === null ? 'nothing' : outcome.code === 1006 ? 'no close frame (1006)' : `close ${outcome.code}${outcome.reason ? ` "${outcome.reason}"` : ''}`}`
    case 'crashed':
      return 'the server process crashed'
    case 'connect-failed':
      return `could not connect (${outcome.message})`
  }
}

/** Closed with a code or refused before the upgrade; for the slow reader, which cannot read a close frame, let go of by the server. */
export function closedWithCode(outcome: Outcome): boolean {
  return outcome.type === 'closed' || outcome.type === 'refused' || outcome.type === 'server-dropped'
}

export function shortOutcome(outcome: Outcome): string {
  switch (outcome.type) {
    case 'closed':
      return `closed ${outcome.code}`
    case 'refused':
      return `HTTP ${outcome.status}`
    case 'document-closed':
      return 'document closed'
    case 'no-code':
      return `ended, no code (${outcome.code})`
    case 'left-open':
      return `left open ${(outcome.afterMs / 1000).toFixed(0)} s`
    case 'handled':
      return `not closed, all handled after ${(outcome.afterMs / 1000).toFixed(1)} s`
    case 'server-dropped':
      return `dropped after ${(outcome.afterMs / 1000).toFixed(1)} s`
    case 'crashed':
      return '**crashed**'
    case 'connect-failed':
      return 'could not connect'
  }
}
