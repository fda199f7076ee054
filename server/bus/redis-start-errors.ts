/**
 * Why Redis could not be joined at start, in one sentence an operator can act
 * on: ioredis reports a refused password, a database past Redis' `databases`
 * and an unreachable server alike as error events and a "Connection is
 * closed" rejection, so the errors seen while connecting are read here.
 */
import { StartupError } from '../errors.ts'

/** What went wrong, from the errors ioredis emitted while connecting (and the rejection, last). */
export function redisStartError(url: string, errors: readonly unknown[]): StartupError {
  const where = redisAddress(url)
  const messages = errors.map((error) => (error instanceof Error ? error.message : String(error)))
  if (messages.some((message) => /^(WRONGPASS|ERR invalid password)/.test(message))) {
    return new StartupError(`Redis at ${where} refused the user name or password in REDIS_URL: set the password its requirepass (or ACL user) expects, as redis://:password@${where}.`)
  }
  if (messages.some((message) => message.startsWith('NOAUTH'))) {
    return new StartupError(`Redis at ${where} requires a password and REDIS_URL has none: add it, as redis://:password@${where}.`)
  }
  if (messages.some((message) => /DB index is out of range|invalid DB index/i.test(message))) {
    return new StartupError(
      `Redis at ${where} has no database ${databaseOf(url)} (the /${databaseOf(url)} of REDIS_URL is past its \`databases\` setting, 16 by default): use a lower number, e.g. /0.`,
    )
  }
  const cause = messages.find((message) => message !== 'Connection is closed.') ?? messages.at(-1) ?? 'no answer'
  return new StartupError(`Cannot reach Redis at ${where} (REDIS_URL): ${cause}; start Redis, fix REDIS_URL, or unset it to run a single instance.`)
}

/** host:port of a Redis URL, without credentials, for messages. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || '6379'}`
  } catch {
    return 'an unparsable REDIS_URL'
  }
}

function databaseOf(url: string): string {
  try {
    return new URL(url).pathname.slice(1) || '0'
  } catch {
    return '?'
  }
}
