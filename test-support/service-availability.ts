/**
 * Whether the PostgreSQL / Redis / nginx servers the tests start are installed here;
 * the one place that decides to skip their tests, and says so loudly (a
 * skipped durability test must never pass for a green one). `npm test`
 * installs them first where it can (test-support/setup/ensure-services.mjs).
 *
 *   describe.skipIf(!serviceInstalled('postgres'))('…', () => { … })
 */
import { findNginx, findPostgresBinDir, findRedisServer } from './setup/service-binaries.mjs'

export type NativeService = 'postgres' | 'redis' | 'nginx'

const SERVICES: Record<NativeService, { name: string; find: () => string | undefined; install: string }> = {
  postgres: { name: 'PostgreSQL', find: findPostgresBinDir, install: 'apt-get install -y postgresql (or set POSTGRES_BIN_DIR to the directory of `postgres` and `initdb`)' },
  redis: { name: 'Redis', find: findRedisServer, install: 'apt-get install -y redis-server (or set REDIS_SERVER_PATH)' },
  nginx: { name: 'nginx', find: findNginx, install: 'apt-get install -y nginx (or set NGINX_PATH)' },
}

/** True when the service's server binaries are here; otherwise prints a banner naming what is skipped and how to install it. */
export function serviceInstalled(service: NativeService, skippedTests = 'tests'): boolean {
  const { name, find, install } = SERVICES[service]
  if (find()) return true
  const bar = '!'.repeat(78)
  console.error(`\n${bar}\n!! SKIPPED: ${skippedTests} need ${name}, which is not installed.\n!! Install it: ${install}\n${bar}\n`)
  return false
}
