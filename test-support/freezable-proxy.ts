/**
 * A TCP proxy on 127.0.0.1 in front of one server whose link can die without
 * a word: after `freeze()` no byte passes in either direction, on open
 * connections and new ones, and nothing is closed, as when a client's network
 * vanishes (a laptop lid shut, a phone out of coverage). The server then gets
 * no close, no FIN and no answer to its pings. The proxy stops reading rather
 * than reading and discarding, so TCP windows fill as they would.
 *
 * Chromium's offline emulation (`context.setOffline`) is not this: its network
 * stack keeps answering the server's pings on an open WebSocket until a data
 * frame arrives for the page, so a server sees an idle dead client as alive.
 */
import { connect, createServer, type Socket } from 'node:net'

export interface FreezableProxy {
  /** The port to use in place of the server's. */
  readonly port: number
  /** From now on nothing passes, and nothing closes. */
  freeze(): void
  close(): Promise<void>
}

export async function startFreezableProxy(targetPort: number): Promise<FreezableProxy> {
  const sockets = new Set<Socket>()
  let frozen = false
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = createServer((client) => {
    track(client)
    if (frozen) {
      client.pause()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    track(upstream)
    client.pipe(upstream)
    upstream.pipe(client)
    // A dead link carries no close either.
    client.on('close', () => {
      if (!frozen) upstream.destroy()
    })
    upstream.on('close', () => {
      if (!frozen) client.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    port,
    freeze: () => {
      frozen = true
      for (const socket of sockets) {
        socket.unpipe()
        socket.pause()
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
