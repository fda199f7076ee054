/**
 * A TCP proxy on 127.0.0.1 that forwards client→server bytes at once and
 * server→client bytes at a fixed rate: a slow link (a phone, a hotel Wi-Fi)
 * between a client and a server on loopback. While the paced queue is full
 * the server side is not read, so the server sees the same backpressure a
 * slow link gives it.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

const TICK_MS = 20
/** Server bytes held per connection before the proxy stops reading the server. */
const QUEUE_HIGH_WATER = 256 * 1024

export interface PacedProxy {
  /** `host:port` of the proxy, to use in place of the server's. */
  readonly port: number
  close(): Promise<void>
}

export async function startPacedProxy(targetPort: number, bytesPerSecond: number): Promise<PacedProxy> {
  const connections = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    connections.add(client)
    connections.add(upstream)
    const queue: Buffer[] = []
    let queued = 0
    const perTick = Math.max(1, Math.floor((bytesPerSecond * TICK_MS) / 1000))
    const ticker = setInterval(() => {
      let budget = perTick
      while (budget > 0 && queue.length > 0) {
        const head = queue[0]!
        const piece = head.subarray(0, budget)
        client.write(piece)
        budget -= piece.byteLength
        queued -= piece.byteLength
        if (piece.byteLength === head.byteLength) queue.shift()
        else queue[0] = head.subarray(piece.byteLength)
      }
      if (queued < QUEUE_HIGH_WATER && upstream.isPaused()) upstream.resume()
    }, TICK_MS)
    upstream.on('data', (chunk: Buffer) => {
      queue.push(chunk)
      queued += chunk.byteLength
      if (queued >= QUEUE_HIGH_WATER) upstream.pause()
    })
    client.pipe(upstream)
    const end = () => {
      clearInterval(ticker)
      client.destroy()
      upstream.destroy()
      connections.delete(client)
      connections.delete(upstream)
    }
    client.on('close', end)
    upstream.on('close', end)
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of connections) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
