import { describe, expect, it } from 'vitest'
import { postgresFailure, postgresHint } from './postgres-errors.ts'
import { StoreBackendError } from './store-errors.ts'

const driverError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {})

describe('postgresFailure', () => {
  it('says what to check for each kind of failure', () => {
    expect(postgresHint('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')).toMatch(/running and reachable/)
    expect(postgresHint('57P01', 'terminating connection due to administrator command')).toMatch(/running and reachable/)
    expect(postgresHint('08006', 'connection failure')).toMatch(/running and reachable/)
    expect(postgresHint(undefined, 'Connection terminated unexpectedly')).toMatch(/running and reachable/)
    expect(postgresHint('28P01', 'password authentication failed for user "seed"')).toMatch(/user name and password/)
    expect(postgresHint('3D000', 'database "seed" does not exist')).toMatch(/create it/)
    expect(postgresHint('53100', 'could not extend file')).toMatch(/out of disk space/)
    expect(postgresHint('53300', 'too many clients already')).toMatch(/DATABASE_POOL_SIZE/)
    expect(postgresHint('25006', 'cannot execute INSERT in a read-only transaction')).toMatch(/read-only server/)
    expect(postgresHint(undefined, 'Cannot use a pool after calling end on the pool')).toMatch(/closed/)
    expect(postgresHint('XX000', 'internal error')).toMatch(/server's log/)
  })

  it('wraps a driver error with the operation, the room, its code and its cause', () => {
    const cause = driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')
    const failure = postgresFailure('store an update', 'notes', cause)
    expect(failure).toBeInstanceOf(StoreBackendError)
    expect(failure.cause).toBe(cause)
    expect(failure.code).toBe('ECONNREFUSED')
    expect(failure.roomId).toBe('notes')
    expect(failure.message).toBe(
      'The store could not store an update of room "notes": connect ECONNREFUSED 127.0.0.1:5432 (ECONNREFUSED). Is the PostgreSQL server of DATABASE_URL running and reachable from here?',
    )
    expect(postgresFailure('check that it is writable', null, failure)).toBe(failure)
  })
})
