import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { describeConnection, documentWasDeleted, INITIAL_CONNECTION_FACTS, type ConnectionFacts } from './connection-state.ts'

const NOW = 1_700_000_000_000

function facts(changes: Partial<ConnectionFacts>): ConnectionFacts {
  return { ...INITIAL_CONNECTION_FACTS, ...changes }
}

describe('describeConnection', () => {
  it('says connecting while the first socket opens and syncs', () => {
    expect(describeConnection(facts({ socket: 'connecting' }), NOW)).toMatchObject({ state: 'connecting', text: 'Connecting…' })
    expect(describeConnection(facts({ socket: 'open' }), NOW)).toMatchObject({ state: 'connecting', text: 'Connecting…' })
  })

  it('says saved once synced with nothing pending, and saving while local changes await the receipt', () => {
    const online = facts({ socket: 'open', synced: true })
    expect(describeConnection(online, NOW)).toMatchObject({ state: 'online-saved', text: 'Online · saved' })
    expect(describeConnection({ ...online, unsavedChanges: true }, NOW)).toMatchObject({
      state: 'online-saving',
      text: 'Online · saving…',
    })
  })

  it('says when the connection runs over the HTTP fallback', () => {
    const overHttp = facts({ socket: 'open', synced: true, transport: 'http' })
    expect(describeConnection(overHttp, NOW)).toMatchObject({ state: 'online-saved', text: 'Online · via HTTP · saved' })
    expect(describeConnection({ ...overHttp, unsavedChanges: true }, NOW)).toMatchObject({ state: 'online-saving', text: 'Online · via HTTP · saving…' })
  })

  it('says offline whenever the browser has no network, whatever the socket believes', () => {
    const status = describeConnection(facts({ networkOnline: false, socket: 'open', synced: true }), NOW)
    expect(status).toMatchObject({ state: 'offline', text: 'Offline — changes kept on this device', offerRetry: false })
  })

  it('counts down to the next reconnection attempt in whole seconds', () => {
    const waiting = facts({ failedAttempts: 3, nextRetryAt: NOW + 6_400 })
    expect(describeConnection(waiting, NOW).text).toBe('Reconnecting — changes kept on this device · next try in 7 s')
    expect(describeConnection(waiting, NOW + 1_000).text).toBe('Reconnecting — changes kept on this device · next try in 6 s')
    expect(describeConnection(waiting, NOW + 5_500).text).toBe('Reconnecting — changes kept on this device · next try in 1 s')
    expect(describeConnection(waiting, NOW).state).toBe('reconnecting')
  })

  it('says reconnecting without a countdown while an attempt is under way or due', () => {
    expect(describeConnection(facts({ failedAttempts: 1, socket: 'connecting' }), NOW)).toMatchObject({
      state: 'reconnecting',
      text: 'Reconnecting… changes kept on this device',
    })
    expect(describeConnection(facts({ failedAttempts: 1, nextRetryAt: NOW - 5 }), NOW).text).toBe('Reconnecting… changes kept on this device')
  })

  it('offers to retry at once only when the wait is noticeable', () => {
    expect(describeConnection(facts({ failedAttempts: 5, nextRetryAt: NOW + 8_000 }), NOW).offerRetry).toBe(true)
    expect(describeConnection(facts({ failedAttempts: 1, nextRetryAt: NOW + 200 }), NOW).offerRetry).toBe(false)
  })

  it('explains server closes that it keeps retrying', () => {
    const status = describeConnection(
      facts({ failedAttempts: 2, nextRetryAt: NOW + 2_000, lastCloseCode: CloseCode.roomLoadFailed }),
      NOW,
    )
    expect(status.state).toBe('reconnecting')
    expect(status.detail).toBe('The document could not be loaded on the server.')
    expect(describeConnection(facts({ failedAttempts: 1, lastCloseCode: 1006 }), NOW).detail).toBeNull()
  })

  it('stops with a human sentence and a retry button when the server refused a change', () => {
    const status = describeConnection(
      facts({ socket: 'closed', refusal: { code: CloseCode.messageTooBig, reason: '' } }),
      NOW,
    )
    expect(status).toMatchObject({
      state: 'offline',
      text: 'This change is too large for the server — it is kept on this device but was not saved to the server',
      offerRetry: true,
    })
  })

  it('shows the refusal even when the network is also down', () => {
    const status = describeConnection(facts({ networkOnline: false, refusal: { code: CloseCode.malformedMessage, reason: '' } }), NOW)
    expect(status.text).toMatch(/could not read a change/)
  })

  it('passes on the reason the server gave for a policy close', () => {
    const status = describeConnection(facts({ refusal: { code: CloseCode.policyViolation, reason: 'rate limit' } }), NOW)
    expect(status.text).toContain('(rate limit)')
  })
})

describe('documentWasDeleted', () => {
  it('is true for the documentDeleted refusal only, and offers no Try again for it', () => {
    const deleted = facts({ refusal: { code: CloseCode.documentDeleted, reason: '' } })
    expect(documentWasDeleted(deleted)).toBe(true)
    expect(describeConnection(deleted, NOW)).toMatchObject({ text: 'This document was deleted', offerRetry: false })
    expect(documentWasDeleted(facts({ refusal: { code: CloseCode.forbidden, reason: '' } }))).toBe(false)
    expect(documentWasDeleted(facts({ failedAttempts: 2, lastCloseCode: CloseCode.documentDeleted }))).toBe(false)
    expect(documentWasDeleted(INITIAL_CONNECTION_FACTS)).toBe(false)
  })
})
