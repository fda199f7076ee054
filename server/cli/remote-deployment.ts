/**
 * A deployment reached through a running Seed server (the Deployment of
 * deployment.ts): its document API (/api/v1, README "API") with an API key,
 * from SEED_API_KEY (or API_KEY, the server's own single key). Backups and
 * restores need the key's admin scope; so does deleting.
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable, type Writable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { pipeline } from 'node:stream/promises'
import { BACKUP_MEDIA_TYPE } from '../backup/backup-format.ts'
import type { RestoreProgress } from '../backup/restore-backup.ts'
import { CliError } from './cli-error.ts'
import type { Deployment, DocumentRow, RestoreResult } from './deployment.ts'

const PAGE_SIZE = 1000

export function openRemoteDeployment(serverUrl: string, apiKey: string | undefined): Deployment {
  let base: URL
  try {
    base = new URL('/api/v1/', serverUrl)
  } catch {
    throw new CliError(`--server must be the server's address, like http://127.0.0.1:1234; it was ${JSON.stringify(serverUrl)}.`, 2)
  }
  if (!apiKey) throw new CliError('--server needs an API key of that server: set SEED_API_KEY (or API_KEY) to a key with the admin scope.', 2)
  const headers = { Authorization: `Bearer ${apiKey}` }

  async function call(path: string, init: RequestInit = {}, allow404 = false): Promise<Response | null> {
    let response: Response
    try {
      response = await fetch(new URL(path, base), { ...init, headers: { ...headers, ...init.headers } })
    } catch (error) {
      throw new CliError(`Cannot reach the server at ${base.origin} (${causeOf(error)}): is it running there?`)
    }
    if (allow404 && response.status === 404) return null
    if (!response.ok) throw new CliError(`The server refused: ${await refusalOf(response)}`)
    return response
  }

  return {
    async list(cursor) {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor === null ? {} : { cursor }) })
      return (await (await call(`documents?${query}`))!.json()) as { documents: DocumentRow[]; nextCursor: string | null }
    },
    async export(id, format) {
      const response = await call(`documents/${encodeURIComponent(id)}?format=${format}`, {}, true)
      return response && new Uint8Array(await response.arrayBuffer())
    },
    async delete(id) {
      // The API's DELETE resolves for a document that is not there too: ask first, to say so.
      if ((await call(`documents/${encodeURIComponent(id)}?format=text`, {}, true)) === null) return false
      await call(`documents/${encodeURIComponent(id)}`, { method: 'DELETE' })
      return true
    },
    async backup(output: Writable) {
      const response = (await call('backup'))!
      // A server that fails half way cuts the response off: the fetch body errors, and so does this.
      await pipeline(Readable.fromWeb(response.body! as NodeReadableStream), output)
    },
    async restore(file, { replace, onProgress }) {
      const response = (await call(`restore?replace=${replace ? 1 : 0}`, {
        method: 'POST',
        headers: { 'Content-Type': BACKUP_MEDIA_TYPE },
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        duplex: 'half',
      } as RequestInit))!
      let result: RestoreResult | null = null
      for await (const text of createInterface({ input: Readable.fromWeb(response.body! as NodeReadableStream), crlfDelay: Infinity })) {
        const line = JSON.parse(text) as RestoreProgress | { restored: RestoreResult } | { error: string }
        if ('error' in line) throw new CliError(`The restore failed on the server: ${line.error}`)
        if ('restored' in line) result = line.restored
        else onProgress(line)
      }
      if (result === null) throw new CliError('The server stopped answering before the restore finished: see its log; documents restored so far stay.')
      return result
    },
    close: async () => undefined,
  }
}

async function refusalOf(response: Response): Promise<string> {
  const text = await response.text()
  try {
    return `${(JSON.parse(text) as { error: string }).error} (HTTP ${response.status})`
  } catch {
    return `HTTP ${response.status}`
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? String(error)
}
