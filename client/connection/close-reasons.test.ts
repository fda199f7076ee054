import { describe, expect, it } from 'vitest'
import { CloseCode, NON_RETRYABLE_CLOSE_CODES } from '../../shared/protocol.ts'
import { describeRefusal, describeRetryableClose } from './close-reasons.ts'

describe('close reasons', () => {
  it('gives every refusal of a change a sentence that says the change is kept on this device', () => {
    for (const code of NON_RETRYABLE_CLOSE_CODES) {
      if (code === CloseCode.unauthorized || code === CloseCode.forbidden || code === CloseCode.documentDeleted) continue
      expect(describeRefusal(code, '')).toMatch(/kept on this device/)
    }
  })

  it('says plainly when access expired or was withdrawn, and what to do', () => {
    expect(describeRefusal(CloseCode.unauthorized, 'token expired')).toBe(
      'Your access to this document has expired or is no longer valid. Ask for a new link, or try again.',
    )
    expect(describeRefusal(CloseCode.forbidden, '')).toBe(
      'Your link no longer gives access to this document. Ask the person who shared it for a new link.',
    )
  })

  it('says a deleted document was deleted, with nothing to keep trying', () => {
    expect(describeRefusal(CloseCode.documentDeleted, '')).toBe('This document was deleted')
  })

  it('says a document is over the size limit in plain words', () => {
    expect(describeRefusal(CloseCode.documentTooLarge, 'Document would exceed 1024 bytes')).toBe(
      'This document is over the size limit — your last change was not saved to the server, it is kept on this device',
    )
  })

  it.each([
    [CloseCode.roomLoadFailed, /could not be loaded/],
    [CloseCode.storeWriteFailed, /could not store/],
    [CloseCode.serviceRestart, /restarting/],
    [CloseCode.tooManyConnectionsFromAddress, /Too many connections/],
    [CloseCode.roomFull, /too many people/],
    [CloseCode.serverAtCapacity, /busy/],
    [CloseCode.slowConsumer, /too slow/],
  ])('explains retryable close %i', (code, sentence) => {
    expect(describeRetryableClose(code)).toMatch(sentence)
  })

  it('adds nothing for an ordinary network drop', () => {
    expect(describeRetryableClose(1006)).toBeNull()
  })
})
