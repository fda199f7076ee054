/**
 * The contract every VersionStore backend must pass
 * (server/storage/version-store.ts). A backend's test file calls
 * `describeVersionStoreContract` with a way to open its store on a fresh
 * location, as test-support/store-contract.ts does for DocumentStore.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewVersion, VersionStore } from '../server/storage/version-store.ts'

export interface VersionStoreLocation {
  /** Opens a store on this location; called again after `close()` to see what survived. */
  open(): Promise<VersionStore>
  /** A second writer of the same data (another instance): a second connection where the backend allows one, else `store` itself. */
  otherWriter(store: VersionStore): Promise<VersionStore>
  dispose(): Promise<void>
}

function version(seq: number, overrides: Partial<NewVersion> = {}): NewVersion {
  return {
    seq,
    createdAt: Date.UTC(2026, 11, 7, 10, 0, seq),
    name: null,
    auto: true,
    authors: [{ subject: 'user-1', name: 'Ana', color: '#d8381f' }, { subject: null, name: null }],
    wordsAdded: seq,
    wordsRemoved: 1,
    state: Uint8Array.from({ length: 64 + seq }, (_, index) => (index * 7 + seq) % 256),
    ...overrides,
  }
}

const infoOf = ({ state: _state, ...info }: NewVersion) => info

export function describeVersionStoreContract(name: string, createLocation: () => Promise<VersionStoreLocation>): void {
  describe(`${name} keeps the VersionStore contract`, () => {
    let location: VersionStoreLocation
    let store: VersionStore
    const extraWriters: VersionStore[] = []

    beforeEach(async () => {
      location = await createLocation()
      store = await location.open()
    })
    afterEach(async () => {
      for (const writer of extraWriters.splice(0)) await writer.close().catch(() => undefined)
      await store.close().catch(() => undefined)
      await location.dispose()
    })

    async function otherWriter(): Promise<VersionStore> {
      const writer = await location.otherWriter(store)
      if (writer !== store) extraWriters.push(writer)
      return writer
    }

    it('keeps versions with their state byte for byte, lists them newest first without their states, across a reopen', async () => {
      const versions = [version(3), version(12, { name: 'Draft', auto: false }), version(7)]
      for (const added of versions) expect(await store.addVersion('room', added)).toBe(true)
      await store.close()
      store = await location.open()
      expect(await store.listVersions('room')).toEqual([infoOf(versions[1]!), infoOf(versions[2]!), infoOf(versions[0]!)])
      expect(await store.latestVersion('room')).toEqual(infoOf(versions[1]!))
      expect(await store.getVersion('room', 7)).toEqual(infoOf(versions[2]!))
      expect(await store.versionState('room', 7)).toEqual(versions[2]!.state)
    })

    it('answers null or empty for a room without versions, and for a version it does not hold', async () => {
      await store.addVersion('room', version(1))
      expect(await store.listVersions('other')).toEqual([])
      expect(await store.latestVersion('other')).toBeNull()
      for (const seq of [2, -1, 1.5, 2 ** 40]) {
        expect(await store.getVersion('room', seq)).toBeNull()
        expect(await store.versionState('room', seq)).toBeNull()
      }
      expect(await store.nameVersion('room', 2, 'x')).toBeNull()
    })

    it('holds one version per seq: of racing additions from two writers exactly one is stored, and a later one changes nothing', async () => {
      const other = await otherWriter()
      const results = await Promise.all([store.addVersion('room', version(5, { name: 'A' })), other.addVersion('room', version(5, { name: 'B' }))])
      expect(results.filter(Boolean)).toHaveLength(1)
      const kept = (await store.getVersion('room', 5))!.name
      expect(await store.addVersion('room', version(5, { name: 'C' }))).toBe(false)
      expect(await store.listVersions('room')).toEqual([expect.objectContaining({ seq: 5, name: kept })])
      expect(await other.getVersion('room', 5)).toEqual(await store.getVersion('room', 5))
    })

    it('names a version, changing nothing else of it', async () => {
      const added = version(4)
      await store.addVersion('room', added)
      expect(await store.nameVersion('room', 4, 'Sent to Ana')).toEqual({ ...infoOf(added), name: 'Sent to Ana' })
      expect(await store.getVersion('room', 4)).toEqual({ ...infoOf(added), name: 'Sent to Ana' })
      expect(await store.versionState('room', 4)).toEqual(added.state)
    })

    it('deletes exactly the versions named, or every version of a room, leaving other rooms alone', async () => {
      for (const seq of [1, 2, 3, 4]) await store.addVersion('room', version(seq))
      await store.addVersion('neighbour', version(2))
      await store.deleteVersions('room', [1, 3, 99])
      expect((await store.listVersions('room')).map((kept) => kept.seq)).toEqual([4, 2])
      expect(await store.versionState('room', 3)).toBeNull()
      await store.deleteRoomVersions('room')
      await store.deleteRoomVersions('room')
      expect(await store.listVersions('room')).toEqual([])
      expect(await store.versionState('room', 4)).toBeNull()
      expect((await store.listVersions('neighbour')).map((kept) => kept.seq)).toEqual([2])
      // A room created again under the id starts a history of its own.
      expect(await store.addVersion('room', version(1))).toBe(true)
    })

    it('keeps rooms apart whose ids share a prefix', async () => {
      await store.addVersion('doc', version(1))
      await store.addVersion('doc-2', version(2))
      expect((await store.listVersions('doc')).map((kept) => kept.seq)).toEqual([1])
      await store.deleteRoomVersions('doc')
      expect((await store.listVersions('doc-2')).map((kept) => kept.seq)).toEqual([2])
    })
  })
}
