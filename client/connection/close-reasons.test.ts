import { describe, expect, it } from 'vitest'
import { CloseCode, NON_RETRYABLE_CLOSE_CODES } from '../../shared/protocol.ts'
import { describeRefusal, describeRetryableClose } from './close-reasons.ts'

describe('close reasons', () => {
  it('gives every refusal a sentence that says the change is kept on this device', () => {
    for (const code of NON_RETRYABLE_CLOSE_CODES) {
      expect(describeRefusal(code, '')).toMatch(/kept on this device/)
    }
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
