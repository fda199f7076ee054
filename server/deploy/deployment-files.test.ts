/**
 * The deployment files (Dockerfile, docker-compose.yml, seed.service,
 * nginx.conf), read as their tools would read them, since no container
 * runtime or systemd runs here: what each must hold for Seed to run under it
 * (entry point, user, data directory, health check, graceful stop), that the
 * files agree with each other, and that they set no variable Seed does not read.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { CONFIG_VARIABLES } from '../config.ts'

const DEPLOY_DIR = fileURLToPath(new URL('.', import.meta.url))
const PROJECT_ROOT = path.resolve(DEPLOY_DIR, '../..')
const DOCKERFILE = path.join(DEPLOY_DIR, 'Dockerfile')
const NGINX_CONF = path.join(DEPLOY_DIR, 'nginx.conf')
const read = (file: string) => readFileSync(path.join(DEPLOY_DIR, file), 'utf8')

interface Instruction {
  keyword: string
  args: string
}

/** A Dockerfile's stages, each its instructions in order: comments dropped, continued lines joined, a stage per FROM. */
function parseDockerfile(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*(#|$)/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
  const stages: Instruction[][] = []
  for (const line of joined.split('\n')) {
    const [, keyword = '', args = ''] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? []
    if (keyword.toUpperCase() === 'FROM') stages.push([])
    stages.at(-1)?.push({ keyword: keyword.toUpperCase(), args: args.trim() })
  }
  return stages
}

/** `KEY=value` pairs of ENV instructions (or of a systemd Environment= line). */
function assignments(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.flatMap((line) => line.split(/\s+/)).map((pair) => pair.split(/=(.*)/, 2) as [string, string]))
}

/** A systemd unit: section → key → every value given (keys such as Environment= may repeat). */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {}
  let section: Record<string, string[]> | undefined
  for (const line of text.split('\n').map((entry) => entry.trim())) {
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header) sections[header[1]!] = section = {}
    else {
      const [key, value] = line.split(/=(.*)/, 2) as [string, string]
      section![key] = [...(section![key] ?? []), value]
    }
  }
  return sections
}

function expectKnownVariables(names: string[]): void {
  expect(names.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([])
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'))
  const runtime = stages.at(-1)!
  const last = (keyword: string) => runtime.filter((instruction) => instruction.keyword === keyword).at(-1)?.args
  const env = assignments(runtime.filter((instruction) => instruction.keyword === 'ENV').map((instruction) => instruction.args))

  it('builds in a stage of its own and runs with production dependencies and the built dist/ only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    const build = stages.find((stage) => /\bAS build$/i.test(stage[0]!.args))!
    const runs = (stage: Instruction[]) => stage.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args)
    expect(runs(build)).toEqual(expect.arrayContaining([expect.stringMatching(/\bnpm ci\b/), expect.stringMatching(/\bnpm run build\b/)]))
    expect(runs(runtime)).toEqual(expect.arrayContaining([expect.stringMatching(/\bnpm ci --omit=dev\b/)]))
    expect(runtime.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.args)).toContain('--from=build /app/dist ./dist')
  })

  it('runs node dist/server/main.js as a user of its own, listening on every interface, its data in a volume', () => {
    expect(JSON.parse(last('CMD')!)).toEqual(['node', 'dist/server/main.js'])
    const user = last('USER')
    expect(user).toBeDefined()
    expect(['root', '0']).not.toContain(user)
    expect(runtime.some((instruction) => instruction.keyword === 'RUN' && new RegExp(`useradd .*\\b${user}$`, 'm').test(instruction.args))).toBe(true)
    expect(env.HOST).toBe('0.0.0.0')
    expect(env.DATA_DIR).toBeDefined()
    expect(last('VOLUME')).toBe(env.DATA_DIR)
    expectKnownVariables(Object.keys(env))
  })

  it('checks /healthz on the port it listens on, and stops with SIGTERM', () => {
    const healthcheck = last('HEALTHCHECK')!
    expect(healthcheck).toMatch(/\bCMD \[/)
    expect(healthcheck).toContain("'http://127.0.0.1:' + process.env.PORT + '/healthz'")
    expect(last('STOPSIGNAL')).toBe('SIGTERM')
    expect(last('EXPOSE')).toBe(env.PORT)
  })

  it('is built from a context without installed, built or stored files (BuildKit reads Dockerfile.dockerignore beside it)', () => {
    const ignored = read('Dockerfile.dockerignore').split('\n')
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git']))
  })
})

describe('docker-compose.yml', () => {
  interface Service {
    build?: { context: string; dockerfile: string }
    image?: string
    environment?: Record<string, string>
    ports?: string[]
    volumes?: string[]
  }
  const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, Service> }
  const services = compose.services
  const seeds = Object.entries(services).filter(([, service]) => service.build && path.resolve(DEPLOY_DIR, service.build.context, service.build.dockerfile) === DOCKERFILE)

  it('runs two Seed instances from the Dockerfile beside PostgreSQL, Redis and nginx', () => {
    expect(seeds.map(([name]) => name)).toEqual(['seed-1', 'seed-2'])
    expect(services.postgres?.image).toMatch(/^postgres:/)
    expect(services.redis?.image).toMatch(/^redis:/)
    expect(services.nginx?.image).toMatch(/^nginx:/)
  })

  it('gives each instance the shared store and bus by service name, trusts nginx for client addresses, and publishes no port of theirs', () => {
    for (const [, seed] of seeds) {
      const env = seed.environment!
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//)
      expect(env.REDIS_URL).toMatch(/^redis:\/\/.+@redis:6379$/)
      expect(env.TRUST_PROXY).toBe('1')
      expect(seed.ports).toBeUndefined()
      expectKnownVariables(Object.keys(env))
    }
  })

  it('mounts the nginx.conf the README shows, whose upstreams are exactly the instances, on the port they listen on', () => {
    const mounts = services.nginx!.volumes!.map((volume) => volume.split(':'))
    expect(mounts).toContainEqual([expect.stringMatching(/\.conf$/), '/etc/nginx/conf.d/default.conf', 'ro'])
    const [source] = mounts.find(([, target]) => target === '/etc/nginx/conf.d/default.conf')!
    expect(path.resolve(DEPLOY_DIR, source!)).toBe(NGINX_CONF)

    const imagePort = assignments(parseDockerfile(read('Dockerfile')).at(-1)!.filter((instruction) => instruction.keyword === 'ENV').map((instruction) => instruction.args)).PORT
    const upstreams = [...read('nginx.conf').matchAll(/^\s*server ([\w.-]+):(\d+)\b/gm)].map(([, host, port]) => `${host}:${port}`)
    expect(upstreams).toEqual(seeds.map(([name]) => `${name}:${imagePort}`))
  })
})

describe('seed.service', () => {
  const unit = parseUnit(read('seed.service'))
  const service = unit.Service!
  const one = (key: string) => {
    expect(service[key], key).toHaveLength(1)
    return service[key]![0]!
  }

  it('runs node dist/server/main.js in the foreground as a user of its own, restarted when it fails', () => {
    expect(one('Type')).toBe('simple')
    const [executable, ...args] = one('ExecStart').split(/\s+/)
    expect(path.isAbsolute(executable!) && path.basename(executable!)).toBe('node')
    expect(args).toEqual(['dist/server/main.js'])
    expect(['root', '0']).not.toContain(one('User'))
    expect(one('Restart')).toBe('on-failure')
    expect(unit.Install?.WantedBy).toEqual(['multi-user.target'])
  })

  it('stops it with SIGTERM, giving it time to store every room', () => {
    expect(one('KillSignal')).toBe('SIGTERM')
    expect(Number(one('TimeoutStopSec'))).toBeGreaterThanOrEqual(10)
  })

  it('keeps its data in the state directory systemd makes for it, its settings in an environment file, and the rest of the system read-only', () => {
    const env = assignments(service.Environment!)
    expect(env.DATA_DIR).toBe(`/var/lib/${one('StateDirectory')}`)
    expectKnownVariables(Object.keys(env))
    expect(one('EnvironmentFile')).toMatch(/^-?\/etc\/seed\//)
    expect(one('NoNewPrivileges')).toBe('yes')
    expect(one('ProtectSystem')).toBe('strict')
    expect(one('ProtectHome')).toBe('yes')
    expect(one('PrivateTmp')).toBe('yes')
  })
})

describe('nginx.conf', () => {
  it('is what the README shows under "Routing by room", character for character', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('*Routing by room.*'))
    const block = /```nginx\n([\s\S]*?)```/.exec(section)?.[1]
    expect(block).toBe(readFileSync(NGINX_CONF, 'utf8'))
  })
})
