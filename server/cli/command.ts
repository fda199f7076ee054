/** One `seed` command: its usage line and what it does with the arguments after its name. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { CliError } from './cli-error.ts'

export interface Command {
  /** e.g. `seed backup <file> [--server URL]`; printed by `seed --help` and with a usage error. */
  readonly usage: string
  run(args: string[]): Promise<void>
}

/** What every command that reads or changes documents takes: --server for a running server. */
export const SERVER_OPTION = { server: { type: 'string' } } as const

/** node:util parseArgs, its refusals turned into a usage error (exit 2) that shows the command's usage. */
export function parseCommandArgs<Options extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: Options, usage: string, positionals: number) {
  let parsed
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}`, 2)
  }
  if (parsed.positionals.length !== positionals) throw new CliError(`usage: ${usage}`, 2)
  return parsed
}
