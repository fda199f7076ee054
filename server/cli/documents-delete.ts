/**
 * `seed documents delete <id>`: removes the document's content, metadata,
 * uploads and versions, and leaves a tombstone, so no instance that still
 * holds it brings it back. Through --server, whoever has it open is closed
 * with a reason.
 */
import { CliError } from './cli-error.ts'
import { parseCommandArgs, SERVER_OPTION, type Command } from './command.ts'
import { withDeployment } from './open-deployment.ts'

const usage = 'seed documents delete <id> [--server URL]'

export const documentsDelete: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, SERVER_OPTION, usage, 1)
    const id = positionals[0]!
    if (!(await withDeployment(values.server, (deployment) => deployment.delete(id)))) {
      throw new CliError(`No document "${id}": it was never created, or it was deleted already.`)
    }
    process.stderr.write(`Deleted document ${id}.\n`)
  },
}
