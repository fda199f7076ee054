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
import { ServerProcess, ServiceProcess } from './server-process.ts'
import { findRedisServer } from './setup/service-binaries.mjs'

export class RedisServer extends ServiceProcess {
  /** `password`: clients must authenticate with it (requirepass). */
  static async start(options: { password?: string } = {}): Promise<RedisServer> {
    const command = findRedisServer()
    if (!command) throw new Error('Redis is not installed (apt-get install -y redis-server); guard the test with serviceInstalled("redis")')
    const server = await ServerProcess.start({
      name: 'Redis',
      command,
      args: ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice', ...(options.password ? ['--requirepass', options.password] : [])],
      listenArgs: (port, dataDir) => ['--port', String(port), '--dir', dataDir],
      env: () => ({}),
      readyLine: /Ready to accept connections/,
      wsPath: '',
    })
    return new RedisServer(server)
  }

  /** redis://127.0.0.1:<port>, for REDIS_URL or ioredis. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** SIGKILL: a crash. */
  async kill(): Promise<void> {
    await this.server.kill()
  }
}
