/**
 * `seed restore <file>`: restores a backup (`seed backup`) into the store
 * the configuration names, or the running server --server names. It reads
 * the whole file first and writes nothing when the file is damaged or cut
 * off, or when a document of it exists and --replace was not given.
 */
import { access } from 'node:fs/promises'
import { BackupFormatError } from '../backup/backup-format.ts'
import { RestoreConflictError } from '../backup/restore-backup.ts'
import { CliError } from './cli-error.ts'
import { parseCommandArgs, SERVER_OPTION, type Command } from './command.ts'
import { withDeployment } from './open-deployment.ts'

const usage = 'seed restore <file> [--replace] [--server URL]'

export const restore: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { ...SERVER_OPTION, replace: { type: 'boolean', default: false } }, usage, 1)
    const file = positionals[0]!
    await access(file).catch(() => {
      throw new CliError(`Cannot read the backup ${file}: no such file, or no permission.`, 2)
    })
    try {
      const result = await withDeployment(
        values.server,
        (deployment) =>
          deployment.restore(file, {
            replace: values.replace,
            onProgress: ({ done, of }) => process.stderr.write(`restored ${done} of ${of} documents\n`),
          }),
        true,
      )
      process.stderr.write(`Restored ${result.documents} documents (${result.replaced} replaced), ${result.uploads} uploads and ${result.versions} versions from ${file}.\n`)
    } catch (error) {
      if (error instanceof RestoreConflictError || error instanceof BackupFormatError) throw new CliError(error.message)
      throw error
    }
  },
}
