/**
 * An https server on 127.0.0.1 that answers every request with one image (but
 * those under MISSING_PATH, which answer 404), for
 * images added by web address (Seed takes https: addresses only). Its
 * certificate is self-signed, made with openssl for this run: the people's
 * browser contexts ignore certificate errors (people.ts).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface HttpsImageServer {
  /** e.g. https://127.0.0.1:43123 */
  origin: string
  close(): Promise<void>
}

/** Addresses under this path answer 404 Not Found: a broken image. */
export const MISSING_PATH = '/missing/'

export async function startHttpsImageServer(image: Buffer, contentType = 'image/png'): Promise<HttpsImageServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'seed-https-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' })
    const server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (request, response) => {
      if (request.url?.startsWith(MISSING_PATH)) {
        response.writeHead(404, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' })
        response.end('Not found')
        return
      }
      response.writeHead(200, { 'Content-Type': contentType, 'Access-Control-Allow-Origin': '*' })
      response.end(image)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
      origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
