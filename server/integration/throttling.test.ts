/**
 * Rate limits slow a client down instead of cutting it off: over its budget a
 * session stops reading its socket (TCP backpressure) until the budget
 * refills. A stock provider that writes 5,000 updates as fast as it can — an
 * import, a script — is never closed, and everything converges.
 */
import { describe, expect, it } from 'vitest'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { waitFor } from '../../test-support/node-client.ts'

const UPDATES = 5000

describe('rate limits', () => {
  const harness = useServerPerTest()

  it(`throttle a stock client that writes ${UPDATES} updates as fast as it can, never close it, and keep every update`, { timeout: 60_000 }, async () => {
    // The default budget (300 messages/s, a burst of 1000) with a faster refill, to keep the test short.
    await harness.start({ MAX_MESSAGES_PER_SECOND: '1000' })
    const writer = harness.client('import')
    const reader = harness.client('import')
    await Promise.all([writer.synced(), reader.synced()])
    const closes: number[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0))

    for (let i = 0; i < UPDATES; i++) writer.doc.getArray<number>('rows').push([i])
    await waitFor(() => reader.doc.getArray('rows').length === UPDATES, `the reader receives all ${UPDATES} updates`, 45_000)

    expect(closes).toEqual([])
    expect(reader.doc.getArray<number>('rows').toArray()).toEqual(Array.from({ length: UPDATES }, (_, i) => i))
    const metrics = await (await fetch(`${harness.server.url}metrics`)).text()
    expect(metrics).toMatch(/seed_throttled_total\{limit="message-rate"\} [1-9]/)
  })
})
