/**
 * In development (`npm run dev`) Vite serves the client, with hot reload, on Seed's
 * port. Vite is imported here and only here, so a production process never loads it.
 * Vite's own SPA fallback would answer every unknown address with the app and status
 * 200; instead Vite serves only modules and files ("custom" app type), and this
 * handler answers pages the way the built client's server does (static-client.ts):
 * the app's routes with 200, any other page address with the app (its not-found page)
 * and 404, everything else left to the next handler.
 */
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import path from 'node:path'
import { VITE_CONFIG_FILE } from '../paths.ts'
import { clientPathname, isAppRoute, isPageAddress } from './client-routes.ts'
import type { RouteHandler } from '../web/route-handler.ts'

export async function createDevClientHandler(httpServer: Server): Promise<RouteHandler> {
  const { createServer: createViteServer } = await import('vite')
  const vite = await createViteServer({
    configFile: VITE_CONFIG_FILE,
    server: { middlewareMode: true, hmr: { server: httpServer } },
    appType: 'custom',
  })
  const indexFile = path.join(vite.config.root, 'index.html')

  const serveModule: RouteHandler = (request, response) =>
    new Promise((resolve) => {
      vite.middlewares(request, response, () => resolve(false))
      response.once('finish', () => resolve(true))
    })

  return async (request, response) => {
    if (await serveModule(request, response)) return true
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const pathname = clientPathname(request.url ?? '/')
    if (pathname === null || !isPageAddress(pathname)) return false
    // Read each time: index.html is edited during development too.
    const html = await vite.transformIndexHtml(request.url ?? '/', await readFile(indexFile, 'utf8'))
    response.writeHead(isAppRoute(pathname) ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' })
    response.end(request.method === 'HEAD' ? undefined : html)
    return true
  }
}
