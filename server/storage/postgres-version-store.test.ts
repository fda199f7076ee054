import { afterEach, describe, expect, it } from 'vitest'
import { describeVersionStoreContract } from '../../test-support/version-store-contract.ts'
import { usePostgres } from '../../test-support/postgres-fixture.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { PostgresStore } from './postgres-store.ts'
import { PostgresVersionStore } from './postgres-version-store.ts'

describe.skipIf(!serviceInstalled('postgres', 'the PostgreSQL version store tests'))('PostgresVersionStore', () => {
  const postgres = usePostgres()
  const opened: Array<{ close(): Promise<void> }> = []
  const openVersions = async (url: string) => {
    const store = await PostgresVersionStore.open({ connectionString: url, onIdleConnectionError: () => undefined })
    opened.push(store)
    return store
  }

  describeVersionStoreContract('PostgresVersionStore on a real PostgreSQL', async () => {
    const url = await postgres.freshDatabase()
    return {
      open: () => openVersions(url),
      // Another pool on the same database: what another Seed instance is.
      otherWriter: () => openVersions(url),
      dispose: () => postgres.server.dropDatabase(url),
    }
  })

  describe('beside the document store', () => {
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined)
    })

    it('loses a room’s versions in the transaction that deletes the room', async () => {
      const url = await postgres.freshDatabase()
      const documents = await PostgresStore.open({ connectionString: url, poolSize: 2, onIdleConnectionError: () => undefined })
      opened.push(documents)
      const versions = await openVersions(url)
      const seq = await documents.appendUpdate('room', new Uint8Array([0, 0]))
      await versions.addVersion('room', { seq, createdAt: 1, name: null, auto: true, authors: [], wordsAdded: 0, wordsRemoved: 0, state: new Uint8Array([0, 0]) })
      await documents.deleteRoom('room')
      expect(await versions.listVersions('room')).toEqual([])
    })
  })
})
