/** JSON logs (pino). Never pass document contents or tokens to a log call. */
import { pino, type Logger } from 'pino'

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'seed' } })
}
