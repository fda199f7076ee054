/**
 * A TCP load balancer on 127.0.0.1 in front of several servers, as nginx with
 * `proxy_next_upstream` would be: each connection goes to the first server
 * of its list that accepts it, so when that one dies its clients reconnect
 * to the next. Bytes are passed through untouched (WebSocket upgrades too).
 */
import { connect, createServer, type Socket } from 'node:net'

export interface FailoverProxy {
  /** The port clients connect to instead of a server's. */
  readonly port: number
  /** ws://127.0.0.1:<port>/ws, the serverUrl a y-websocket provider takes for Seed. */
  readonly wsUrl: string
  close(): Promise<void>
}

export async function startFailoverProxy(serverPorts: number[]): Promise<FailoverProxy> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = createServer((client) => {
    track(client)
    client.pause()
    const tryServer = (index: number) => {
      if (index >= serverPorts.length || client.destroyed) {
        client.destroy()
        return
      }
      const upstream = connect(serverPorts[index]!, '127.0.0.1')
      upstream.once('error', () => tryServer(index + 1))
      upstream.once('connect', () => {
        track(upstream)
        client.pipe(upstream)
        upstream.pipe(client)
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
        client.resume()
      })
    }
    tryServer(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
