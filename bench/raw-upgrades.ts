/**
 * The malformed-upgrade attack of bench/hostile-attacks.ts: the upgrades of
 * test-support/malformed-upgrades.ts, sent in waves from this process's one
 * address; returns what the server answered.
 */
import { sendMalformedUpgrade, type MalformedUpgrade } from '../test-support/malformed-upgrades.ts'

/** Upgrades in flight at once: a steady stream, not a storm that the connection limit alone would answer. */
export const UPGRADES_PER_WAVE = 25

/**
 * Sends `count` upgrades for `wsUrl`, taking the kinds of `upgrades` in turn;
 * returns how many got each answer ("HTTP 400", "closed, no answer", …).
 */
export async function sendMalformedUpgrades(wsUrl: string, upgrades: readonly MalformedUpgrade[], count: number): Promise<Map<string, number>> {
  const url = new URL(wsUrl)
  const path = `${url.pathname}${url.search}`
  const tally = new Map<string, number>()
  for (let sent = 0; sent < count; sent += UPGRADES_PER_WAVE) {
    const wave = Array.from({ length: Math.min(UPGRADES_PER_WAVE, count - sent) }, (_, i) => upgrades[(sent + i) % upgrades.length]!)
    const answers = await Promise.all(wave.map((upgrade) => sendMalformedUpgrade(wsUrl, path, upgrade)))
    for (const answer of answers) tally.set(answer, (tally.get(answer) ?? 0) + 1)
  }
  return tally
}
