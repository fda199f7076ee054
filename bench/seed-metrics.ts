/**
 * Reads Seed's Prometheus text at `<httpUrl>metrics` into samples a benchmark
 * can pick from (gauges such as seed_rooms_loaded, counters by label).
 */
import type { BenchServer } from './servers.ts'

export interface MetricSample {
  name: string
  labels: Record<string, string>
  value: number
}

const FETCH_TIMEOUT_MS = 2_000
const SAMPLE_LINE = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/
const LABEL = /([A-Za-z_]\w*)="((?:[^"\\]|\\.)*)"/g

export async function fetchMetrics(httpUrl: string): Promise<MetricSample[]> {
  const response = await fetch(new URL('metrics', httpUrl), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
  if (!response.ok) throw new Error(`GET ${httpUrl}metrics answered ${response.status}`)
  return parseMetrics(await response.text())
}

export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = SAMPLE_LINE.exec(line)
    if (!match) continue
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The sum of every sample of `name` whose labels include `labels` (0 when there is none). */
export function metricValue(samples: readonly MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0)
}

/** Seed's seed_throttled_total over every limit (times a session stopped reading until its budget refilled); null for servers without it. */
export async function throttleCount(server: Pick<BenchServer, 'kind' | 'httpUrl'>): Promise<number | null> {
  return server.kind === 'seed' ? metricValue(await fetchMetrics(server.httpUrl), 'seed_throttled_total') : null
}

/** Values of `name` by the value of one label, e.g. seed_limit_hits_total by `limit`. */
export function metricByLabel(samples: readonly MetricSample[], name: string, label: string): Map<string, number> {
  const byLabel = new Map<string, number>()
  for (const s of samples) {
    if (s.name !== name) continue
    const key = s.labels[label] ?? ''
    byLabel.set(key, (byLabel.get(key) ?? 0) + s.value)
  }
  return byLabel
}

/** `after - before` per label value, leaving out zeros: what a run added to a counter. */
export function counterDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>()
  for (const [key, value] of after) {
    const added = value - (before.get(key) ?? 0)
    if (added !== 0) delta.set(key, added)
  }
  return delta
}

/** `a=1, b=2`, or `none`. */
export function formatCounts(counts: Map<string, number>): string {
  return counts.size === 0 ? 'none' : [...counts].map(([key, value]) => `${key}: ${value}`).join(', ')
}
