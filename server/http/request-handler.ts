/**
 * Plain HTTP routes: health, readiness, metrics (for whom MetricsAccess
 * allows), the access API, then the client (static build or Vite in dev),
 * else 404. Every answer carries the security headers and is counted by route
 * and status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import type { CloseReason } from '../close-reason.ts'
import { httpStatusFor } from '../web/reason-codes.ts'
import { sendJson } from '../web/response.ts'
import type { RouteHandler } from '../web/route-handler.ts'
import { routeLabel } from './route-label.ts'

export interface HttpRoutes {
  /** Live: the process answers and the store is open. */
  isHealthy: () => boolean
  /** Ready for traffic: the store accepts a write and the server is not shutting down; the text says why not. */
  readiness: () => Promise<{ ready: true } | { ready: false; reason: string }>
  /** Facts /readyz adds either way, read at each answer: how many stored records could not be read (the log names them). */
  readinessDetails: () => { unreadableRecordsSetAside: number }
  metrics: Registry
  /** Null when the request may read /metrics, else why not. */
  metricsAccess: (request: IncomingMessage) => CloseReason | null
  /** Called once each response is sent, with its route's template (route-label.ts). */
  countResponse: (method: string, route: string, status: number) => void
  /** Headers set on every answer (CSP, nosniff, referrer policy). */
  securityHeaders: (request: IncomingMessage) => Record<string, string>
  api: RouteHandler
  serveClient: RouteHandler
}

export function createRequestHandler(routes: HttpRoutes) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = (request.url ?? '/').split('?')[0]!
    const route = routeLabel(pathname)
    // Registered first, so that every answer counts: a refusal, a 500 written by the caller after a throw.
    response.once('finish', () => routes.countResponse(request.method ?? '', route, response.statusCode))
    for (const [name, value] of Object.entries(routes.securityHeaders(request))) response.setHeader(name, value)
    if (pathname === '/healthz') {
      const healthy = routes.isHealthy()
      sendJson(response, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' })
      return
    }
    if (pathname === '/readyz') {
      const readiness = await routes.readiness()
      const details = routes.readinessDetails()
      sendJson(response, readiness.ready ? 200 : 503, readiness.ready ? { status: 'ready', ...details } : { status: 'not ready', reason: readiness.reason, ...details })
      return
    }
    if (pathname === '/metrics') {
      const refused = routes.metricsAccess(request)
      if (refused) {
        response.writeHead(httpStatusFor(refused.kind), { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
        response.end(`${refused.message}\n`)
        return
      }
      const text = await routes.metrics.metrics()
      response.writeHead(200, { 'Content-Type': routes.metrics.contentType, 'Cache-Control': 'no-store' })
      response.end(text)
      return
    }
    if (await routes.api(request, response)) return
    if (await routes.serveClient(request, response)) return
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    response.end('Not found\n')
  }
}
