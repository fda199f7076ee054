import { describe, expect, it } from 'vitest'
import { dataDirError } from './data-dir-errors.ts'

const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code })
/** classic-level's shape: a generic error whose cause says what happened. */
const levelError = (cause: Error) => Object.assign(new Error('Database failed to open', { cause }), { code: 'LEVEL_DATABASE_NOT_OPEN' })

describe('dataDirError', () => {
  it('reads the reason from classic-level\'s cause, and says what to do for each', () => {
    expect(dataDirError('/srv/seed', levelError(nodeError('LEVEL_LOCKED', 'IO error: lock /srv/seed/LOCK: Resource temporarily unavailable'))).message).toMatch(
      /^DATA_DIR=\/srv\/seed is in use by another process .*give this instance a DATA_DIR of its own\.$/,
    )
    expect(dataDirError('/srv/seed', levelError(nodeError('LEVEL_IO_ERROR', 'IO error: /srv/seed/LOCK: Permission denied'))).message).toMatch(/^DATA_DIR=\/srv\/seed cannot be written by this user/)
    expect(dataDirError('/srv/seed', nodeError('EROFS', 'EROFS: read-only file system, mkdir')).message).toBe('DATA_DIR=/srv/seed is on a read-only file system: set DATA_DIR to a writable directory.')
    expect(dataDirError('/srv/seed', levelError(nodeError('LEVEL_IO_ERROR', 'IO error: /srv/seed/000005.log: No space left on device'))).message).toBe('DATA_DIR=/srv/seed is on a full disk: free some space, or set DATA_DIR to a disk with room.')
    expect(dataDirError('/srv/seed', new Error('something else')).message).toBe(
      'DATA_DIR=/srv/seed could not be opened (something else): check that it is a directory this user may write, or set DATA_DIR to another path.',
    )
  })
})
