/** A bare WebSocket for sending exactly the bytes a test wants and observing how it is closed. */
import { WebSocket } from 'ws'

export interface RawSocket {
  socket: WebSocket
  /** Resolves with the close code and reason the server sent. */
  closed: Promise<{ code: number; reason: string }>
  /** Resolves when the server sent its first message (the room is open). */
  firstMessage: Promise<void>
}

export async function openRawSocket(wsUrl: string, roomId: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const socket = new WebSocket(`${wsUrl}/${roomId}`, { headers })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  socket.on('error', () => undefined)
  // Listening before 'open': the server's first frames can arrive with the upgrade response.
  const firstMessage = new Promise<void>((resolve) => socket.once('message', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return { socket, closed, firstMessage }
}

/** The HTTP status the server answers an upgrade request for `path` with. */
export async function upgradeStatus(httpUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(httpUrl)
  const { request } = await import('node:http')
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path,
      headers: { ...headers, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    })
    req.on('response', (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    req.on('upgrade', (_response, socket) => {
      socket.destroy()
      resolve({ status: 101, body: '' })
    })
    req.on('error', reject)
    req.end()
  })
}
