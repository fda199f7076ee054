/**
 * How tests, e2e and benchmarks launch Seed as a child process: the one place
 * that knows Seed's command line, env and ready line.
 */
import { ServerProcess, type ServerSpec } from './server-process.ts'

/** Node arguments that run Seed's entry point; change here when the way Seed is launched changes. */
const SEED_ENTRY = ['--import', 'tsx', 'server/main.ts']

export interface SeedOptions {
  /** Reuse a data dir (e.g. after a crash); a fresh temp dir otherwise. */
  dataDir?: string
  /** Extra env vars, e.g. limits. */
  env?: Record<string, string>
  /** Node options placed before Seed's entry point, e.g. `--expose-gc`. */
  nodeArgs?: string[]
}

export function seedSpec({ env = {}, nodeArgs = [] }: Omit<SeedOptions, 'dataDir'> = {}): ServerSpec {
  return {
    name: 'Seed',
    args: [...nodeArgs, ...SEED_ENTRY],
    env: (port, dataDir) => ({
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.SEED_TEST_LOG_LEVEL ?? 'warn',
      ...env,
    }),
    readyLine: /Seed is running at http:\/\//,
    wsPath: '/ws',
  }
}

export function startSeed({ dataDir, ...launch }: SeedOptions = {}): Promise<ServerProcess> {
  return ServerProcess.start(seedSpec(launch), { dataDir })
}
