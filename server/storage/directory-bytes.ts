/**
 * The size of every file under a directory (LevelDB's data directory, for
 * seed_store_bytes): a readdir and a stat per file, no file is read. LevelDB
 * deletes table files as it compacts, so a file gone between the listing and
 * its stat counts 0.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

export async function directoryBytes(directory: string): Promise<number> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(path.join(entry.parentPath, entry.name)).catch(() => null))?.size ?? 0),
  )
  return sizes.reduce((total, size) => total + size, 0)
}
