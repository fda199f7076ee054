/** `seed documents list`: every document, page by page, as a table or (--json) one JSON object per line. */
import { parseCommandArgs, SERVER_OPTION, type Command } from './command.ts'
import type { DocumentRow } from './deployment.ts'
import { withDeployment } from './open-deployment.ts'

const usage = 'seed documents list [--json] [--server URL]'

export const documentsList: Command = {
  usage,
  async run(args) {
    const { values } = parseCommandArgs(args, { ...SERVER_OPTION, json: { type: 'boolean' } }, usage, 0)
    await withDeployment(values.server, async (deployment) => {
      if (!values.json) process.stdout.write(row(['ID', 'TITLE', 'CREATED', 'UPDATED', 'BYTES']))
      let cursor: string | null = null
      do {
        const page: { documents: DocumentRow[]; nextCursor: string | null } = await deployment.list(cursor)
        for (const document of page.documents) process.stdout.write(values.json ? `${JSON.stringify(document)}\n` : row(cells(document)))
        cursor = page.nextCursor
      } while (cursor !== null)
    })
  },
}

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString())

function cells({ id, title, createdAt, updatedAt, bytes }: DocumentRow): string[] {
  // A title is one line of the table, however it was typed.
  return [id, JSON.stringify(title.replace(/\s+/g, ' ')), time(createdAt), time(updatedAt), String(bytes)]
}

/** Tab-separated: columns line up in a terminal and split cleanly with cut or awk. */
const row = (values: string[]) => `${values.join('\t')}\n`
