/**
 * `seed backup <file>`: every document (its Yjs state), its metadata and
 * creation time, its uploads and its versions, in Seed's backup format
 * (server/backup/backup-format.ts). Written to <file>.partial and renamed
 * once complete, so <file> is never a backup cut off half way.
 */
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { parseCommandArgs, SERVER_OPTION, type Command } from './command.ts'
import { withDeployment } from './open-deployment.ts'

const usage = 'seed backup <file> [--server URL]'

export const backup: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, SERVER_OPTION, usage, 1)
    const file = positionals[0]!
    const partial = `${file}.partial`
    try {
      await withDeployment(values.server, (deployment) => deployment.backup(createWriteStream(partial)))
    } catch (error) {
      await rm(partial, { force: true })
      throw error
    }
    await rename(partial, file)
    process.stderr.write(`Backed up to ${file}.\n`)
  },
}
