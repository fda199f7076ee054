/**
 * PostgreSQL for the tests of one describe block: one throwaway server
 * (test-support/postgres-server.ts) started before its tests and disposed
 * after them, and a fresh empty database per call, dropped after the test
 * that made it. Call usePostgres() first in the block: after-hooks run in
 * reverse order, so what a test's own afterEach stops (Seed processes,
 * pools) is gone before its databases are dropped.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { PostgresServer } from './postgres-server.ts'

export interface PostgresFixture {
  /** The block's server, once its tests run (to stop, restart or freeze it). */
  readonly server: PostgresServer
  /** An empty database of its own; its connection string. */
  freshDatabase(): Promise<string>
}

export function usePostgres(): PostgresFixture {
  let server: PostgresServer | undefined
  const databases: string[] = []

  beforeAll(async () => {
    server = await PostgresServer.start()
  })
  afterEach(async () => {
    for (const url of databases.splice(0)) await server!.dropDatabase(url)
  })
  afterAll(async () => {
    await server?.dispose()
  })

  const fixture: PostgresFixture = {
    get server(): PostgresServer {
      if (!server) throw new Error('PostgreSQL is not started yet: use the fixture inside tests and hooks, not while the tests are collected')
      return server
    },
    async freshDatabase(): Promise<string> {
      const url = await fixture.server.createDatabase()
      databases.push(url)
      return url
    },
  }
  return fixture
}
