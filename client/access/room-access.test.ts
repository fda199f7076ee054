import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { decideRoomAccess, refusalCloseCode } from './room-access.ts'

const WITH_TOKEN = { hadToken: true, offlinePermission: null, existence: null }

describe('decideRoomAccess', () => {
  it('opens the document with the permission the server granted', () => {
    const check = { kind: 'granted', permission: 'view', expiresAt: null, name: null } as const
    expect(decideRoomAccess(check, WITH_TOKEN)).toEqual({ page: 'document', permission: 'view' })
  })

  it('says there is no document where nothing was ever written, keeping the permission (it decides who may start one)', () => {
    const check = { kind: 'granted', permission: 'edit', expiresAt: null, name: null } as const
    expect(decideRoomAccess(check, { ...WITH_TOKEN, existence: 'missing' })).toEqual({ page: 'missing', permission: 'edit' })
  })

  it('says the document was deleted when the server answers 410, to the access check or to the existence check', () => {
    const granted = { kind: 'granted', permission: 'edit', expiresAt: null, name: null } as const
    expect(decideRoomAccess(granted, { ...WITH_TOKEN, existence: 'deleted' })).toEqual({ page: 'deleted' })
    expect(decideRoomAccess({ kind: 'deleted' }, WITH_TOKEN)).toEqual({ page: 'deleted' })
    expect(decideRoomAccess({ kind: 'deleted' }, { ...WITH_TOKEN, offlinePermission: 'edit' })).toEqual({ page: 'deleted' })
  })

  it('falls back to the permission remembered on this device when the server cannot be reached', () => {
    expect(decideRoomAccess({ kind: 'unreachable' }, { ...WITH_TOKEN, offlinePermission: 'view' })).toEqual({
      page: 'document',
      permission: 'view',
    })
  })

  it('says it cannot open offline what this device never had', () => {
    expect(decideRoomAccess({ kind: 'unreachable' }, WITH_TOKEN)).toMatchObject({
      page: 'unreachable',
      title: 'This document is not on this device',
    })
  })

  it('calls a refused token not valid, and passes on the server’s reason', () => {
    const access = decideRoomAccess({ kind: 'refused', status: 401, error: 'The token has expired.' }, WITH_TOKEN)
    expect(access).toMatchObject({ page: 'refused', title: 'This link is not valid', detail: 'The token has expired.' })
    expect(access.page === 'refused' && access.message).toMatch(/Ask the person who shared it/)
  })

  it('says a link for something else does not give access to this document', () => {
    expect(decideRoomAccess({ kind: 'refused', status: 403, error: '' }, WITH_TOKEN)).toMatchObject({
      page: 'refused',
      title: 'This link does not give access to this document',
      detail: null,
    })
  })

  it('asks for the full link when the address came without a token', () => {
    expect(decideRoomAccess({ kind: 'refused', status: 401, error: 'Send ?token=' }, { hadToken: false, offlinePermission: null, existence: null })).toMatchObject({
      page: 'refused',
      title: 'This document needs a sharing link',
      detail: null,
    })
  })

  it('never opens a refused document, whatever this device remembers', () => {
    expect(decideRoomAccess({ kind: 'refused', status: 401, error: '' }, { ...WITH_TOKEN, offlinePermission: 'edit' }).page).toBe('refused')
  })
})

describe('refusalCloseCode', () => {
  it('maps HTTP refusals to the close codes the status explains', () => {
    expect(refusalCloseCode(401)).toBe(CloseCode.unauthorized)
    expect(refusalCloseCode(403)).toBe(CloseCode.forbidden)
  })
})
