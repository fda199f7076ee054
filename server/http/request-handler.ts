/** Plain HTTP routes: health, then the client (static build or Vite in dev), else 404. */
import type { IncomingMessage, ServerResponse } from 'node:http'

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>

export interface HttpRoutes {
  isHealthy: () => boolean
  serveClient: RouteHandler
}

export function createRequestHandler(routes: HttpRoutes) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = (request.url ?? '/').split('?')[0]
    if (pathname === '/healthz') {
      const healthy = routes.isHealthy()
      sendJson(response, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' })
      return
    }
    if (await routes.serveClient(request, response)) return
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    response.end('Not found\n')
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) })
  response.end(text)
}
