/**
 * The operator's metrics (issue 20, point 4) on a real server with LevelDB:
 * after a room load, writes over both transports, an upload, a compaction
 * (the room unloads) and HTTP answers of several statuses, /metrics has every
 * series with plausible values and labels that name no room. The Grafana
 * dashboard in server/deploy/ is checked against the same /metrics, so a
 * renamed metric cannot leave it stale. (PostgreSQL and Redis: cluster.test.ts.)
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchMetrics, metricValue, parseMetrics, type MetricSample } from '../../bench/seed-metrics.ts'
import { UPLOAD_PATHS } from '../../shared/upload-api.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { createPng } from '../../test-support/png.ts'

const ROOM = 'metrics-room-4f2a'
const HTTP_ROOM = 'metrics-http-room-9c1e'
const PNG = createPng({ width: 8, height: 8 })
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
const DASHBOARD_FILE = new URL('../deploy/grafana-dashboard.json', import.meta.url)

describe('metrics of a LevelDB server', () => {
  let seed: TestServer
  /** Scraped while both clients were connected. */
  let whileConnected: MetricSample[]
  /** Scraped once everything below was done and the rooms unloaded. */
  let after: MetricSample[]
  let metricsText: string

  beforeAll(async () => {
    seed = await startTestServer({ ROOM_UNLOAD_GRACE_MS: '50' })
    const clients: NodeClient[] = [connectClient(seed.wsUrl, ROOM), connectClient(seed.wsUrl, HTTP_ROOM, { transport: 'http' })]
    try {
      await Promise.all(clients.map((client) => client.synced()))
      for (const [index, client] of clients.entries()) client.text.insert(0, `written over transport ${index}`)
      whileConnected = await fetchMetrics(seed.url)
      const uploaded = await fetch(new URL(UPLOAD_PATHS.uploads(ROOM), seed.url), { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: new Uint8Array(PNG) })
      expect(uploaded.status).toBe(201)
      expect((await fetch(new URL('healthz', seed.url))).status).toBe(200)
      expect((await fetch(new URL(`no-such-file-${ROOM}.txt`, seed.url))).status).toBe(404)
      expect((await fetch(new URL(`api/rooms/${ROOM}/nothing-here`, seed.url))).status).toBe(404)
      expect((await fetch(new URL('api/v1/documents', seed.url))).status).toBe(401)
    } finally {
      for (const client of clients) client.destroy()
    }
    await waitFor(() => seed.stats().loadedRooms === 0, 'both rooms unloaded (and compacted)')
    metricsText = await (await fetch(new URL('metrics', seed.url))).text()
    after = parseMetrics(metricsText)
  }, 30_000)

  afterAll(async () => {
    await seed?.dispose()
  })

  it('counts open connections by transport', () => {
    expect(metricValue(whileConnected, 'seed_connections_open', { transport: 'websocket' })).toBe(1)
    expect(metricValue(whileConnected, 'seed_connections_open', { transport: 'http' })).toBe(1)
    expect(metricValue(after, 'seed_connections_open')).toBe(0)
  })

  it('times room loads and the store per backend and operation, and measures compactions and the stored bytes', () => {
    expect(metricValue(after, 'seed_room_load_seconds_count')).toBe(2)
    expect(metricValue(after, 'seed_room_load_seconds_sum')).toBeGreaterThan(0)
    for (const operation of ['append', 'load', 'compact', 'put-upload']) {
      expect(metricValue(after, 'seed_store_operation_seconds_count', { backend: 'leveldb', operation }), operation).toBeGreaterThan(0)
    }
    expect(metricValue(after, 'seed_compacted_document_bytes_count', { backend: 'leveldb' })).toBe(2)
    expect(metricValue(after, 'seed_compacted_document_bytes_sum', { backend: 'leveldb' })).toBeGreaterThan(0)
    expect(metricValue(after, 'seed_store_bytes', { backend: 'leveldb' })).toBeGreaterThan(PNG.length)
  })

  it('counts uploads and their bytes', () => {
    expect(metricValue(after, 'seed_uploads_total')).toBe(1)
    expect(metricValue(after, 'seed_upload_bytes_total')).toBe(PNG.length)
  })

  it('counts HTTP responses by method, route template and status', () => {
    const responses = (labels: Record<string, string>) => metricValue(after, 'seed_http_responses_total', labels)
    expect(responses({ method: 'GET', route: '/healthz', status: '200' })).toBe(1)
    expect(responses({ method: 'POST', route: '/api/rooms/{room}/uploads', status: '201' })).toBe(1)
    expect(responses({ method: 'GET', route: '/*', status: '404' })).toBe(1)
    expect(responses({ method: 'GET', route: '/api/*', status: '404' })).toBe(1)
    expect(responses({ method: 'GET', route: '/api/v1/documents', status: '401' })).toBe(1)
    // The HTTP fallback's requests are counted under their templates too.
    expect(responses({ method: 'POST', route: '/api/rooms/{room}/sessions', status: '201' })).toBe(1)
  })

  it('labels nothing with a room, a path or an upload id', () => {
    const labelValues = after.flatMap((sample) => Object.values(sample.labels))
    expect(labelValues.filter((value) => value.includes('metrics-') || value.includes('no-such-file'))).toEqual([])
  })

  it('reports the version and commit, and no PostgreSQL pool or Redis connection without them', () => {
    const info = after.filter((sample) => sample.name === 'seed_build_info')
    expect(info).toEqual([{ name: 'seed_build_info', labels: { version: PACKAGE_VERSION, commit: expect.any(String) as string }, value: 1 }])
    expect(info[0]!.labels.commit).not.toBe('')
    expect(after.filter((sample) => sample.name === 'seed_postgres_pool_clients' || sample.name === 'seed_redis_connected')).toEqual([])
  })

  it('has every metric the Grafana dashboard queries', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as DashboardJson
    const expressions = dashboardExpressions(dashboard)
    expect(expressions.length).toBeGreaterThan(10)
    const used = new Set(expressions.flatMap((expression) => expression.match(/\bseed_\w+/g) ?? []))
    // A series without samples yet (a labelled gauge nobody set) is still listed by its # TYPE line.
    const listed = new Set([...after.map((sample) => sample.name), ...[...metricsText.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!)])
    expect([...used].filter((name) => !listed.has(name))).toEqual([])
    expect(dashboard.__inputs.map((input) => input.name)).toEqual(['DS_PROMETHEUS'])
    for (const panel of dashboard.panels.filter((panel) => panel.type !== 'row')) expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' })
  })
})

interface DashboardJson {
  __inputs: Array<{ name: string }>
  panels: Array<{ type: string; title: string; datasource?: unknown; targets?: Array<{ expr: string }> }>
  templating: { list: Array<{ definition?: string }> }
}

/** Every PromQL expression of the dashboard: its panels' queries and its variables'. */
function dashboardExpressions(dashboard: DashboardJson): string[] {
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ...dashboard.templating.list.flatMap((variable) => (variable.definition ? [variable.definition] : [])),
  ]
}
