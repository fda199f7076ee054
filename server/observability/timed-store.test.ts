import { describe, expect, it } from 'vitest'
import { forwardingStore } from '../../test-support/forwarding-store.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { Metrics } from './metrics.ts'
import { timedStore } from './timed-store.ts'

/** A store whose every call not replaced fails: only the calls a test makes are answered. */
const nothing = forwardingStore(undefined as unknown as DocumentStore, {})

describe('timedStore', () => {
  it('times each call by backend and operation, failed calls too, and measures only the compactions that succeeded', async () => {
    const metrics = new Metrics()
    let compactions = 0
    const store = timedStore(
      {
        ...nothing,
        appendUpdate: async () => 1,
        loadRoom: async () => Promise.reject(new Error('disk gone')),
        compactRoom: async () => {
          compactions += 1
          if (compactions === 2) throw new Error('disk full')
        },
      },
      'leveldb',
      metrics,
    )
    expect(await store.appendUpdate('room', new Uint8Array(3))).toBe(1)
    await expect(store.loadRoom('room')).rejects.toThrow('disk gone')
    await store.compactRoom('room', new Uint8Array(2048), 5)
    await expect(store.compactRoom('room', new Uint8Array(4096), 9)).rejects.toThrow('disk full')

    const calls = async (operation: string) => {
      const { values } = await metrics.storeOperationSeconds.get()
      return values.find((value) => value.metricName === 'seed_store_operation_seconds_count' && value.labels.operation === operation && value.labels.backend === 'leveldb')?.value ?? 0
    }
    expect(await calls('append')).toBe(1)
    expect(await calls('load')).toBe(1)
    expect(await calls('compact')).toBe(2)
    expect(await calls('info')).toBe(0)
    const { values } = await metrics.compactedDocumentBytes.get()
    expect(values.filter((value) => value.metricName?.endsWith('_count') || value.metricName?.endsWith('_sum')).map(({ metricName, value }) => [metricName, value])).toEqual([
      ['seed_compacted_document_bytes_sum', 2048],
      ['seed_compacted_document_bytes_count', 1],
    ])
  })
})
