#!/usr/bin/env node
/**
 * `seed`, the operator's command-line tool (README "Backups, restores,
 * upgrades and moving between stores"): `npx seed …` after `npm run build`
 * (package.json's bin: the compiled dist/server/cli/main.js), or `npm run seed -- …`. Each
 * command is its own module, loaded only when named, so `seed --version`
 * loads neither a store nor a renderer. It reads the server's configuration
 * (DATA_DIR, DATABASE_URL) from the same environment variables.
 */
import { CliError } from './cli-error.ts'
import type { Command } from './command.ts'
import { versionLine } from './version.ts'

const COMMANDS: Record<string, () => Promise<Command>> = {
  'documents list': async () => (await import('./documents-list.ts')).documentsList,
  'documents export': async () => (await import('./documents-export.ts')).documentsExport,
  'documents delete': async () => (await import('./documents-delete.ts')).documentsDelete,
  backup: async () => (await import('./backup.ts')).backup,
  restore: async () => (await import('./restore.ts')).restore,
  migrate: async () => (await import('./migrate.ts')).migrate,
}

async function help(): Promise<string> {
  const usages = await Promise.all(Object.values(COMMANDS).map(async (load) => `  ${(await load()).usage}`))
  return [
    'usage:',
    ...usages,
    '  seed --version',
    '',
    'The store is the one the server would open: DATABASE_URL (PostgreSQL) or DATA_DIR (LevelDB, ./data).',
    'With --server URL the command goes through that running server instead, with the API key in SEED_API_KEY (or API_KEY);',
    'a running LevelDB server can only be reached that way.',
    '',
  ].join('\n')
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--version' || args[0] === '-v') return void process.stdout.write(`${versionLine()}\n`)
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') return void process.stdout.write(await help())
  const name = args[0] === 'documents' ? `documents ${args[1] ?? ''}` : args[0]!
  const load = COMMANDS[name]
  if (!load) throw new CliError(`Unknown command "${name.trim()}".\n${await help()}`, 2)
  await (await load()).run(args.slice(name.split(' ').length))
}

// process.exitCode, not process.exit(): output still on its way to a pipe is written before the process ends.
main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = error instanceof CliError ? error.exitCode : 1
})
