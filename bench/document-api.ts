/**
 * `npm run bench:document-api`: how long the document API takes on a 1 MB and
 * a 16 MB document (issue 19). Per size: the document is created
 * from Markdown, then GET in every format and PUT of the whole content with
 * one paragraph changed (what an integration syncing from another system
 * does) are timed DOCUMENT_API_ROUNDS times each, with a stock y-websocket
 * client connected so every PUT also reaches a person; and once after the
 * room was unloaded (the first GET loads it). Seed only: the reference server
 * and Hocuspocus have no document API. Written to the document-api section of
 * bench/RESULTS.md.
 */
import { connectBenchClient } from './bench-client.ts'
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { readNumberEnv } from './env-number.ts'
import { describeMachine } from './machine.ts'
import { commandLine, ms, runHeaderLines, writeResultsSection } from './report.ts'
import { startServer, type BenchServer } from './servers.ts'
import { summarize } from './stats.ts'
import { waitFor } from '../test-support/node-client.ts'

const API_KEY = 'bench-document-api-key-0123456789abcdef'
// 16 MB: the largest round size whose Markdown stays under the parser's 20 MiB bound (MAX_CONTENT_BYTES).
const SIZES_MB = [1, 16]
const ROUNDS = readNumberEnv('DOCUMENT_API_ROUNDS', { fallback: 10, min: 1, max: 1000, unit: 'rounds', integer: true })
const FORMATS = ['json', 'html', 'markdown', 'text', 'yjs'] as const
const PARAGRAPH = 'The quick brown fox jumps over the lazy dog while the collaborative editor keeps every keystroke. '.repeat(4).trim()
const UNLOAD_GRACE_MS = 500

interface SizeResult {
  megabytes: number
  storedBytes: number
  createMs: number
  coldGetMs: number
  getMs: Record<(typeof FORMATS)[number], number[]>
  putMs: number[]
  /** PUT sent → the connected client holds the change. */
  putSeenMs: number[]
}

/** Markdown of about `megabytes` MB: numbered paragraphs, so a PUT can change exactly one. */
function markdownOf(megabytes: number, changed: number | null = null): string {
  const count = Math.ceil((megabytes * 1024 * 1024) / (PARAGRAPH.length + 2))
  const lines: string[] = []
  for (let i = 0; i < count; i++) lines.push(`${i === changed ? 'Changed' : 'Paragraph'} ${i}. ${PARAGRAPH}`)
  return lines.join('\n\n')
}

async function call(server: BenchServer, method: string, path: string, body?: string, contentType = 'text/markdown'): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now()
  const response = await fetch(new URL(path, server.httpUrl), {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body,
  })
  const answer = await response.arrayBuffer()
  const elapsed = performance.now() - started
  if (response.status >= 400) throw new Error(`${method} ${path} answered ${response.status}: ${Buffer.from(answer).toString('utf8').slice(0, 300)}`)
  const bytes = answer.byteLength
  return { status: response.status, bytes, ms: elapsed }
}

async function measureSize(server: BenchServer, megabytes: number): Promise<SizeResult> {
  const id = `bench-${megabytes}mb`
  const created = await call(server, 'POST', '/api/v1/documents', JSON.stringify({ id, content: markdownOf(megabytes), format: 'markdown' }), 'application/json')
  const path = `/api/v1/documents/${id}`
  const result: SizeResult = { megabytes, storedBytes: 0, createMs: created.ms, coldGetMs: 0, getMs: { json: [], html: [], markdown: [], text: [], yjs: [] }, putMs: [], putSeenMs: [] }
  // Nobody holds the room: it unloads after the grace period, and the next GET loads it from the store.
  await new Promise((resolve) => setTimeout(resolve, UNLOAD_GRACE_MS * 4))
  result.coldGetMs = (await call(server, 'GET', `${path}?format=json`)).ms
  result.storedBytes = (await call(server, 'GET', `${path}?format=yjs`)).bytes
  const person = connectBenchClient(server, id)
  try {
    await person.synced()
    const fragment = person.doc.getXmlFragment('default')
    for (let round = 0; round < ROUNDS; round++) {
      for (const format of FORMATS) result.getMs[format].push((await call(server, 'GET', `${path}?format=${format}`)).ms)
      const marker = `Changed ${round % 7}.`
      const sent = performance.now()
      result.putMs.push((await call(server, 'PUT', path, markdownOf(megabytes, round % 7))).ms)
      await waitFor(() => fragment.toString().includes(marker), 'the PUT at the connected client', 60_000)
      result.putSeenMs.push(performance.now() - sent)
      // Back to the original, so the next round changes one paragraph again.
      await call(server, 'PUT', path, markdownOf(megabytes))
    }
  } finally {
    person.destroy()
  }
  return result
}

function report(results: SizeResult[]): string {
  const p50 = (values: number[]) => ms(summarize(values).p50)
  const p95 = (values: number[]) => ms(summarize(values).p95)
  const rows = results.flatMap((r) => [
    `| ${r.megabytes} MB (${(r.storedBytes / 1024 / 1024).toFixed(1)} MiB stored) | create from Markdown | ${ms(r.createMs)} | — |`,
    `| | first GET json (room not loaded) | ${ms(r.coldGetMs)} | — |`,
    ...FORMATS.map((format) => `| | GET ${format} | ${p50(r.getMs[format])} | ${p95(r.getMs[format])} |`),
    `| | PUT Markdown, one paragraph changed | ${p50(r.putMs)} | ${p95(r.putMs)} |`,
    `| | PUT sent → connected client has it | ${p50(r.putSeenMs)} | ${p95(r.putSeenMs)} |`,
  ])
  return [
    '## Document API: GET and PUT on a 1 MB and a 16 MB document',
    '',
    ...runHeaderLines(commandLine('bench:document-api', 'bench/document-api.ts', ['DOCUMENT_API_ROUNDS']), describeMachine()),
    `- ${ROUNDS} rounds per figure; a stock y-websocket client is connected during the rounds. Seed only (the others have no document API).`,
    '',
    '| Document | Call | p50 | p95 |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

runBenchmark(async () => {
  const liftTimeBound = boundRunTime('bench:document-api', 20 * 60_000)
  const server = await startServer('seed', { seedEnv: { API_KEY, ROOM_UNLOAD_GRACE_MS: String(UNLOAD_GRACE_MS), LOG_LEVEL: 'warn' } })
  const results: SizeResult[] = []
  try {
    for (const megabytes of SIZES_MB) {
      process.stdout.write(`${megabytes} MB document\n`)
      results.push(await measureSize(server, megabytes))
    }
  } finally {
    await server.dispose()
  }
  liftTimeBound()
  await writeResultsSection('document-api', report(results))
})
