import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readBuildInfo } from './build-info.ts'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

describe('readBuildInfo', () => {
  it("takes the version from package.json and the commit from SEED_COMMIT", () => {
    expect(readBuildInfo({ SEED_COMMIT: ' 0123abcd \n' })).toEqual({ version, commit: '0123abcd' })
  })

  it('says "unknown" when run from source without SEED_COMMIT (no build describes the sources)', () => {
    expect(readBuildInfo({})).toEqual({ version, commit: 'unknown' })
    expect(readBuildInfo({ SEED_COMMIT: '' })).toEqual({ version, commit: 'unknown' })
  })
})
