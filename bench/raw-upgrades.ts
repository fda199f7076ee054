/**
 * WebSocket upgrade requests written byte for byte on plain TCP sockets, for
 * the malformed-upgrade attack of bench/hostile-attacks.ts: ones `ws` refuses
 * (bad key, no version) and ones whose client goes away half way. Sent in
 * waves from this process's one address; returns what the server answered.
 */
import { connect, type Socket } from 'node:net'
import type { MalformedUpgrade } from '../test-support/bad-inputs.ts'

/** Upgrades in flight at once: a steady stream, not a storm that the connection limit alone would answer. */
const WAVE = 25
/** How long one request waits for the server's answer or close before it is counted as unanswered. */
const ANSWER_BOUND_MS = 5_000

/**
 * Sends `count` upgrades for `wsUrl`, taking the kinds of `upgrades` in turn;
 * returns how many got each answer ("HTTP 400", "closed, no answer", …).
 */
export async function sendMalformedUpgrades(wsUrl: string, upgrades: readonly MalformedUpgrade[], count: number): Promise<Map<string, number>> {
  const url = new URL(wsUrl)
  const tally = new Map<string, number>()
  for (let sent = 0; sent < count; sent += WAVE) {
    const wave = Array.from({ length: Math.min(WAVE, count - sent) }, (_, i) => upgrades[(sent + i) % upgrades.length]!)
    const answers = await Promise.all(wave.map((upgrade) => sendOne(url, upgrade)))
    for (const answer of answers) tally.set(answer, (tally.get(answer) ?? 0) + 1)
  }
  return tally
}

function sendOne(url: URL, upgrade: MalformedUpgrade): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname)
    let answer = ''
    const finish = (result: string) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => finish(upgrade.hangUp ? 'ended by us' : 'no answer'), ANSWER_BOUND_MS)
    socket.on('error', () => finish('connection error'))
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1')
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)
      if (status) finish(`HTTP ${status[1]}`)
    })
    socket.on('close', () => finish(upgrade.hangUp ? 'ended by us' : 'closed, no answer'))
    socket.on('connect', () => {
      const request = upgrade.request(`${url.pathname}${url.search}`, url.host)
      // Reset once the whole request is written: the server has it, and finds the client gone while it decides.
      if (upgrade.hangUp) socket.write(request, () => socket.resetAndDestroy())
      else socket.write(request)
    })
  })
}
