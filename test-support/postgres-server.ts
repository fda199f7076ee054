/**
 * A throwaway PostgreSQL for a test file: initdb into a temp dir, then the
 * server on a free port of 127.0.0.1 only, its unix socket in that temp dir,
 * fsync off (nothing here must survive a power cut). Postgres refuses to run
 * as root, so under root it runs as the `postgres` user Debian's package
 * creates, owning the temp dir. Each test takes a fresh database
 * (createDatabase) on one server per file; stop() is the fast shutdown
 * (SIGINT: clients are disconnected, the data stays for restart()); dispose()
 * stops it and removes everything. Check serviceInstalled('postgres') first
 * (test-support/service-availability.ts).
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { ServerProcess, ServiceProcess } from './server-process.ts'
import { findPostgresBinDir } from './setup/service-binaries.mjs'

const SUPERUSER = 'postgres'

export class PostgresServer extends ServiceProcess {
  private constructor(
    server: ServerProcess,
    private readonly baseDir: string,
  ) {
    super(server)
  }

  static async start(): Promise<PostgresServer> {
    const binDir = findPostgresBinDir()
    if (!binDir) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql); guard the test with serviceInstalled("postgres")')
    const user = process.getuid?.() === 0 ? systemUser('postgres') : undefined
    const baseDir = await mkdtemp(path.join(tmpdir(), 'seed-test-postgres-'))
    const dataDir = path.join(baseDir, 'data')
    const socketDir = path.join(baseDir, 'socket')
    try {
      await mkdir(socketDir)
      if (user) for (const dir of [baseDir, socketDir]) await chown(dir, user.uid, user.gid)
      execFileSync(
        path.join(binDir, 'initdb'),
        ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
        { stdio: 'pipe', cwd: baseDir, ...user },
      )
      const server = await ServerProcess.start(
        {
          name: 'PostgreSQL',
          command: path.join(binDir, 'postgres'),
          args: [
            ...['-k', socketDir, '-c', 'listen_addresses=127.0.0.1'],
            ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=32MB', '-c', 'max_connections=200'],
          ],
          listenArgs: (port, dir) => ['-D', dir, '-p', String(port)],
          env: () => ({}),
          readyLine: /database system is ready to accept connections/,
          wsPath: '',
          // SIGTERM waits for every client to disconnect (a pool never does); SIGINT is the fast shutdown.
          stopSignal: 'SIGINT',
          user,
        },
        { dataDir },
      )
      return new PostgresServer(server, baseDir)
    } catch (error) {
      await rm(baseDir, { recursive: true, force: true })
      throw error
    }
  }

  /** A connection string for `database` (the server's default database unless given). */
  url(database = 'postgres'): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.port}/${database}`
  }

  /** Creates an empty database and returns its connection string. */
  async createDatabase(): Promise<string> {
    const name = `seed_${randomUUID().replaceAll('-', '')}`
    await this.admin(`CREATE DATABASE ${name}`)
    return this.url(name)
  }

  /** Drops a database made by createDatabase(), closing whatever is still connected to it. */
  async dropDatabase(url: string): Promise<void> {
    const name = new URL(url).pathname.slice(1)
    if (!/^seed_[0-9a-f]{32}$/.test(name)) throw new Error(`not a database made by createDatabase(): ${name}`)
    await this.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }

  /** SIGSTOP to the postmaster and every backend: a server that hangs with its sockets open, open connections included. */
  override freeze(): void {
    super.freeze()
    signalEach(childrenOf(this.pid), 'SIGSTOP')
  }

  /** SIGCONT after freeze(). */
  override thaw(): void {
    signalEach(childrenOf(this.pid), 'SIGCONT')
    super.thaw()
  }

  /** Stops the server (fast shutdown, so its shared memory is released) and removes the temp dir. */
  override async dispose(): Promise<void> {
    this.server.thaw()
    await this.server.stop()
    await super.dispose()
    await rm(this.baseDir, { recursive: true, force: true })
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url() })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
}

/** The pids whose parent is `pid` (each connection has its own backend process), from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The command name in parentheses may hold spaces: the parent pid is the second field after it.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
}

function signalEach(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch (error) {
      // A backend whose connection ended between listing and signalling is gone: nothing to stop.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    throw new Error(`Postgres refuses to run as root and there is no "${name}" user to run it as; install Debian's postgresql package (it creates one) or run the tests as another user`)
  }
}
