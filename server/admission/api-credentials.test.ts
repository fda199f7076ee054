import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { ConfigError } from '../errors.ts'
import { ApiCredentials, callerMay, parseApiKeysFile, sha256Of, singleApiKey, writerOf, type ApiCaller } from './api-credentials.ts'

const SECRET = 'a-key-of-this-test-run-0123456789abcdef'
const hex = (secret: string) => sha256Of(secret).toString('hex')

describe('API_KEYS_FILE', () => {
  it('reads named keys with their scopes, keeping only hashes', () => {
    const parsed = parseApiKeysFile('keys.json', JSON.stringify([{ name: 'ci', sha256: hex(SECRET), scopes: ['read', 'write'] }]))
    expect(parsed).toEqual({ keys: [{ name: 'ci', sha256: sha256Of(SECRET), scopes: ['read', 'write'] }] })
  })

  it('names the file and the entry of every problem', () => {
    const parsed = parseApiKeysFile(
      'keys.json',
      JSON.stringify([
        { name: 'ok', sha256: hex(SECRET), scopes: ['admin'] },
        { name: 'plain', sha256: SECRET, scopes: ['read'] },
        { name: 'ok', sha256: hex('x'), scopes: ['read'] },
        { name: 'scopeless', sha256: hex('y'), scopes: ['everything'] },
        { sha256: hex('z'), scopes: ['read'], extra: 1 },
      ]),
    )
    expect('problems' in parsed && parsed.problems).toEqual([
      expect.stringMatching(/^API_KEYS_FILE="keys.json", entry 1 \("plain"\): "sha256" must be the 64 hex digits/),
      expect.stringMatching(/^API_KEYS_FILE="keys.json", entry 2 \("ok"\): the name is used twice/),
      expect.stringMatching(/^API_KEYS_FILE="keys.json", entry 3 \("scopeless"\): "scopes" must be a non-empty list of "read", "write", "admin"/),
      expect.stringMatching(/^API_KEYS_FILE="keys.json", entry 4: "name" must be/),
      expect.stringMatching(/^API_KEYS_FILE="keys.json", entry 4: unknown field\(s\) extra/),
    ])
  })

  it('refuses a file that is not a JSON list', () => {
    expect(parseApiKeysFile('k', 'not json')).toEqual({ problems: [expect.stringContaining('API_KEYS_FILE="k" is not JSON')] })
    expect(parseApiKeysFile('k', '{}')).toEqual({ problems: [expect.stringContaining('must hold a non-empty JSON list')] })
  })
})

describe('loadConfig and the API keys', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-api-keys-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env)
    } catch (error) {
      if (error instanceof ConfigError) return error.problems
      throw error
    }
    return []
  }

  it('has no key by default, one "default" key with every scope from API_KEY', () => {
    expect(loadConfig({}).apiKeys).toEqual([])
    expect(loadConfig({ API_KEY: SECRET }).apiKeys).toEqual([singleApiKey(SECRET)])
  })

  it('refuses a short API_KEY without printing it, both variables at once, and a bad or missing file naming it and the entry', async () => {
    const short = problemsOf({ API_KEY: 'short-key' })
    expect(short).toEqual([expect.stringMatching(/^API_KEY\(9 characters\) must be at least 32 characters/)])
    const file = path.join(dir, 'keys.json')
    await writeFile(file, JSON.stringify([{ name: 'ci', sha256: 'abc', scopes: ['read'] }]))
    expect(problemsOf({ API_KEY: SECRET, API_KEYS_FILE: file })).toEqual([expect.stringContaining('API_KEY and API_KEYS_FILE are both set')])
    expect(problemsOf({ API_KEYS_FILE: file })).toEqual([expect.stringContaining(`API_KEYS_FILE=${JSON.stringify(file)}, entry 0 ("ci"): "sha256"`)])
    expect(problemsOf({ API_KEYS_FILE: path.join(dir, 'missing.json') })).toEqual([expect.stringContaining('cannot be read (ENOENT)')])
  })

  it('reads a good API_KEYS_FILE', async () => {
    const file = path.join(dir, 'good.json')
    await writeFile(file, JSON.stringify([{ name: 'reader', sha256: hex(SECRET).toUpperCase(), scopes: ['read'] }]))
    expect(loadConfig({ API_KEYS_FILE: file }).apiKeys).toEqual([{ name: 'reader', sha256: sha256Of(SECRET), scopes: ['read'] }])
  })
})

describe('ApiCredentials', () => {
  const reader = { name: 'reader', sha256: sha256Of('reader-secret'), scopes: ['read'] as const }
  const admin = { name: 'admin', sha256: sha256Of('admin-secret'), scopes: ['read', 'write', 'admin'] as const }

  it('finds the key whose secret the token is, and none for anything else', () => {
    const credentials = new ApiCredentials([reader, admin])
    expect(credentials.configured).toBe(true)
    expect(credentials.keyFor('admin-secret')).toBe(admin)
    expect(credentials.keyFor('reader-secret')).toBe(reader)
    expect(credentials.keyFor('reader-secret ')).toBeNull()
    expect(credentials.keyFor(reader.sha256.toString('hex'))).toBeNull()
    expect(new ApiCredentials([]).configured).toBe(false)
    expect(new ApiCredentials([]).keyFor('anything')).toBeNull()
  })

  it('lets a key act within its scopes on any document', () => {
    const caller: ApiCaller = { kind: 'apiKey', key: reader }
    expect(callerMay(caller, 'read', null)).toBe(true)
    expect(callerMay(caller, 'read', 'any')).toBe(true)
    expect(callerMay(caller, 'write', 'any')).toBe(false)
    expect(writerOf(caller)).toEqual({ subject: 'api-key:reader', name: 'reader' })
    expect(writerOf({ kind: 'apiKey', key: singleApiKey(SECRET) })).toEqual({ subject: 'api-key:default', name: 'default' })
  })

  it('lets a room token read its own document, write it only with edit permission, and nothing else', () => {
    const token = (permission: 'edit' | 'view'): ApiCaller => ({
      kind: 'roomToken',
      roomId: 'mine',
      grant: { identity: { subject: 'ada', name: 'Ada' }, permission, expiresAt: null },
    })
    expect(callerMay(token('view'), 'read', 'mine')).toBe(true)
    expect(callerMay(token('view'), 'write', 'mine')).toBe(false)
    expect(callerMay(token('edit'), 'write', 'mine')).toBe(true)
    expect(callerMay(token('edit'), 'read', 'other')).toBe(false)
    expect(callerMay(token('edit'), 'read', null)).toBe(false)
    expect(callerMay(token('edit'), 'admin', 'mine')).toBe(false)
    expect(writerOf(token('edit'))).toEqual({ subject: 'ada', name: 'Ada' })
  })
})
