import { describe, expect, it } from 'vitest'
import { ConfigError } from './errors.ts'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 1234,
      host: '127.0.0.1',
      dataDir: './data',
      logLevel: 'info',
      storeFsync: false,
      dev: false,
    })
    expect(config.limits.maxMessageBytes).toBe(16 * 1024 * 1024)
  })

  it('reads overrides', () => {
    const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/seed', LOG_LEVEL: 'debug', STORE_FSYNC: 'true', ROOM_UNLOAD_GRACE_MS: '0' })
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/srv/seed', logLevel: 'debug', storeFsync: true, roomUnloadGraceMs: 0 })
  })

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(1234)
  })

  it('names every bad variable, its value and what it accepts', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', MAX_MESSAGE_BYTES: '10', STORE_FSYNC: 'maybe' })
      throw new Error('expected a ConfigError')
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const { problems, message } = error as ConfigError
      expect(problems).toHaveLength(4)
      expect(message).toMatch(/PORT="abc" must be a whole number between 0 and 65535/)
      expect(message).toMatch(/LOG_LEVEL="loud" must be one of/)
      expect(message).toMatch(/MAX_MESSAGE_BYTES="10" must be at least 1024/)
      expect(message).toMatch(/STORE_FSYNC="maybe" must be true or false/)
    }
  })

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000" must be at most 65535/)
  })
})
