/**
 * Serves the built client from dist/client: hashed assets cached for a year,
 * index.html never cached (so a deploy is picked up at once), and the SPA
 * routes `/` and `/r/<room>` answered with index.html.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { ROOM_PAGE_PREFIX } from '../../shared/protocol.ts'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export function createStaticClientHandler(clientDir: string) {
  const root = path.resolve(clientDir)

  return async function serveClient(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const pathname = decodePathname(request.url ?? '/')
    if (pathname === null) return false
    const isAppRoute = pathname === '/' || pathname.startsWith(ROOM_PAGE_PREFIX)
    const relative = isAppRoute ? 'index.html' : pathname.slice(1)
    const file = path.resolve(root, relative)
    if (file !== root && !file.startsWith(root + path.sep)) return false

    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) {
      if (!isAppRoute) return false
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('The client is not built yet. Run `npm run build` (or `npm start`, which builds it).\n')
      return true
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    if (request.method === 'HEAD') {
      response.end()
      return true
    }
    createReadStream(file).pipe(response)
    return true
  }
}

function decodePathname(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://seed.invalid').pathname)
  } catch {
    return null
  }
}
