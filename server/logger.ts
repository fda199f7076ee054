/** JSON logs (pino). Never pass document contents or tokens to a log call. */
import { pino, type Logger } from 'pino'

/** `instance` (Config.instanceId) is on every line, so the lines of a cluster's instances can be told apart. */
export function createLogger(level: string, instance: string): Logger {
  return pino({ level, base: { service: 'seed', instance } })
}
