/**
 * Serves the built client from dist/client: hashed assets cached for a year,
 * index.html never cached (so a deploy is picked up at once), and the SPA
 * routes `/` and `/r/<room>` answered with index.html. Any other path that is
 * no file gets index.html too, with status 404: the client renders its
 * not-found page (with a way home) from the address. Missing hashed assets and
 * WebSocket paths stay plain 404s: no HTML where a script or socket was asked for.
 * The offline app shell's service worker (/sw.js, scope `/`) is revalidated on
 * every fetch like index.html, so a deploy reaches installed clients on their
 * next online visit; when it is missing it is a plain 404 too, which fails its
 * registration cleanly.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { clientPathname, isAppRoute as isAppRoutePath, isPageAddress } from './client-routes.ts'

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
  const indexFile = path.join(root, 'index.html')

  return async function serveClient(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const pathname = clientPathname(request.url ?? '/')
    if (pathname === null) return false
    const isAppRoute = isAppRoutePath(pathname)
    const file = isAppRoute ? indexFile : path.resolve(root, pathname.slice(1))
    if (file !== root && !file.startsWith(root + path.sep)) return false

    const info = await stat(file).catch(() => null)
    if (info?.isFile()) return send(request, response, file, info.size, 200)
    if (isAppRoute) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('The client is not built yet. Run `npm run build` (or `npm start`, which builds it).\n')
      return true
    }
    if (!isPageAddress(pathname)) return false
    const index = await stat(indexFile).catch(() => null)
    return index?.isFile() === true && send(request, response, indexFile, index.size, 404)
  }

  function send(request: IncomingMessage, response: ServerResponse, file: string, size: number, status: number): true {
    response.writeHead(status, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': path.relative(root, file).startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    if (request.method === 'HEAD') response.end()
    else createReadStream(file).pipe(response)
    return true
  }
}
