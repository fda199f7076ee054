import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describeVersionStoreContract } from '../../test-support/version-store-contract.ts'
import { LevelVersionStore } from './level-version-store.ts'

describeVersionStoreContract('LevelVersionStore on a real LevelDB', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'seed-versions-'))
  return {
    open: () => LevelVersionStore.open(dir, { fsync: false }),
    // LevelDB is opened by one process: every writer of a directory is the same store object.
    otherWriter: async (store) => store,
    dispose: () => rm(dir, { recursive: true, force: true }),
  }
})
