/**
 * Who may call the document API (/api/v1, server/http/documents-api.ts) and
 * for what. Two kinds of caller, both sent as `Authorization: Bearer`:
 * - an API key: `API_KEY` (named "default", every scope) or the entries of
 *   `API_KEYS_FILE` ({ name, sha256 of the secret, scopes }). The server keeps
 *   only SHA-256 hashes and compares them in constant time, each key every time;
 * - a room token (links or jwt mode), checked by the admission step with the
 *   document id as its room: it opens that one document with its own
 *   permission (view → read; edit → read and write), never a listing, a
 *   creation, a duplicate or a deletion.
 * Nothing here logs or keeps a secret or a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Writer } from '../storage/document-store.ts'
import type { Grant } from './authorization.ts'

export type ApiScope = 'read' | 'write' | 'admin'
export const API_SCOPES: readonly ApiScope[] = ['read', 'write', 'admin']

export interface ApiKey {
  readonly name: string
  /** SHA-256 of the secret (32 bytes). */
  readonly sha256: Buffer
  readonly scopes: readonly ApiScope[]
}

/** A caller whose credentials were checked: an API key, or a room token for one document. */
export type ApiCaller = { kind: 'apiKey'; key: ApiKey } | { kind: 'roomToken'; roomId: string; grant: Grant }

/** The name API_KEY's key has in `api-key:<name>` writers and in messages. */
export const SINGLE_API_KEY_NAME = 'default'

export const sha256Of = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest()

/** The key API_KEY stands for: every scope. */
export function singleApiKey(secret: string): ApiKey {
  return { name: SINGLE_API_KEY_NAME, sha256: sha256Of(secret), scopes: API_SCOPES }
}

const SHA256_HEX = /^[0-9a-f]{64}$/i
const KEY_NAME = /^[\w.-]{1,64}$/

/** API_KEYS_FILE's content: its keys, or every problem found, each naming the file and the entry. */
export function parseApiKeysFile(file: string, text: string): { keys: ApiKey[] } | { problems: string[] } {
  const where = `API_KEYS_FILE=${JSON.stringify(file)}`
  let entries: unknown
  try {
    entries = JSON.parse(text)
  } catch {
    return { problems: [`${where} is not JSON; it must hold a list: [{ "name": "ci", "sha256": "<hex of the secret's SHA-256>", "scopes": ["read"] }]`] }
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    return { problems: [`${where} must hold a non-empty JSON list of keys: [{ "name": "ci", "sha256": "<hex>", "scopes": ["read"] }]`] }
  }
  const problems: string[] = []
  const keys: ApiKey[] = []
  const names = new Set<string>()
  entries.forEach((entry: unknown, index) => {
    const { name, sha256, scopes, ...rest } = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}
    const label = typeof name === 'string' ? `entry ${index} ("${name}")` : `entry ${index}`
    const before = problems.length
    if (typeof name !== 'string' || !KEY_NAME.test(name)) problems.push(`${where}, ${label}: "name" must be 1 to 64 letters, digits, or _ . -`)
    else if (names.has(name)) problems.push(`${where}, ${label}: the name is used twice; each key needs its own`)
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      problems.push(`${where}, ${label}: "sha256" must be the 64 hex digits of the secret's SHA-256 (printf %s "$KEY" | sha256sum), not the secret itself`)
    }
    if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((scope) => API_SCOPES.includes(scope as ApiScope))) {
      problems.push(`${where}, ${label}: "scopes" must be a non-empty list of ${API_SCOPES.map((scope) => `"${scope}"`).join(', ')}`)
    }
    if (Object.keys(rest).length > 0) problems.push(`${where}, ${label}: unknown field(s) ${Object.keys(rest).join(', ')}; an entry has name, sha256 and scopes`)
    if (problems.length > before) return
    names.add(name as string)
    keys.push({ name: name as string, sha256: Buffer.from(sha256 as string, 'hex'), scopes: [...new Set(scopes as ApiScope[])] })
  })
  return problems.length > 0 ? { problems } : { keys }
}

export class ApiCredentials {
  constructor(private readonly keys: readonly ApiKey[]) {}

  /** False when neither API_KEY nor API_KEYS_FILE is set: no API key opens anything. */
  get configured(): boolean {
    return this.keys.length > 0
  }

  /** The key whose secret `token` is, or null. Every key's hash is compared, in constant time, whichever matches. */
  keyFor(token: string): ApiKey | null {
    const presented = sha256Of(token)
    let found: ApiKey | null = null
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.sha256) && found === null) found = key
    }
    return found
  }
}

/** Whether the caller may act with `scope` on `roomId` (null: the request names no single document). */
export function callerMay(caller: ApiCaller, scope: ApiScope, roomId: string | null): boolean {
  if (caller.kind === 'apiKey') return caller.key.scopes.includes(scope)
  if (roomId !== caller.roomId) return false
  if (scope === 'read') return true
  return scope === 'write' && caller.grant.permission === 'edit'
}

/** Whom a change made by the caller is attributed to: `api-key:<name>`, or the room token's identity. */
export function writerOf(caller: ApiCaller): Writer {
  if (caller.kind === 'apiKey') return { subject: `api-key:${caller.key.name}`, name: caller.key.name }
  return { subject: caller.grant.identity.subject, name: caller.grant.identity.name }
}
