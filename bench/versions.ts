/**
 * `npm run bench:versions`: what version history costs on a 1 MB document
 * (issue 21 point 6). VERSIONS_COUNT versions (1,000 by default), each the
 * full encoded state of the document with one more paragraph changed, are
 * written into the version store (LevelDB, then PostgreSQL); then a Seed on
 * that store answers the history's calls over HTTP: the list, and a
 * version's preview as HTML (what the history panel fetches when someone
 * chooses one). Reported: disk used by the versions (the LevelDB directory;
 * the PostgreSQL table with its TOAST and index), time to store one, and the
 * latencies of the two calls. Seed runs in this process (the stores are
 * filled before it opens them); the figures are Seed's alone. Written to the
 * versions section of bench/RESULTS.md.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import * as Y from 'yjs'
import { DOCUMENT_FIELD } from '../shared/document-schema.ts'
import { LevelVersionStore } from '../server/storage/level-version-store.ts'
import { PostgresVersionStore } from '../server/storage/postgres-version-store.ts'
import type { VersionStore } from '../server/storage/version-store.ts'
import { startTestServer, type TestServer } from '../test-support/in-process-server.ts'
import { PostgresServer } from '../test-support/postgres-server.ts'
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { readNumberEnv } from './env-number.ts'
import { describeMachine, type MachineInfo } from './machine.ts'
import { commandLine, mib, ms, runHeaderLines, writeResultsSection } from './report.ts'
import { summarize } from './stats.ts'

const API_KEY = 'bench-versions-api-key-0123456789abcdef'
const ROOM = 'bench-versions'
const COUNT = readNumberEnv('VERSIONS_COUNT', { fallback: 1000, min: 2, max: 100_000, unit: 'versions', integer: true })
const CALLS = 30
const DOCUMENT_BYTES = 1024 * 1024
/** Words of a made-up vocabulary: text that compresses about as well as prose does, not as a repeated sentence would. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'sur', 'va', 'pre', 'dor', 'el', 'qui', 'bra', 'no', 'tis', 'ga', 'ment', 'ru']
const WORDS_PER_PARAGRAPH = 70
/** No version of the server's own while the bench runs: it reads what the bench wrote. */
const NO_AUTOMATIC_VERSIONS = { VERSION_AFTER_IDLE_MS: String(24 * 3_600_000), VERSION_MAX_INTERVAL_MS: String(24 * 3_600_000) }

interface BackendResult {
  backend: string
  diskBytes: number
  storeMs: number[]
  listMs: number[]
  previewMs: number[]
  previewBytes: number
}

/** A document of about 1 MB of paragraphs, and a way to change one of them (what an edit between two versions does). */
function benchDocument(): { doc: Y.Doc; changeParagraph: (round: number) => void } {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD)
  // A fixed pseudo-random sequence (an LCG): every run writes the same document.
  let seed = 42
  const next = (below: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed % below
  }
  const word = () => Array.from({ length: 1 + next(3) }, () => SYLLABLES[next(SYLLABLES.length)]).join('')
  const paragraphs: string[] = []
  for (let bytes = 0; bytes < DOCUMENT_BYTES; bytes += paragraphs.at(-1)!.length) {
    paragraphs.push(`Paragraph ${paragraphs.length}. ${Array.from({ length: WORDS_PER_PARAGRAPH }, word).join(' ')}.`)
  }
  const count = paragraphs.length
  doc.transact(() => {
    for (const text of paragraphs) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      fragment.push([paragraph])
    }
  })
  const changeParagraph = (round: number) => {
    const text = (fragment.get((round * 37) % count) as Y.XmlElement).get(0) as Y.XmlText
    text.delete(0, 9)
    text.insert(0, `Edit ${round}.`)
  }
  return { doc, changeParagraph }
}

/** Writes COUNT versions of the document, timing each write. */
async function fillVersions(store: VersionStore, doc: Y.Doc, changeParagraph: (round: number) => void): Promise<number[]> {
  const storeMs: number[] = []
  for (let seq = 1; seq <= COUNT; seq++) {
    changeParagraph(seq)
    const state = Y.encodeStateAsUpdate(doc)
    const started = performance.now()
    await store.addVersion(ROOM, { seq, createdAt: Date.now(), name: null, auto: true, authors: [{ subject: null, name: 'Bench' }], wordsAdded: 2, wordsRemoved: 2, state })
    storeMs.push(performance.now() - started)
    if (seq % 100 === 0) process.stdout.write(`  ${seq} versions\n`)
  }
  return storeMs
}

async function directoryBytes(directory: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name)
    total += entry.isDirectory() ? await directoryBytes(full) : (await stat(full)).size
  }
  return total
}

async function timed(server: TestServer, pathname: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now()
  const response = await fetch(new URL(pathname, server.url), { headers: { Authorization: `Bearer ${API_KEY}` } })
  const body = await response.arrayBuffer()
  const elapsed = performance.now() - started
  if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`)
  return { ms: elapsed, bytes: body.byteLength }
}

/**
 * Creates the document on a server of the store, before its versions are
 * written (creating a document removes whatever versions its id had).
 */
async function createDocument(env: Record<string, string>, doc: Y.Doc): Promise<void> {
  const server = await startTestServer({ API_KEY, ...NO_AUTOMATIC_VERSIONS, ...env })
  const headers = { Authorization: `Bearer ${API_KEY}` }
  try {
  const created = await fetch(new URL('/api/v1/documents', server.url), { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ id: ROOM }) })
  if (created.status !== 201) throw new Error(`creating the document answered ${created.status}`)
  const updated = await fetch(new URL(`/api/v1/documents/${ROOM}/updates`, server.url), {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(Y.encodeStateAsUpdate(doc)),
  })
  if (updated.status !== 204) throw new Error(`writing the document answered ${updated.status}`)
  } finally {
    await server.close()
  }
}

/** The history's two calls, CALLS times each. */
async function measureCalls(server: TestServer): Promise<Pick<BackendResult, 'listMs' | 'previewMs' | 'previewBytes'>> {
  const listMs: number[] = []
  const previewMs: number[] = []
  let previewBytes = 0
  for (let call = 0; call < CALLS; call++) {
    const listed = await timed(server, `/api/v1/documents/${ROOM}/versions`)
    listMs.push(listed.ms)
    const preview = await timed(server, `/api/v1/documents/${ROOM}/versions/${1 + ((call * 97) % COUNT)}?format=html`)
    previewMs.push(preview.ms)
    previewBytes = preview.bytes
  }
  return { listMs, previewMs, previewBytes }
}

async function measureLevel(): Promise<BackendResult> {
  process.stdout.write('LevelDB\n')
  const { doc, changeParagraph } = benchDocument()
  const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-bench-versions-'))
  await createDocument({ DATA_DIR: dataDir }, doc)
  const versionsDir = path.join(dataDir, 'versions')
  const store = await LevelVersionStore.open(versionsDir, { fsync: false })
  const storeMs = await fillVersions(store, doc, changeParagraph)
  await store.close()
  const diskBytes = await directoryBytes(versionsDir)
  const server = await startTestServer({ API_KEY, DATA_DIR: dataDir, ...NO_AUTOMATIC_VERSIONS })
  try {
    return { backend: 'LevelDB', diskBytes, storeMs, ...(await measureCalls(server)) }
  } finally {
    await server.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function measurePostgres(): Promise<BackendResult> {
  process.stdout.write('PostgreSQL\n')
  const { doc, changeParagraph } = benchDocument()
  const postgres = await PostgresServer.start()
  try {
    const url = await postgres.createDatabase()
    await createDocument({ DATABASE_URL: url }, doc)
    const store = await PostgresVersionStore.open({ connectionString: url, onIdleConnectionError: () => undefined })
    const storeMs = await fillVersions(store, doc, changeParagraph)
    await store.close()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { rows } = await client.query<{ bytes: string }>("SELECT pg_total_relation_size('seed_versions') AS bytes")
    await client.end()
    const server = await startTestServer({ API_KEY, DATABASE_URL: url, ...NO_AUTOMATIC_VERSIONS })
    try {
      return { backend: 'PostgreSQL', diskBytes: Number(rows[0]!.bytes), storeMs, ...(await measureCalls(server)) }
    } finally {
      await server.dispose()
    }
  } finally {
    await postgres.dispose()
  }
}

function report(results: BackendResult[], stateBytes: number, machine: MachineInfo): string {
  const p50 = (values: number[]) => ms(summarize(values).p50)
  const p95 = (values: number[]) => ms(summarize(values).p95)
  return [
    '## Version history: 1,000 versions of a 1 MB document',
    '',
    ...runHeaderLines(commandLine('bench:versions', 'bench/versions.ts', ['VERSIONS_COUNT']), machine),
    `- ${COUNT} versions of one document of ${mib(stateBytes)} MiB (its encoded Yjs state), one paragraph changed between two versions; each version keeps the full state, as Seed records it.`,
    `- Seed in the bench's process on the filled store; ${CALLS} calls of each kind, one after another. The preview is a version as HTML (${mib(results[0]?.previewBytes ?? 0)} MiB), the list holds all ${COUNT} versions.`,
    ...(machine.loadAverage[0]! > machine.nproc
      ? ['', `> **Warning:** the load average was ${machine.loadAverage[0]!.toFixed(1)} on ${machine.nproc} CPUs when the run started: the latencies are skewed by other work; the disk figures are not.`]
      : []),
    '',
    '| Store | Disk used by the versions | Per version on disk | Store one version p50 / p95 | List p50 / p95 | Preview (HTML) p50 / p95 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.backend} | ${mib(r.diskBytes)} MiB | ${mib(r.diskBytes / COUNT, 2)} MiB | ${p50(r.storeMs)} / ${p95(r.storeMs)} | ${p50(r.listMs)} / ${p95(r.listMs)} | ${p50(r.previewMs)} / ${p95(r.previewMs)} |`,
    ),
    '',
    'Disk: LevelDB is the `versions` directory after the writes (Snappy-compressed blocks, before any compaction); PostgreSQL is `pg_total_relation_size(\'seed_versions\')` (the table, its TOAST with pglz-compressed states, and its primary key). Thinning (one an hour after a day, one a day after 30 days) bounds how many versions a long-lived document keeps.',
  ].join('\n')
}

runBenchmark(async () => {
  const liftTimeBound = boundRunTime('bench:versions', 20 * 60_000)
  const machine = describeMachine()
  const stateBytes = Y.encodeStateAsUpdate(benchDocument().doc).byteLength
  const results = [await measureLevel(), await measurePostgres()]
  liftTimeBound()
  await writeResultsSection('versions', report(results, stateBytes, machine))
})
