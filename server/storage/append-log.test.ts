import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { AppendLog, AppendLogHousekeepingError, decodeRecords, encodeRecord, ROTATE_WHEN_LANDED_BYTES, SEGMENT_BYTES, type AppendLogRecord } from './append-log.ts'

const record = (roomId: string, seq: number, size = 3): AppendLogRecord => ({ roomId, seq, update: new Uint8Array(size).fill(seq % 251) })

describe('append log records', () => {
  it('decodes what it encodes, room ids in any script included', () => {
    const records = [record('notes', 1), record('日本語-ü', 4_000_000_000, 0), record('x', 7, 70_000)]
    expect(decodeRecords(Buffer.concat(records.map(encodeRecord)))).toEqual({ records, droppedBytes: 0 })
  })

  it('drops a record cut short by a crash, and everything from a corrupt one on', () => {
    const whole = [encodeRecord(record('a', 1)), encodeRecord(record('a', 2))]
    const torn = encodeRecord(record('a', 3)).subarray(0, 12)
    expect(decodeRecords(Buffer.concat([...whole, torn]))).toEqual({ records: [record('a', 1), record('a', 2)], droppedBytes: 12 })

    const corrupt = Buffer.concat([whole[0]!, whole[1]!, encodeRecord(record('a', 3))])
    corrupt[whole[0]!.length + 10]! ^= 0xff
    const decoded = decodeRecords(corrupt)
    expect(decoded.records).toEqual([record('a', 1)])
    expect(decoded.droppedBytes).toBe(corrupt.length - whole[0]!.length)
  })
})

describe('AppendLog files', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-append-log-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const logFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.seedlog')).sort()

  it('has every record in its file, in order, when append resolves', async () => {
    const { log } = AppendLog.open(dir, { fsync: false })
    const appended = [record('a', 1), record('b', 1), record('a', 2)]
    await Promise.all(appended.map((each) => log.append(each)))
    const [file] = await logFiles()
    expect(decodeRecords(await readFile(path.join(dir, file!))).records).toEqual(appended)
    log.close({ keepFiles: false })
    expect(await logFiles()).toEqual([])
  })

  it('gives back, oldest first, what earlier logs left after a crash, and starts a new file after them', async () => {
    const first = AppendLog.open(dir, { fsync: true })
    await first.log.append(record('a', 1))
    first.log.close({ keepFiles: true })
    const second = AppendLog.open(dir, { fsync: false })
    await second.log.append(record('a', 2))
    second.log.close({ keepFiles: true })
    const [olderFile, newerFile] = await logFiles()
    await writeFile(path.join(dir, newerFile!), Buffer.concat([await readFile(path.join(dir, newerFile!)), encodeRecord(record('a', 3)).subarray(0, 5)]))

    const third = AppendLog.open(dir, { fsync: false })
    expect(third.recovered).toEqual([record('a', 1), record('a', 2)])
    expect(third.droppedBytes).toBe(5)
    expect(third.recoveredFiles.map((file) => path.basename(file))).toEqual([olderFile, newerFile])
    AppendLog.discardRecovered(third.recoveredFiles)
    await third.log.append(record('a', 4))
    const remaining = await logFiles()
    expect(remaining).toHaveLength(1)
    expect(remaining[0]! > newerFile!).toBe(true)
    third.log.close({ keepFiles: false })
  })

  it('starts a new file past the segment size and deletes a full one once LevelDB has all its records', async () => {
    const { log } = AppendLog.open(dir, { fsync: false })
    const size = 2 ** 20
    const count = Math.ceil(SEGMENT_BYTES / size) + 1
    const appended = []
    for (let seq = 1; seq <= count; seq++) appended.push(await log.append(record('big', seq, size)))
    expect(await logFiles()).toHaveLength(2)
    for (const each of appended.slice(0, -2)) log.landed(each)
    // The full file still has one record LevelDB lacks.
    expect(await logFiles()).toHaveLength(2)
    log.landed(appended.at(-2)!)
    expect(await logFiles()).toHaveLength(1)
    log.close({ keepFiles: false })
  })

  it('replaces the current file once it passed a MiB and LevelDB has all of it, so a restart has little to read', async () => {
    const { log } = AppendLog.open(dir, { fsync: false })
    const first = await log.append(record('doc', 1, ROTATE_WHEN_LANDED_BYTES))
    const [before] = await logFiles()
    const second = await log.append(record('doc', 2))
    log.landed(first)
    expect(await logFiles()).toEqual([before])
    log.landed(second)
    const after = await logFiles()
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(before)
    log.close({ keepFiles: false })
  })

  it('keeps taking records when it cannot start a new file, and says so to the readiness check', async () => {
    const { log } = AppendLog.open(dir, { fsync: false })
    const big = await log.append(record('doc', 1, ROTATE_WHEN_LANDED_BYTES))
    // The directory goes away under the open file: the next file cannot be created.
    await rm(dir, { recursive: true, force: true })
    expect(() => log.landed(big)).not.toThrow()
    expect(log.housekeepingError).toBeInstanceOf(AppendLogHousekeepingError)
    expect(log.housekeepingError?.message).toMatch(/could not start or delete a file in .*ENOENT.*No record is lost/s)
    await expect(log.append(record('doc', 2))).resolves.toBeDefined()
    log.close({ keepFiles: true })
  })
})
