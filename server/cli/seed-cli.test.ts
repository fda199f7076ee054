/**
 * The `seed` tool (issue 20 point 5) as an operator runs it: a child process
 * (through tsx) against a real Seed server on LevelDB and a real PostgreSQL.
 * Moving a deployment: a backup of the running LevelDB server (through it:
 * its directory is locked) restored into PostgreSQL, and back into LevelDB,
 * documents, metadata, uploads and versions equal; migrations as their own step.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { UPLOAD_PATHS, type UploadResponse } from '../../shared/upload-api.ts'
import { createPng } from '../../test-support/png.ts'
import { usePostgres } from '../../test-support/postgres-fixture.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { renderDocument } from '../documents/document-content.ts'
import { versionContent } from '../documents/version-content.ts'
import { versionView, type VersionView } from '../documents/version-view.ts'
import { LevelVersionStore } from '../storage/level-version-store.ts'
import { PostgresStore } from '../storage/postgres-store.ts'
import { PostgresVersionStore } from '../storage/postgres-version-store.ts'
import type { VersionStore } from '../storage/version-store.ts'

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const API_KEY = 'the-api-key-of-the-cli-test-0123456789'
const DOCUMENTS = [
  { id: 'plans', title: 'Plans', content: '# Plans\n\nHello **world**.\n\n- one\n- two\n' },
  { id: 'notes', title: 'Notes', content: 'Some notes, with a [link](https://example.com).\n' },
]
const IMAGE = createPng({ width: 3, height: 2 })
/** What plans says in its first version, "First draft"; its second, "Final", is its content. */
const PLANS_DRAFT = '# Plans\n\nA draft.\n'

/** A version as the API lists it, but for its id: a restore numbers versions anew (server/backup/restore-backup.ts). */
const withoutId = ({ id: _id, ...version }: VersionView) => version

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** `seed …args` with the server's configuration in `env` (a scratch DATA_DIR unless given). */
function seed(args: string[], env: Record<string, string>): Promise<Run> {
  const { DATABASE_URL: _database, API_KEY: _key, SEED_API_KEY: _seedKey, ...inherited } = process.env
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, DATA_DIR: path.join(scratch, 'unused-data'), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

let scratch: string

describe.skipIf(!serviceInstalled('postgres'))('the seed command-line tool', () => {
  const postgres = usePostgres()
  let server: ServerProcess
  /** The running server's documents as its API lists them, and each one's text. */
  let listed: object[]
  const texts: Record<string, string> = {}
  let uploadId: string
  /** Plans' versions as the running server lists them, and the text of "First draft". */
  let plansVersions: VersionView[]
  let draftText: string
  /** A backup of the running LevelDB server, and a LevelDB directory restored from PostgreSQL. */
  let levelBackup: string
  let restoredLevelDir: string

  const api = (pathname: string, init: RequestInit = {}) =>
    fetch(new URL(pathname, server.url), { ...init, headers: { Authorization: `Bearer ${API_KEY}`, ...init.headers } })
  const saveVersion = async (id: string, name: string) => {
    const saved = await api(`/api/v1/documents/${id}/versions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) })
    expect(saved.status).toBe(201)
  }

  /** The versions of `id` a store holds, as the API lists them but for their ids, and the text of the one named `name`. */
  async function storedVersions(versions: VersionStore, id: string, name: string) {
    const listed = await versions.listVersions(id)
    const named = listed.find((version) => version.name === name)!
    const text = renderDocument(versionContent((await versions.versionState(id, named.seq))!).json, 'text')
    return { versions: listed.map((version) => withoutId(versionView(version))), text }
  }

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'seed-cli-test-'))
    levelBackup = path.join(scratch, 'level.ndjson.gz')
    restoredLevelDir = path.join(scratch, 'restored-level')
    server = await startSeed({ env: { API_KEY, ROOM_UNLOAD_GRACE_MS: '0' } })
    for (const { id, title, content } of DOCUMENTS) {
      const first = id === 'plans' ? PLANS_DRAFT : content
      const created = await api('/api/v1/documents', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id, title, content: first, format: 'markdown' }) })
      expect(created.status).toBe(201)
    }
    await saveVersion('plans', 'First draft')
    const changedAt = Date.now()
    const changed = await api('/api/v1/documents/plans', { method: 'PUT', headers: { 'Content-Type': 'text/markdown' }, body: DOCUMENTS[0]!.content })
    expect(changed.ok).toBe(true)
    await saveVersion('plans', 'Final')
    const uploaded = await fetch(new URL(UPLOAD_PATHS.uploads('plans'), server.url), { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: new Uint8Array(IMAGE) })
    uploadId = ((await uploaded.json()) as UploadResponse).id
    // Metadata is recorded after the content: wait until both documents have theirs.
    await vi.waitFor(
      async () => {
        const { documents } = (await (await api('/api/v1/documents')).json()) as { documents: Array<{ id: string; updatedAt: number | null }> }
        expect(documents.every((document) => document.updatedAt !== null)).toBe(true)
        expect(documents.find((document) => document.id === 'plans')!.updatedAt).toBeGreaterThanOrEqual(changedAt)
        listed = documents
      },
      { timeout: 10_000, interval: 50 },
    )
    for (const { id } of DOCUMENTS) texts[id] = await (await api(`/api/v1/documents/${id}?format=text`)).text()
    plansVersions = ((await (await api('/api/v1/documents/plans/versions')).json()) as { versions: VersionView[] }).versions
    expect(plansVersions.map((version) => version.name)).toEqual(['Final', 'First draft'])
    draftText = await (await api(`/api/v1/documents/plans/versions/${plansVersions[1]!.id}?format=text`)).text()
    expect(draftText).toContain('A draft.')
  })
  afterAll(async () => {
    await server?.dispose()
    await rm(scratch, { recursive: true, force: true })
  })

  it('says its version', async () => {
    const { version } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
    const run = await seed(['--version'], {})
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^seed ${version.replaceAll('.', '\\.')}( \\(commit [0-9a-f]+\\))?\\n$`)) })
  })

  it('backs up and restores a running LevelDB server through the server, and says so in a sentence when pointed at its locked directory', async () => {
    const mistyped = await seed(['backup', path.join(scratch, 'never.gz')], { DATA_DIR: path.join(scratch, 'no-such-dir') })
    expect(mistyped).toMatchObject({ code: 2, stderr: expect.stringMatching(/^seed: There is no LevelDB data directory at .+no-such-dir: set DATA_DIR/) })
    const locked = await seed(['documents', 'list'], { DATA_DIR: server.dataDir })
    expect(locked.code).toBe(2)
    expect(locked.stderr).toMatch(/^seed: The LevelDB data directory .+ is in use by a running Seed server .+ with --server http:\/\/.+ SEED_API_KEY\.\n$/)

    const backedUp = await seed(['backup', levelBackup, '--server', server.url], { SEED_API_KEY: API_KEY })
    expect(backedUp).toMatchObject({ code: 0, stderr: `Backed up to ${levelBackup}.\n` })
    const list = await seed(['documents', 'list', '--server', server.url], { SEED_API_KEY: API_KEY })
    expect(list.stdout.split('\n').slice(1, 3).map((row) => row.split('\t').slice(0, 2))).toEqual([
      ['notes', '"Notes"'],
      ['plans', '"Plans"'],
    ])

    // Restoring through the running server: refused over its documents, then replacing them (as the API deletes: whoever has one open is closed).
    const refused = await seed(['restore', levelBackup, '--server', server.url], { SEED_API_KEY: API_KEY })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^seed: The server refused: 2 document\(s\) of the backup exist already .+ \(HTTP 409\)\n$/)
    const replaced = await seed(['restore', levelBackup, '--replace', '--server', server.url], { SEED_API_KEY: API_KEY })
    expect(replaced.stderr).toBe(`restored 1 of 2 documents\nrestored 2 of 2 documents\nRestored 2 documents (2 replaced), 1 uploads and 2 versions from ${levelBackup}.\n`)
    expect(await (await api('/api/v1/documents/plans?format=text')).text()).toBe(texts.plans)
    // The deletion's removal of the versions does not take the restored ones with it.
    const restoredVersions = ((await (await api('/api/v1/documents/plans/versions')).json()) as { versions: VersionView[] }).versions
    expect(restoredVersions.map(withoutId)).toEqual(plansVersions.map(withoutId))
  })

  it('restores into PostgreSQL (moving a deployment): content, metadata, uploads and versions equal; over existing documents only with --replace', async () => {
    const database = await postgres.freshDatabase()
    const restored = await seed(['restore', levelBackup], { DATABASE_URL: database })
    expect(restored.code).toBe(0)
    expect(restored.stderr).toContain('restored 2 of 2 documents\nRestored 2 documents (0 replaced), 1 uploads and 2 versions')

    const list = await seed(['documents', 'list', '--json'], { DATABASE_URL: database })
    expect(list.stdout.trim().split('\n').map((line) => JSON.parse(line) as object)).toEqual(listed)
    const exported = await seed(['documents', 'export', 'plans', '--format', 'text'], { DATABASE_URL: database })
    expect(exported.stdout).toBe(texts.plans)
    const store = await PostgresStore.open({ connectionString: database, poolSize: 1, onIdleConnectionError: () => undefined })
    try {
      const upload = await store.getUpload('plans', uploadId)
      expect(upload?.contentType).toBe('image/png')
      expect(Buffer.from(upload!.bytes).equals(IMAGE)).toBe(true)
    } finally {
      await store.close()
    }
    const versions = await PostgresVersionStore.open({ connectionString: database, onIdleConnectionError: () => undefined })
    try {
      expect(await storedVersions(versions, 'plans', 'First draft')).toEqual({ versions: plansVersions.map(withoutId), text: draftText })
    } finally {
      await versions.close()
    }

    const refused = await seed(['restore', levelBackup], { DATABASE_URL: database })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^seed: 2 document\(s\) of the backup exist already \(notes, plans\): nothing was restored; restore with --replace/)
    const replaced = await seed(['restore', levelBackup, '--replace'], { DATABASE_URL: database })
    expect(replaced.stderr).toContain('Restored 2 documents (2 replaced), 1 uploads and 2 versions')
  })

  it('backs up PostgreSQL directly and restores into LevelDB, whose documents it then lists, exports and deletes with their versions', async () => {
    const database = await postgres.freshDatabase()
    expect((await seed(['restore', levelBackup], { DATABASE_URL: database })).code).toBe(0)
    const postgresBackup = path.join(scratch, 'postgres.ndjson.gz')
    expect((await seed(['backup', postgresBackup], { DATABASE_URL: database })).code).toBe(0)
    expect((await seed(['restore', postgresBackup], { DATA_DIR: restoredLevelDir })).code).toBe(0)

    const exported = await seed(['documents', 'export', 'notes', '--format', 'text'], { DATA_DIR: restoredLevelDir })
    expect(exported.stdout).toBe(texts.notes)
    // Opened only between the tool's runs: LevelDB lets one process open a directory.
    const withLevelVersions = async <T>(use: (versions: VersionStore) => Promise<T>): Promise<T> => {
      const versions = await LevelVersionStore.open(path.join(restoredLevelDir, 'versions'), { fsync: false })
      try {
        return await use(versions)
      } finally {
        await versions.close()
      }
    }
    expect(await withLevelVersions((versions) => storedVersions(versions, 'plans', 'First draft'))).toEqual({ versions: plansVersions.map(withoutId), text: draftText })
    expect(await seed(['documents', 'delete', 'plans'], { DATA_DIR: restoredLevelDir })).toMatchObject({ code: 0, stderr: 'Deleted document plans.\n' })
    const list = await seed(['documents', 'list', '--json'], { DATA_DIR: restoredLevelDir })
    expect(list.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['notes'])
    // LevelDB keeps versions in a directory of their own: the tool removes them with the document.
    expect(await withLevelVersions((versions) => versions.listVersions('plans'))).toEqual([])
  })

  it('migrates as its own step, so that a server whose user has data privileges only starts; without it, that server says to run it', async () => {
    const database = await postgres.freshDatabase()
    const role = `seed_data_${Date.now().toString(36)}`
    const owner = new pg.Client({ connectionString: database })
    await owner.connect()
    try {
      await owner.query(`CREATE ROLE ${role} LOGIN`)
      // PostgreSQL before 15 lets everyone create tables in public.
      await owner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC')
      const asRole = new URL(database)
      asRole.username = role
      const dataOnly = { env: { DATABASE_URL: asRole.href } }

      await expect(startSeed(dataOnly)).rejects.toThrow(/exited \(code 2[\s\S]*The database's Seed schema is at version 0, this Seed needs version \d+, and the DATABASE_URL user may not create tables: run `npx seed migrate`/)
      const migrated = await seed(['migrate'], { DATABASE_URL: database })
      expect(migrated).toMatchObject({ code: 0, stderr: expect.stringMatching(/^Migrated the schema to version \d+ \(applied 1(, \d+)*\)\.\n$/) })
      await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`)

      // With webhooks too: their deliveries table is created by the migration, not by a server that may not.
      const webhooks = { WEBHOOK_URLS: 'http://127.0.0.1:9/seed-hook', WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }
      const serving = await startSeed({ env: { ...dataOnly.env, ...webhooks, API_KEY } })
      try {
        const created = await fetch(new URL('/api/v1/documents', serving.url), {
          method: 'POST',
          headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'text/markdown' },
          body: 'Written by a user with data privileges only.\n',
        })
        expect(created.status).toBe(201)
      } finally {
        await serving.dispose()
      }
    } finally {
      // The role goes with the block's throwaway PostgreSQL server.
      await owner.end()
    }
  })
})
