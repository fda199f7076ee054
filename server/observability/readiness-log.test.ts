import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { ReadinessLog } from './readiness-log.ts'

function recordingLogger() {
  const lines: Record<string, unknown>[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) })
  return { logger, lines }
}

describe('ReadinessLog', () => {
  it('writes one line per change: not ready with the reason and its cause (no stack), a new reason, ready again', () => {
    const { logger, lines } = recordingLogger()
    const log = new ReadinessLog(logger)
    const down = { ready: false as const, reason: 'PostgreSQL store is not writable' }
    log.record({ ready: true })
    for (let probe = 0; probe < 5; probe++) log.record(down, new Error('connect ECONNREFUSED 127.0.0.1:5432'))
    log.record({ ready: false, reason: 'Redis is not reachable' }, new Error('Redis publisher connection is reconnecting'))
    log.record({ ready: true })
    log.record({ ready: true })
    expect(lines.map(({ msg, reason, cause, after }) => ({ msg, reason, cause, after }))).toEqual([
      { msg: 'not ready: PostgreSQL store is not writable', reason: 'PostgreSQL store is not writable', cause: 'connect ECONNREFUSED 127.0.0.1:5432', after: undefined },
      { msg: 'not ready: Redis is not reachable', reason: 'Redis is not reachable', cause: 'Redis publisher connection is reconnecting', after: undefined },
      { msg: 'ready again', reason: undefined, cause: undefined, after: 'Redis is not reachable' },
    ])
    expect(JSON.stringify(lines)).not.toMatch(/\bat .*\.ts:\d+/)
  })
})
