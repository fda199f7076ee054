#!/usr/bin/env node
// Makes sure the PostgreSQL, Redis and nginx servers the store, cluster and
// proxy tests start for themselves are installed: Debian's `postgresql`,
// `redis-server` and `nginx` packages, installed with apt-get when missing and
// we are root. The tests start their own servers on loopback with random ports
// and temp dirs, so the packages' system services are kept from starting
// (policy-rc.d) and their default ports are never used. When the packages cannot be installed this
// step does not fail: the tests that need them are skipped, loudly
// (test-support/service-availability.ts).
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { findNginx, findPostgresBinDir, findRedisServer } from './service-binaries.mjs'

const POLICY_RC = '/usr/sbin/policy-rc.d'

const services = [
  { name: 'PostgreSQL', debianPackage: 'postgresql', find: findPostgresBinDir },
  { name: 'Redis', debianPackage: 'redis-server', find: findRedisServer },
  { name: 'nginx', debianPackage: 'nginx', find: findNginx },
]

const missing = services.filter((service) => !service.find())
for (const service of services.filter((s) => !missing.includes(s))) console.warn(`services: using ${service.name} from ${service.find()}`)
if (missing.length === 0) process.exit(0)

const packages = missing.map((service) => service.debianPackage)
const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
if (!canInstall) {
  warnSkipped(`not root or no apt-get here, so they were not installed (Debian/Ubuntu: \`sudo apt-get install -y ${packages.join(' ')}\`)`)
  process.exit(0)
}

console.warn(`services: installing Debian's ${packages.join(' and ')} (one time; their system services are not started)...`)
// invoke-rc.d asks policy-rc.d whether a package may start its service; 101 means no.
const ownPolicy = !existsSync(POLICY_RC)
if (ownPolicy) writeFileSync(POLICY_RC, '#!/bin/sh\nexit 101\n', { mode: 0o755 })
try {
  // Quiet unless it fails: then apt's own output says why.
  const apt = (args) => execFileSync('apt-get', args, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  apt(['update', '-qq'])
  apt(['install', '-y', '-qq', '--no-install-recommends', ...packages])
} catch (error) {
  console.error(String(error?.stderr ?? ''))
  warnSkipped(`apt-get failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
  process.exit(0)
} finally {
  if (ownPolicy) rmSync(POLICY_RC, { force: true })
}
const stillMissing = missing.filter((service) => !service.find())
if (stillMissing.length > 0) warnSkipped('apt-get finished but their binaries were not found (set POSTGRES_BIN_DIR / REDIS_SERVER_PATH / NGINX_PATH)', stillMissing)

function warnSkipped(why, which = missing) {
  const names = which.map((service) => service.name).join(' and ')
  console.error(`\n${'!'.repeat(78)}\n!! ${names} not installed: ${why}.\n!! The tests that need ${names} WILL BE SKIPPED.\n${'!'.repeat(78)}\n`)
}
