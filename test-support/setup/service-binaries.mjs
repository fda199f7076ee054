// Where the PostgreSQL, Redis and nginx server binaries the tests start live:
// an env variable wins, then the places Debian's packages put them. Plain JS so the
// setup step (ensure-services.mjs) and the TypeScript tests share it.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql'
const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server']
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx']

/**
 * The directory holding `postgres` and `initdb` (POSTGRES_BIN_DIR, else the newest of Debian's /usr/lib/postgresql/<version>/bin).
 * @returns {string | undefined}
 */
export function findPostgresBinDir() {
  const hasServer = (dir) => existsSync(path.join(dir, 'postgres')) && existsSync(path.join(dir, 'initdb'))
  const fromEnv = process.env.POSTGRES_BIN_DIR
  if (fromEnv) return hasServer(fromEnv) ? fromEnv : undefined
  if (!existsSync(DEBIAN_POSTGRES_ROOT)) return undefined
  return readdirSync(DEBIAN_POSTGRES_ROOT)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(DEBIAN_POSTGRES_ROOT, version, 'bin'))
    .find(hasServer)
}

/**
 * The `redis-server` executable (REDIS_SERVER_PATH, else Debian's).
 * @returns {string | undefined}
 */
export function findRedisServer() {
  const fromEnv = process.env.REDIS_SERVER_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return REDIS_CANDIDATES.find((candidate) => existsSync(candidate))
}

/**
 * The `nginx` executable (NGINX_PATH, else Debian's).
 * @returns {string | undefined}
 */
export function findNginx() {
  const fromEnv = process.env.NGINX_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return NGINX_CANDIDATES.find((candidate) => existsSync(candidate))
}
