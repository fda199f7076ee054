/**
 * The deployment a command acts on: the running server --server names, else
 * the store the server's own configuration names (DATA_DIR or DATABASE_URL,
 * server/config.ts).
 */
import { loadConfig } from '../config.ts'
import { ConfigError } from '../errors.ts'
import { CliError } from './cli-error.ts'
import type { Deployment } from './deployment.ts'

/** `creating`: the command may start a new store (a restore); every other one needs an existing one, so a mistyped DATA_DIR is not read as an empty deployment. */
export async function openDeployment(server: string | undefined, creating = false): Promise<Deployment> {
  if (server !== undefined) {
    const { openRemoteDeployment } = await import('./remote-deployment.ts')
    return openRemoteDeployment(server, process.env.SEED_API_KEY ?? process.env.API_KEY)
  }
  let config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2)
    throw error
  }
  const { openLocalDeployment } = await import('./local-deployment.ts')
  return openLocalDeployment(config, creating)
}

/** Runs `use` on the deployment and closes it after, whatever happens. */
export async function withDeployment<T>(server: string | undefined, use: (deployment: Deployment) => Promise<T>, creating = false): Promise<T> {
  const deployment = await openDeployment(server, creating)
  try {
    return await use(deployment)
  } finally {
    await deployment.close()
  }
}
