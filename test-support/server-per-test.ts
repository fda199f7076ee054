/**
 * Vitest helper: a fresh in-process server per test plus the stock clients a
 * test opens on it, all torn down after each test.
 */
import { afterEach } from 'vitest'
import { connectClient, type ConnectOptions, type NodeClient } from './node-client.ts'
import { startTestServer, type TestServer } from './in-process-server.ts'

export function useServerPerTest() {
  let current: TestServer | undefined
  let clients: NodeClient[] = []

  afterEach(async () => {
    destroyClients()
    await current?.dispose()
    current = undefined
  })

  function destroyClients(): void {
    for (const c of clients) c.destroy()
    clients = []
  }

  return {
    async start(env: Record<string, string> = {}): Promise<TestServer> {
      current = await startTestServer(env)
      return current
    },
    get server(): TestServer {
      if (!current) throw new Error('call start() first')
      return current
    },
    client(room: string, options: ConnectOptions = {}): NodeClient {
      const c = connectClient(this.server.wsUrl, room, options)
      clients.push(c)
      return c
    },
    destroyClients,
  }
}
