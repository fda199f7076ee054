/**
 * Turns what `pg` rejects with into a StoreBackendError whose message says
 * what to check: the driver's errors name a socket code or a SQLSTATE, not
 * what an operator should do about it.
 */
import { StoreBackendError } from './store-errors.ts'

/** The connection-level failures: the server is down, restarting, or not where DATABASE_URL says. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03'])

/** What to check, from the error's SQLSTATE class or socket code. */
export function postgresHint(code: string | undefined, message: string): string {
  if (isUnreachable(code, message)) return 'Is the PostgreSQL server of DATABASE_URL running and reachable from here?'
  if (code?.startsWith('28')) return 'Check the user name and password in DATABASE_URL.'
  if (code === '3D000') return 'The database named in DATABASE_URL does not exist: create it (createdb) first.'
  if (code === '53100') return 'The PostgreSQL server is out of disk space.'
  if (code === '25006') return 'DATABASE_URL points at a read-only server (a standby?); point it at the primary.'
  if (code === '42501') {
    return "The DATABASE_URL user lacks a privilege on the database or its tables: it needs SELECT, INSERT, UPDATE and DELETE on Seed's tables, and CREATE to make them at start (or run `npx seed migrate` as a user that may)."
  }
  if (code?.startsWith('53')) return 'The PostgreSQL server is out of resources (connections, memory); lower DATABASE_POOL_SIZE or raise its limits.'
  if (/Cannot use a pool after calling end|pool is closed/i.test(message)) return 'The store was closed (the server is shutting down).'
  return "See the PostgreSQL server's log."
}

/** The server is down, restarting, or not where DATABASE_URL says. */
function isUnreachable(code: string | undefined, message: string): boolean {
  return (code !== undefined && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) || /Connection terminated|timeout exceeded when trying to connect/i.test(message)
}

/** Wraps a driver error; a StoreBackendError passes through unchanged. */
export function postgresFailure(operation: string, roomId: string | null, error: unknown): StoreBackendError {
  if (error instanceof StoreBackendError) return error
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined
  const message = error instanceof Error ? error.message : String(error)
  return new StoreBackendError(operation, roomId, code, postgresHint(code, message), { cause: error, unreachable: isUnreachable(code, message) })
}
