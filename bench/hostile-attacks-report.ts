/**
 * The attacks' part of the hostile section of bench/RESULTS.md (see
 * bench/hostile-report.ts): how each attack is run, what it did on each
 * server (the attacker's own end, what became of everyone else), the healthy
 * room and memory around it, and how many attacks hurt someone other than
 * the attacker. Rendering only.
 */
import { AWARENESS_NESTING_DEPTH, TINY_MESSAGES_BATCH_BYTES } from '../test-support/bad-inputs.ts'
import { MALFORMED_UPGRADE_COUNT, MALFORMED_UPGRADES } from '../test-support/malformed-upgrades.ts'
import { ATTACKER_NAME, ATTACKS, MEMBERS_BOUND_MS, POST_BOUND_MS, POST_GROWTH_ALLOWANCE_BYTES, VICTIM_NAME, WATCH_AFTER_MS, type AttackEffect } from './hostile-attacks.ts'
import type { AttackResult } from './hostile-battery.ts'
import { describeOutcome, LEFT_OPEN_AFTER_MS, shortOutcome } from './hostile-exchange.ts'
import { OUTSIDE_CLIENT_ADDRESS, type ProxyHeaderResult } from './proxy-header.ts'
import { UPGRADES_PER_WAVE } from './raw-upgrades.ts'
import { mib, MIB } from './report.ts'

/** What this part reads of one server's run. */
export interface AttackRun {
  label: string
  battery: { attacks: readonly AttackResult[] }
  /** Seed only: the spoofed Forwarded header behind TRUST_PROXY=1; null for the servers that read no address header. */
  proxyHeader: ProxyHeaderResult | null
}

const PROXY_TITLE = 'a client-sent `Forwarded: for=127.0.0.1` behind TRUST_PROXY=1, asking for /metrics'

export function attackSetupLines(): string[] {
  return [
    '- **Attacks** (issue 17), after the battery, in this order, each beside the healthy room and each in a room of its own. The',
    '  attacker is a raw client like the battery\'s; "hurts others" means someone other than the attacker was closed, turned away or',
    `  impersonated, or the server grew past the bound. The attacker's connection is watched until it ends or for ${LEFT_OPEN_AFTER_MS / 1000} s (then dropped);`,
    `  where the others' harm could come later (decoder disagreement, presence takeover), the bench waits ${WATCH_AFTER_MS / 1000} s more before looking.`,
    '  - *Decoder disagreement*: two stock clients edit the room; the attacker sends a sync update (`decoderDisagreementUpdate()` in',
    '    `test-support/bad-inputs.ts`, 17 bytes) that `Y.applyUpdate` takes, leaving a struct pending, and that `Y.decodeUpdate` /',
    '    `Y.mergeUpdates` / `Y.encodeStateVectorFromUpdate` refuse: a struct info byte 0x8A, a Skip to the one reader, an Item with',
    `    content ref 10 to the other. Reported: the members' close codes and whether they still converge (bound ${MEMBERS_BOUND_MS / 1000} s).`,
    `  - *Nested, then broken awareness*: one stock member in the room; one awareness message whose first entry is ${AWARENESS_NESTING_DEPTH.toLocaleString('en-US')} nested`,
    '    arrays (JSON.parse takes it, JSON.stringify overflows the stack) and whose second is broken JSON. Then a newcomer (raw) tries to',
    '    join: "joined" once the server answered its sync step 1.',
    `  - *Presence takeover*: a victim (stock) sets its name "${VICTIM_NAME}", a third member (stock) sees it; the attacker sends an awareness entry`,
    `    with the victim's client id, the victim's clock + 1 and the name "${ATTACKER_NAME}". Reported: every name the third member saw for the victim.`,
    `  - *Tiny-message POST* (Seed only; the others have no HTTP fallback): one session POSTs ${mib(TINY_MESSAGES_BATCH_BYTES, 0)} MiB of two-byte batch entries`,
    `    (${(TINY_MESSAGES_BATCH_BYTES / 2).toLocaleString('en-US')} query-awareness messages; answer awaited up to ${POST_BOUND_MS / 1000} s). Reported: the answer and the server's peak RSS growth; hurts`,
    `    others when it grows more than the body plus ${POST_GROWTH_ALLOWANCE_BYTES / MIB} MiB.`,
    `  - *Malformed upgrades*: ${MALFORMED_UPGRADE_COUNT} upgrade requests written on raw TCP sockets from 127.0.0.1, ${UPGRADES_PER_WAVE} at a time, the kinds in turn:`,
    `    ${MALFORMED_UPGRADES.map((u) => u.name).join('; ')}. Then a good connection from the same address to the same room and to another.`,
    `  - *Spoofed Forwarded* (Seed only, on its own fresh process with \`TRUST_PROXY=1\`): the bench stands in for an nginx that sets`,
    `    \`X-Forwarded-For: ${OUTSIDE_CLIENT_ADDRESS}\` and asks for /metrics (loopback only), without and with the client's own \`Forwarded: for=127.0.0.1\`.`,
  ]
}

/** `2 of 6`: attacks that hurt someone other than the attacker, of those that apply to this server. */
export function attacksHurting(run: AttackRun): string {
  const verdicts = [...run.battery.attacks.flatMap((a) => (a.effect === null ? [] : [a.effect.harmed])), ...(run.proxyHeader ? [proxyHarmed(run.proxyHeader)] : [])]
  const unknown = verdicts.filter((v) => v === null).length
  return `${verdicts.filter((v) => v === true).length} of ${verdicts.length}${unknown > 0 ? ` (${unknown} could not be told)` : ''}`
}

export function renderAttackTables(runs: readonly AttackRun[]): string[] {
  const labels = runs.map((r) => r.label)
  const cell = (r: AttackRun, id: string, pick: (a: AttackResult) => string) => {
    const result = r.battery.attacks.find((a) => a.attack.id === id)
    return result ? pick(result) : '–'
  }
  return [
    '### Attacks',
    '',
    'Per attack and server: how the attacker\'s own connection ended, then what became of everyone else.',
    '',
    `| Attack | ${labels.join(' | ')} |`,
    `|---|${labels.map(() => '---').join('|')}|`,
    ...ATTACKS.map((attack) => `| ${attack.title} | ${runs.map((r) => cell(r, attack.id, (a) => effectCell(a.effect))).join(' | ')} |`),
    `| ${PROXY_TITLE} | ${runs.map((r) => proxyCell(r.proxyHeader)).join(' | ')} |`,
    '',
    '### Healthy room and server memory per attack',
    '',
    'As for the battery: ms until the healthy room converged after the attack; RSS peak during it / after it, MiB.',
    '',
    `| Attack | ${labels.map((l) => `${l} healthy | ${l} RSS`).join(' | ')} |`,
    `|---|${labels.map(() => '--:|--:').join('|')}|`,
    ...ATTACKS.map(
      (attack) =>
        `| ${attack.title} | ${runs
          .map((r) =>
            [
              cell(r, attack.id, (a) => (a.effect === null ? 'n/a' : a.healthyMs === null ? 'no' : a.healthyMs.toFixed(0))),
              cell(r, attack.id, (a) => (a.effect === null ? 'n/a' : `${mib(a.peakRssBytes, 0)} / ${mib(a.rssAfterBytes, 0)}`)),
            ].join(' | '),
          )
          .join(' | ')} |`,
    ),
    '',
  ]
}

/** One line per applicable attack for the "Close reasons and details" list of `run`. */
export function attackDetailLines(run: AttackRun): string[] {
  return [
    ...run.battery.attacks.flatMap(({ attack, effect, restarted }) => {
      if (effect === null) return []
      const attacker = effect.attacker === null ? '' : `the attacker ${describeOutcome(effect.attacker)}; `
      return [`  - ${attack.title}: ${attacker}${effect.others}${effect.detail ? ` (${effect.detail})` : ''}${restarted ? '; restarted' : ''}.`]
    }),
    ...(run.proxyHeader
      ? [`  - ${PROXY_TITLE}: X-Forwarded-For alone answered HTTP ${run.proxyHeader.proxiedStatus}; with the client's Forwarded, HTTP ${run.proxyHeader.spoofedStatus}.`]
      : []),
  ]
}

function effectCell(effect: AttackEffect | null): string {
  if (effect === null) return 'n/a'
  const attacker = effect.attacker === null ? '' : `attacker ${shortOutcome(effect.attacker)}; `
  return `${attacker}${effect.others} — ${verdict(effect.harmed)}`
}

function proxyCell(result: ProxyHeaderResult | null): string {
  if (result === null) return 'n/a'
  return `X-Forwarded-For alone HTTP ${result.proxiedStatus}, with the client's Forwarded HTTP ${result.spoofedStatus} — ${verdict(proxyHarmed(result))}`
}

/** The client read /metrics only thanks to its own header (when the proxy's header alone already opened it, the check says nothing). */
function proxyHarmed(result: ProxyHeaderResult): boolean | null {
  if (result.proxiedStatus === 200) return null
  return result.spoofedStatus === 200
}

function verdict(harmed: boolean | null): string {
  return harmed === null ? 'could not be told' : harmed ? '**hurts others**' : 'contained'
}
