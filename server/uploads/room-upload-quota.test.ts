import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LevelStore } from '../storage/level-store.ts'
import { RoomUploadQuota } from './room-upload-quota.ts'

const image = (fill: number, bytes: number) => ({ contentType: 'image/png', bytes: new Uint8Array(bytes).fill(fill) })
const id = (fill: number) => fill.toString(16).padStart(2, '0').repeat(32)

describe('RoomUploadQuota', () => {
  let dir: string
  let store: LevelStore
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-quota-'))
    store = await LevelStore.open(dir, { fsync: false })
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('stores what fits, refuses what does not with what the room holds, and always takes an image the room holds already', async () => {
    const quota = new RoomUploadQuota(store, 1000)
    expect(await quota.put('album', id(1), image(1, 600))).toEqual({ stored: true })
    expect(await quota.put('album', id(2), image(2, 401))).toEqual({ stored: false, heldBytes: 600 })
    expect(await store.getUpload('album', id(2))).toBeNull()
    expect(await quota.put('album', id(1), image(1, 600))).toEqual({ stored: true })
    expect(await quota.put('album', id(3), image(3, 400))).toEqual({ stored: true })
    expect(await store.uploadBytes('album')).toBe(1000)
    expect(await quota.put('elsewhere', id(2), image(2, 401))).toEqual({ stored: true })
  })

  it('lets parallel uploads into one room take no more than the quota together', async () => {
    const quota = new RoomUploadQuota(store, 1000)
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((fill) => quota.put('album', id(fill), image(fill, 400))))
    expect(outcomes.filter((outcome) => outcome.stored)).toHaveLength(2)
    expect(await store.uploadBytes('album')).toBe(800)
  })
})
