/** `seed documents export <id>`: the document's content, rendered as the document API renders it, to stdout or --out. */
import { writeFile } from 'node:fs/promises'
import type { ReadFormat } from '../documents/document-service.ts'
import { CliError } from './cli-error.ts'
import { parseCommandArgs, SERVER_OPTION, type Command } from './command.ts'
import { withDeployment } from './open-deployment.ts'

const FORMATS: readonly ReadFormat[] = ['markdown', 'html', 'json', 'text', 'yjs']
const usage = `seed documents export <id> [--format ${FORMATS.join('|')}] [--out FILE] [--server URL]`

export const documentsExport: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { ...SERVER_OPTION, format: { type: 'string', default: 'markdown' }, out: { type: 'string' } }, usage, 1)
    const format = values.format as ReadFormat
    if (!FORMATS.includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}; it was ${JSON.stringify(values.format)}.`, 2)
    const id = positionals[0]!
    const content = await withDeployment(values.server, (deployment) => deployment.export(id, format))
    if (content === null) throw new CliError(`No document "${id}": it was never created, or it was deleted.`)
    if (values.out !== undefined) await writeFile(values.out, content)
    else process.stdout.write(content)
  },
}
