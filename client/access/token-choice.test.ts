import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import type { AccessCheck } from './access-api.ts'
import { chooseToken, claimedPermission, tokenCandidates } from './token-choice.ts'

const granted = (permission: 'edit' | 'view'): AccessCheck => ({ kind: 'granted', permission, expiresAt: null, name: null })
const refused: AccessCheck = { kind: 'refused', status: 401, error: 'The token has expired.' }

/** A server that answers each token from a table, and records what it was asked. */
function server(answers: Record<string, AccessCheck>, otherwise: AccessCheck = refused) {
  const asked: (string | null)[] = []
  const check = async (token: string | null): Promise<AccessCheck> => {
    asked.push(token)
    return token === null ? otherwise : (answers[token] ?? otherwise)
  }
  return { asked, check }
}

describe('tokenCandidates', () => {
  it('tries the link’s own token first, then the edit token this device kept, then its view token, each once', () => {
    expect(tokenCandidates('link', { edit: 'e', view: 'v' })).toEqual(['link', 'e', 'v'])
    expect(tokenCandidates(null, { view: 'v', edit: 'e' })).toEqual(['e', 'v'])
    expect(tokenCandidates('v', { edit: 'e', view: 'v' })).toEqual(['v', 'e'])
    expect(tokenCandidates(null, undefined)).toEqual([])
  })
})

describe('chooseToken', () => {
  it('takes the first token the server grants and asks no further', async () => {
    const { asked, check } = server({ e: granted('edit'), v: granted('view') })
    expect(await chooseToken(['e', 'v'], check)).toEqual({ token: 'e', check: granted('edit'), refused: [] })
    expect(asked).toEqual(['e'])
  })

  it('falls back past refused tokens, and names them so the device forgets them', async () => {
    const { check } = server({ v: granted('view') })
    expect(await chooseToken(['link', 'e', 'v'], check)).toEqual({ token: 'v', check: granted('view'), refused: ['link', 'e'] })
  })

  it('explains the first refusal when every token is refused', async () => {
    const forbidden: AccessCheck = { kind: 'refused', status: 403, error: 'For another room.' }
    const { check } = server({ e: refused, v: forbidden })
    expect(await chooseToken(['e', 'v'], check)).toEqual({ token: 'e', check: refused, refused: ['e', 'v'] })
  })

  it('stops at an answer another token would hear too: the server unreachable, the document deleted', async () => {
    const unreachable = server({}, { kind: 'unreachable' })
    expect(await chooseToken(['e', 'v'], unreachable.check)).toEqual({ token: 'e', check: { kind: 'unreachable' }, refused: [] })
    expect(unreachable.asked).toEqual(['e'])
    const deleted = server({ v: { kind: 'deleted' } })
    expect(await chooseToken(['e', 'v'], deleted.check)).toEqual({ token: 'v', check: { kind: 'deleted' }, refused: ['e'] })
  })

  it('asks without a token when there is none', async () => {
    const { asked, check } = server({})
    expect(await chooseToken([], check)).toEqual({ token: null, check: refused, refused: [] })
    expect(asked).toEqual([null])
  })
})

describe('claimedPermission', () => {
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('k'.repeat(32)))

  it('reads the permission a token claims for this room, whatever its signature', async () => {
    expect(claimedPermission(await sign({ room: 'notes', perm: 'view' }), 'notes')).toBe('view')
    expect(claimedPermission(`${(await sign({ room: 'notes', perm: 'edit' })).slice(0, -4)}AAAA`, 'notes')).toBe('edit')
  })

  it('is null for a token for another room, without a permission, or that is not a token at all', async () => {
    expect(claimedPermission(await sign({ room: 'other', perm: 'edit' }), 'notes')).toBeNull()
    expect(claimedPermission(await sign({ room: 'notes', perm: 'admin' }), 'notes')).toBeNull()
    expect(claimedPermission('not-a-token', 'notes')).toBeNull()
  })
})
