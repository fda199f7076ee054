/**
 * A throwaway Redis for a test: `redis-server` on a free port of 127.0.0.1,
 * nothing saved to disk (`--save ''`, no AOF), its working dir a temp dir.
 * Tests break it on purpose: stop() and restart() on the same port (every
 * client is disconnected and every stream and key is gone, as after a Redis
 * restart without persistence), kill() for a crash, freeze()/thaw() for a
 * Redis that hangs with its sockets open (messages published meanwhile are
 * delayed, clients time out). Check serviceInstalled('redis') first
 * (test-support/service-availability.ts).
 */
import { ServerProcess } from './server-process.ts'
import { findRedisServer } from './setup/service-binaries.mjs'

export class RedisServer {
  private constructor(private readonly server: ServerProcess) {}

  static async start(): Promise<RedisServer> {
    const command = findRedisServer()
    if (!command) throw new Error('Redis is not installed (apt-get install -y redis-server); guard the test with serviceInstalled("redis")')
    const server = await ServerProcess.start({
      name: 'Redis',
      command,
      args: ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
      listenArgs: (port, dataDir) => ['--port', String(port), '--dir', dataDir],
      env: () => ({}),
      readyLine: /Ready to accept connections/,
      wsPath: '',
    })
    return new RedisServer(server)
  }

  get port(): number {
    return this.server.port
  }

  /** redis://127.0.0.1:<port>, for REDIS_URL or ioredis. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** The server process (new after restart()), e.g. to signal it. */
  get pid(): number {
    return this.server.pid
  }

  /** SIGTERM and wait: clients are disconnected, and nothing is kept. */
  async stop(): Promise<void> {
    await this.server.stop()
  }

  /** SIGKILL: a crash. */
  async kill(): Promise<void> {
    await this.server.kill()
  }

  /** Starts an empty Redis again on the same port, after stop() or kill(). */
  async restart(): Promise<void> {
    await this.server.restart()
  }

  /** SIGSTOP: Redis hangs with its sockets open; nothing is answered or delivered until thaw(). */
  freeze(): void {
    this.server.freeze()
  }

  /** SIGCONT after freeze(): everything queued meanwhile is processed. */
  thaw(): void {
    this.server.thaw()
  }

  /** Kills the server if running (thawed first, so the kill lands) and removes its temp dir. */
  async dispose(): Promise<void> {
    this.server.thaw()
    await this.server.dispose()
  }
}
