import { describe, expect, it } from 'vitest'
import { batchMessages, checkBatch, encodeBatch } from './http-transport.ts'

const messages = [new Uint8Array([1, 2]), new Uint8Array(300).fill(7), new Uint8Array([3])]

describe('HTTP fallback batches', () => {
  it('are checked by their length prefixes and read back one view at a time, without copies', () => {
    const body = encodeBatch(messages)
    expect(checkBatch(body, 1024, 3)).toEqual({ ok: true, count: 3 })
    const read = [...batchMessages(body)]
    expect(read).toEqual(messages)
    expect(read.every((message) => message.buffer === body.buffer)).toBe(true)
  })

  it('refuses more messages than the limit, one over the size limit, empty and truncated batches', () => {
    expect(checkBatch(encodeBatch(messages), 1024, 2)).toMatchObject({ ok: false, problem: 'tooMany', message: expect.stringMatching(/more than 2 messages/) })
    expect(checkBatch(encodeBatch(messages), 100, 3)).toMatchObject({ ok: false, problem: 'tooBig' })
    expect(checkBatch(new Uint8Array(0), 1024, 3)).toMatchObject({ ok: false, problem: 'malformed' })
    expect(checkBatch(new Uint8Array([0]), 1024, 3)).toMatchObject({ ok: false, problem: 'malformed' })
    expect(checkBatch(new Uint8Array([5, 1, 2]), 1024, 3)).toMatchObject({ ok: false, problem: 'malformed' })
    expect(checkBatch(new Uint8Array([0x80]), 1024, 3)).toMatchObject({ ok: false, problem: 'malformed' })
  })
})
