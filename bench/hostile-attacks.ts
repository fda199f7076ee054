/**
 * The attacks of issue 17 for bench/hostile.ts: what one hostile client does
 * to everyone else. Unlike the bad inputs of the battery, each needs more
 * than its own connection to show its harm: members of the same room, a
 * newcomer, a third member watching a presence, a good connection from the
 * same address, the server's memory. The bytes come from
 * test-support/bad-inputs.ts and test-support/malformed-upgrades.ts, which
 * the tests share. Seed's HTTP fallback is Seed's alone: the other servers
 * get "n/a" for the attack on it.
 */
import type { Awareness } from 'y-protocols/awareness'
import {
  decoderDisagreementUpdate,
  nestedThenBrokenAwareness,
  presenceTakeoverAwareness,
  TINY_MESSAGES_BATCH_BYTES,
  tinyMessagesBatch,
} from '../test-support/bad-inputs.ts'
import { MALFORMED_UPGRADE_COUNT, MALFORMED_UPGRADES } from '../test-support/malformed-upgrades.ts'
import { waitFor } from '../test-support/node-client.ts'
import { RawHttpSession } from '../test-support/raw-http-session.ts'
import { encodeAwarenessUpdate, encodeSyncUpdate } from '../server/protocol/encode-message.ts'
import { connectBenchClient, type BenchClient } from './bench-client.ts'
import { HealthyRoom } from './healthy-room.ts'
import { describeOutcome, sendFrames, shortOutcome, tryJoin, type Join, type Outcome } from './hostile-exchange.ts'
import type { Framing } from './hostile-framing.ts'
import { isProcessAlive } from './process-alive.ts'
import { ProcessUsageMonitor, readStatusBytes } from './process-usage.ts'
import { MIB, mib } from './report.ts'
import { sleep, withTimeout } from './scenario.ts'
import type { BenchServer, ServerKind } from './servers.ts'
import { sendMalformedUpgrades } from './raw-upgrades.ts'

export type AttackId = 'decoder-disagreement' | 'nested-awareness' | 'presence-takeover' | 'tiny-messages-post' | 'malformed-upgrades'

export interface Attack {
  id: AttackId
  title: string
  /** The servers that have what it aims at. */
  servers: readonly ServerKind[]
}

export interface AttackEffect {
  /** How the attacker's own connection ended; null where it has none that could (the POST, the upgrades). */
  attacker: Outcome | null
  /** What it did to everyone else, in a few words. */
  others: string
  /** Someone else was closed, turned away, impersonated or the server grew past the bound; null when it could not be told. */
  harmed: boolean | null
  detail: string
}

const ALL: readonly ServerKind[] = ['seed', 'reference', 'hocuspocus']

/** In this order: the malformed upgrades come last, as they may lock this process's address out of the server. */
export const ATTACKS: readonly Attack[] = [
  {
    id: 'decoder-disagreement',
    title: 'an update Y.applyUpdate takes (pending) and Y.mergeUpdates refuses, into a room of two',
    servers: ALL,
  },
  {
    id: 'nested-awareness',
    title: 'awareness: a deeply nested state, then broken JSON',
    servers: ALL,
  },
  {
    id: 'presence-takeover',
    title: "awareness with another member's client id and a higher clock",
    servers: ALL,
  },
  {
    id: 'tiny-messages-post',
    title: `one ${TINY_MESSAGES_BATCH_BYTES / MIB} MiB POST of two-byte messages to the HTTP fallback`,
    servers: ['seed'],
  },
  {
    id: 'malformed-upgrades',
    title: `${MALFORMED_UPGRADE_COUNT} malformed WebSocket upgrades from one address`,
    servers: ALL,
  },
]

/** After the attacker's connection ended: time for the server to act on what it stored or relayed. */
export const WATCH_AFTER_MS = 2_000
/** Bound for the members of an attacked room to converge again, or to first sync. */
export const MEMBERS_BOUND_MS = 10_000
/** Bound on the POST: a server that reads its messages one by one may take far longer to answer. */
export const POST_BOUND_MS = 60_000
/** Growth beyond the body itself up to which the POST counts as harmless ("a few MiB beyond the body", issue 17). */
export const POST_GROWTH_ALLOWANCE_BYTES = 8 * MIB
/** The POST's answer body is cut to this many characters: enough to show what the server said. */
const ANSWER_CHARS = 160
export const VICTIM_NAME = 'victim'
export const ATTACKER_NAME = 'mallory'

/** Runs `attack` on `server`; a bench step that fails (a member never synced) is reported as such, not thrown. */
export async function runAttack(server: BenchServer, framing: Framing, attack: Attack): Promise<AttackEffect> {
  try {
    switch (attack.id) {
      case 'decoder-disagreement':
        return await decoderDisagreement(server, framing)
      case 'nested-awareness':
        return await nestedAwareness(server, framing)
      case 'presence-takeover':
        return await presenceTakeover(server, framing)
      case 'tiny-messages-post':
        return await tinyMessagesPost(server)
      case 'malformed-upgrades':
        return await malformedUpgrades(framing)
    }
  } catch (error) {
    return { attacker: null, others: 'could not be run', harmed: null, detail: error instanceof Error ? error.message : String(error) }
  }
}

/** Two members edit the room; the attacker's update goes in beside them. Are they closed, do they still converge? */
async function decoderDisagreement(server: BenchServer, framing: Framing): Promise<AttackEffect> {
  const room = 'attack-decoder'
  const members = await HealthyRoom.open(server, room)
  try {
    const { outcome } = await sendFrames(framing, room, (r) => [framing.wrap(r, encodeSyncUpdate(decoderDisagreementUpdate()))])
    await sleep(WATCH_AFTER_MS)
    const convergedMs = await members.converges(MEMBERS_BOUND_MS)
    const codes = members.closeCodes
    return {
      attacker: outcome,
      others: codes.length === 0 ? 'both members kept' : `members closed: ${codes.join(', ')}`,
      harmed: codes.length > 0 || convergedMs === null,
      detail: convergedMs === null ? 'the members no longer converge' : `the members converge (${convergedMs.toFixed(0)} ms)`,
    }
  } finally {
    members.close()
  }
}

/** A member stays in the room; after the attack a newcomer tries to join it. */
async function nestedAwareness(server: BenchServer, framing: Framing): Promise<AttackEffect> {
  const room = 'attack-awareness'
  const member = await syncedClient(server, room)
  try {
    const { outcome } = await sendFrames(framing, room, (r) => [framing.wrap(r, encodeAwarenessUpdate(nestedThenBrokenAwareness()))])
    const join = await tryJoin(framing, room)
    const memberCodes = member.closeCodes
    return {
      attacker: outcome,
      others: `newcomer ${joinText(join)}; member ${memberCodes.length === 0 ? 'kept' : `closed ${memberCodes.join(', ')}`}`,
      harmed: !join.joined || memberCodes.length > 0,
      detail: join.joined ? `the newcomer got in after ${join.afterMs.toFixed(0)} ms` : `the newcomer: ${describeOutcome(join.outcome)}`,
    }
  } finally {
    member.destroy()
  }
}

/** A victim with a name and a third member watching it; the attacker claims the victim's client id. */
async function presenceTakeover(server: BenchServer, framing: Framing): Promise<AttackEffect> {
  const room = 'attack-presence'
  const victim = connectBenchClient(server, room)
  const observer = connectBenchClient(server, room)
  try {
    await withTimeout(Promise.all([victim.synced(), observer.synced()]), MEMBERS_BOUND_MS, 'the victim and the observer to sync')
    const victimId = victim.awareness.clientID
    victim.awareness.setLocalStateField('user', { name: VICTIM_NAME })
    await waitFor(() => nameOf(observer.awareness, victimId) === VICTIM_NAME, "the observer to see the victim's name", MEMBERS_BOUND_MS)
    const seen: Array<string | null> = [VICTIM_NAME]
    const onChange = () => {
      const name = nameOf(observer.awareness, victimId)
      if (seen.at(-1) !== name) seen.push(name)
    }
    observer.awareness.on('change', onChange)
    const victimClock = victim.awareness.meta.get(victimId)?.clock ?? 0
    const takeover = presenceTakeoverAwareness(victimId, victimClock, ATTACKER_NAME)
    const { outcome } = await sendFrames(framing, room, (r) => [framing.wrap(r, encodeAwarenessUpdate(takeover))])
    await sleep(WATCH_AFTER_MS)
    observer.awareness.off('change', onChange)
    return {
      attacker: outcome,
      others: `the observer saw the victim as ${seen.map((name) => (name === null ? '(gone)' : `"${name}"`)).join(' → ')}`,
      harmed: seen.some((name) => name !== VICTIM_NAME),
      detail: '',
    }
  } finally {
    victim.destroy()
    observer.destroy()
  }
}

/** Seed's HTTP fallback: one session POSTs the batch; the server's RSS is sampled until it answers. */
async function tinyMessagesPost(server: BenchServer): Promise<AttackEffect> {
  const session = await RawHttpSession.open(server.httpUrl, 'attack-post')
  const rssBefore = readStatusBytes(server.pid, 'VmRSS')
  const usage = ProcessUsageMonitor.start(server.pid)
  let answer: string
  let body = ''
  try {
    const response = await session.send({ raw: tinyMessagesBatch() }, AbortSignal.timeout(POST_BOUND_MS))
    body = (await response.text()).slice(0, ANSWER_CHARS)
    answer = `HTTP ${response.status}`
  } catch (error) {
    answer = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${POST_BOUND_MS / 1000} s` : 'connection failed'
  }
  if (!isProcessAlive(server.pid)) {
    usage.cancel()
    return { attacker: { type: 'crashed' }, others: 'server crashed', harmed: true, detail: answer }
  }
  const growth = usage.stop().peakRssBytes - rssBefore
  await session.leave().catch(() => undefined)
  return {
    attacker: null,
    others: `${answer}; server RSS +${mib(growth, 0)} MiB at its peak`,
    harmed: growth > TINY_MESSAGES_BATCH_BYTES + POST_GROWTH_ALLOWANCE_BYTES,
    detail: [`${(TINY_MESSAGES_BATCH_BYTES / 2).toLocaleString('en-US')} messages`, body ? `answer "${body}"` : ''].filter(Boolean).join('; '),
  }
}

/** The upgrades in waves, then a good connection from the same address to the same room and to another. */
async function malformedUpgrades(framing: Framing): Promise<AttackEffect> {
  const room = 'attack-upgrades'
  const tally = await sendMalformedUpgrades(framing.url(room), MALFORMED_UPGRADES, MALFORMED_UPGRADE_COUNT)
  const sameRoom = await tryJoin(framing, room)
  const otherRoom = await tryJoin(framing, 'attack-upgrades-after')
  return {
    attacker: null,
    others: `then a good connection: same room ${joinText(sameRoom)}, another room ${joinText(otherRoom)}`,
    harmed: !sameRoom.joined || !otherRoom.joined,
    detail: `answers to the upgrades: ${[...tally].map(([answer, n]) => `${n} ${answer}`).join(', ')}`,
  }
}

async function syncedClient(server: BenchServer, room: string): Promise<BenchClient> {
  const client = connectBenchClient(server, room)
  try {
    await withTimeout(client.synced(), MEMBERS_BOUND_MS, `a member of ${room} to sync`)
  } catch (error) {
    client.destroy()
    throw error
  }
  return client
}

function nameOf(awareness: Awareness, clientId: number): string | null {
  const state = awareness.getStates().get(clientId) as { user?: { name?: unknown } } | undefined
  return typeof state?.user?.name === 'string' ? state.user.name : null
}

function joinText(join: Join): string {
  return join.joined ? 'joined' : shortOutcome(join.outcome)
}
