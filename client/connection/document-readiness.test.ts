import { describe, expect, it } from 'vitest'
import { INITIAL_CONNECTION_FACTS } from './connection-state.ts'
import { isDocumentReady, type LoadProgress } from './document-readiness.ts'

const nothingYet: LoadProgress = { deviceLoaded: false, deviceHasContent: false, serverSynced: false }
const connecting = { ...INITIAL_CONNECTION_FACTS, socket: 'connecting' as const }

describe('isDocumentReady', () => {
  it('waits while neither the device nor the server has answered', () => {
    expect(isDocumentReady(nothingYet, connecting)).toBe(false)
  })

  it('shows the device copy as soon as it has content', () => {
    expect(isDocumentReady({ ...nothingYet, deviceLoaded: true, deviceHasContent: true }, connecting)).toBe(true)
  })

  it('shows the document once the server synced, even before the device answered', () => {
    expect(isDocumentReady({ ...nothingYet, serverSynced: true }, connecting)).toBe(true)
  })

  it('does not show an empty device copy while the server may still send content', () => {
    expect(isDocumentReady({ ...nothingYet, deviceLoaded: true }, connecting)).toBe(false)
  })

  it('shows an empty device copy when the server is out of reach', () => {
    const emptyDevice = { ...nothingYet, deviceLoaded: true }
    expect(isDocumentReady(emptyDevice, { ...connecting, networkOnline: false })).toBe(true)
    expect(isDocumentReady(emptyDevice, { ...connecting, socket: 'closed', failedAttempts: 1 })).toBe(true)
    expect(isDocumentReady(emptyDevice, { ...connecting, refusal: { code: 1009, reason: '' } })).toBe(true)
  })
})
