/**
 * Answering an HTTP request, for every endpoint in server/http/ and
 * server/transport/ (server/web/ sits beneath both): JSON never cached, a
 * typed refusal with its status, 405 for a method the endpoint does not take.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CloseReason } from '../close-reason.ts'
import { httpStatusFor } from './reason-codes.ts'

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) })
  response.end(text)
}

/** The reason's HTTP status and `{ error: <its message>, ...details }`. */
export function sendRefusal(response: ServerResponse, reason: CloseReason, details: Record<string, unknown> = {}): void {
  const status = httpStatusFor(reason.kind)
  // RFC 6750: a 401 names the scheme the credentials are expected in.
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer')
  sendJson(response, status, { error: reason.message, ...details })
}

/** True when the request uses one of `methods`; else answers 405 with Allow and `{ error, ...details }`. */
export function allowMethods(request: IncomingMessage, response: ServerResponse, methods: readonly string[], details: Record<string, unknown> = {}): boolean {
  if (methods.includes(request.method ?? '')) return true
  response.setHeader('Allow', methods.join(', '))
  sendJson(response, 405, { error: `Use ${methods.join(' or ')} here`, ...details })
  return false
}
