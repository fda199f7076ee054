import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ClassicLevel } from 'classic-level'
import { CloseCode } from '../../shared/protocol.ts'
import { updateKey } from '../storage/level-keys.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { startSeed } from '../../test-support/seed-process.ts'

/** A real full disk: a 2 MiB tmpfs. Needs root (CI and our dev machines run as root). */
function mountTinyFilesystem(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('storage faults', () => {
  const cleanups: Array<() => Promise<void>> = []
  const clients: NodeClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('sets aside a damaged record of a room: the room opens without it, the log names room and seq, the rest is served', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-corrupt-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dataDir, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.put(updateKey('damaged', 0), new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]))
    await db.close()

    const seed = await startSeed({ dataDir })
    cleanups.push(() => seed.dispose())
    const damaged = connectClient(seed.wsUrl, 'damaged')
    clients.push(damaged)
    await damaged.synced()
    expect(damaged.text.toString()).toBe('')
    expect(await (await fetch(`${seed.url}readyz`)).json()).toMatchObject({ status: 'ready', unreadableRecordsSetAside: 1 })

    const healthy = connectClient(seed.wsUrl, 'healthy')
    clients.push(healthy)
    await healthy.synced()
    healthy.text.insert(0, 'fine')
    const reader = connectClient(seed.wsUrl, 'healthy')
    clients.push(reader)
    await waitFor(() => reader.text.toString() === 'fine', 'healthy room works')
    expect((await fetch(`${seed.url}healthz`)).status).toBe(200)
    expect(seed.output.join('')).toMatch(/"room":"damaged","seq":1,.*cannot be read: set aside/)
  })

  it('on a full disk, tells the writer, shares nothing unstored, reports not ready, and stays up', async (context) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-full-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    if (!mountTinyFilesystem(dataDir)) {
      context.skip('mounting a tmpfs needs root; run as root to exercise a real full disk')
      return
    }
    cleanups.push(async () => {
      execFileSync('umount', ['-l', dataDir])
    })

    const seed = await startSeed({ dataDir, env: { COMPACT_AFTER_UPDATES: '1000000' } })
    cleanups.push(() => seed.dispose())
    const writer = connectClient(seed.wsUrl, 'full')
    const observer = connectClient(seed.wsUrl, 'full')
    clients.push(writer, observer)
    await Promise.all([writer.synced(), observer.synced()])
    const closeCodes: number[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closeCodes.push(event.code)
    })
    const observed = observer.doc.getArray<string>('chunks')
    const written = writer.doc.getArray<string>('chunks')

    // Write 100 KiB chunks until the disk is full and the server refuses.
    for (let i = 0; i < 60 && closeCodes.length === 0; i++) {
      written.push([`${i}:${'z'.repeat(100 * 1024)}`])
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
    await waitFor(() => closeCodes.includes(CloseCode.storeWriteFailed), 'writer told the write failed')
    writer.provider.disconnect()
    observer.provider.disconnect()
    expect(observed.length).toBeLessThan(written.length)

    // /readyz answers from a probe at most a second old.
    await expect.poll(async () => (await fetch(`${seed.url}readyz`)).status, { timeout: 10_000 }).toBe(503)
    expect(await (await fetch(`${seed.url}readyz`)).json()).toMatchObject({ reason: 'LevelDB store is not writable' })
    expect((await fetch(`${seed.url}healthz`)).status).toBe(200)
    expect(seed.output.join('')).toMatch(/Could not store an update of room/)
  })
})
