/**
 * Why the data directory (DATA_DIR) could not be opened at start, in one
 * sentence with its path and what to do: classic-level says only "Database
 * failed to open" (the reason is in its `cause`), and Node's errors name a
 * code, not a remedy.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import { StartupError } from '../errors.ts'

export function dataDirError(dataDir: string, error: unknown): StartupError {
  const where = `DATA_DIR=${path.resolve(dataDir)}`
  const codes = causeChain(error).map((link) => (typeof link === 'object' && link !== null && 'code' in link ? String(link.code) : ''))
  const detail = causeChain(error)
    .map((link) => (link instanceof Error ? link.message : String(link)))
    .at(-1)
  if (codes.includes('LEVEL_LOCKED')) {
    return new StartupError(`${where} is in use by another process (another Seed on the same directory holds its lock): stop that one, or give this instance a DATA_DIR of its own.`, { cause: error })
  }
  if (codes.some((code) => code === 'EACCES' || code === 'EPERM') || /Permission denied/i.test(detail ?? '')) {
    const user = process.getuid ? ` (uid ${process.getuid()})` : ''
    return new StartupError(`${where} cannot be written by this user${user}: give it write access (e.g. chown -R that user), or set DATA_DIR to a directory it owns.`, { cause: error })
  }
  if (codes.some((code) => code === 'ENOTDIR' || code === 'EEXIST')) {
    const blocker = fileInTheWay(path.resolve(dataDir))
    return new StartupError(`${where} cannot be created: ${blocker ?? 'a part of the path'} is a file, not a directory; move it away or set DATA_DIR to another path.`, { cause: error })
  }
  if (codes.includes('EROFS') || /Read-only file system/i.test(detail ?? '')) return new StartupError(`${where} is on a read-only file system: set DATA_DIR to a writable directory.`, { cause: error })
  if (codes.includes('ENOSPC') || /No space left/i.test(detail ?? '')) return new StartupError(`${where} is on a full disk: free some space, or set DATA_DIR to a disk with room.`, { cause: error })
  return new StartupError(`${where} could not be opened (${detail ?? 'unknown error'}): check that it is a directory this user may write, or set DATA_DIR to another path.`, { cause: error })
}

/** The error and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  for (let link = error; link !== undefined && chain.length < 5; link = link instanceof Error ? link.cause : undefined) chain.push(link)
  return chain
}

/** The deepest existing part of `target` (itself included) that is not a directory. */
function fileInTheWay(target: string): string | null {
  for (let current = target; path.dirname(current) !== current; current = path.dirname(current)) {
    try {
      const stat = statSync(current, { throwIfNoEntry: false })
      if (stat) return stat.isDirectory() ? null : current
    } catch {
      // ENOTDIR: a part above is the file.
    }
  }
  return null
}
