/**
 * Reading an HTTP request, for every endpoint in server/http/ and
 * server/transport/ (server/web/ sits beneath both): the bearer token, a path
 * segment, and a body bounded before it is held.
 */
import type { IncomingMessage } from 'node:http'

/** The bearer token; null without an Authorization header; undefined when the header is not a bearer token. */
export function bearerToken(request: IncomingMessage): string | null | undefined {
  const header = request.headers.authorization
  if (header === undefined) return null
  return /^Bearer +(\S+) *$/i.exec(header)?.[1]
}

/** A percent-encoded path segment; one that does not decode is taken as it is, for the caller's own check (the room-id rule, a session id) to refuse. */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** Bytes a body may take beyond its own limit, shared with other bodies (the HTTP fallback's per-address WaitingBytes). */
export interface BodyAllowance {
  /** Holds `total` bytes for this body in all; false, holding no more, when that is not allowed. */
  growTo(total: number): boolean
}

export type BodyReading = { kind: 'body'; body: Buffer } | { kind: 'tooBig' } | { kind: 'overWaitingLimit' } | { kind: 'aborted' }

/**
 * The body, held by `allowance` (if any) before it is read: its declared
 * length at once, or chunk by chunk without one. Refused once it passes
 * `maxBytes` or the allowance; the rest is then not kept. A declared length
 * is read into one buffer of that size, so the body is never held twice.
 */
export function readBody(request: IncomingMessage, maxBytes: number, allowance?: BodyAllowance): Promise<BodyReading> {
  const header = request.headers['content-length']
  const declared = header === undefined ? null : Number(header)
  if (declared !== null && declared > maxBytes) return Promise.resolve(discardRest(request, { kind: 'tooBig' }))
  if (declared !== null && allowance && !allowance.growTo(declared)) return Promise.resolve(discardRest(request, { kind: 'overWaitingLimit' }))
  const whole = declared === null ? null : Buffer.allocUnsafe(declared)
  const chunks: Buffer[] = []
  let total = 0
  return new Promise((resolve) => {
    const finish = (reading: BodyReading) => {
      request.off('data', onData).off('end', onEnd).off('close', onClose)
      resolve(reading)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength
      if (total > maxBytes) return finish(discardRest(request, { kind: 'tooBig' }))
      if (allowance && !allowance.growTo(total)) return finish(discardRest(request, { kind: 'overWaitingLimit' }))
      if (whole) chunk.copy(whole, total - chunk.byteLength)
      else chunks.push(chunk)
    }
    const onEnd = () => finish({ kind: 'body', body: whole ? whole.subarray(0, total) : Buffer.concat(chunks) })
    // Closed before its end: the client went away (or the request failed), nobody waits for an answer.
    const onClose = () => finish({ kind: 'aborted' })
    request.on('data', onData).once('end', onEnd).once('close', onClose)
    // An aborted request also emits 'error'; 'close' follows and settles the reading.
    request.on('error', () => undefined)
  })
}

/** Lets the rest of a refused body flow past unkept. */
function discardRest(request: IncomingMessage, reading: BodyReading): BodyReading {
  request.resume()
  return reading
}
