/**
 * A deployment reached through its store (the Deployment of deployment.ts):
 * what DATA_DIR or DATABASE_URL names, opened by this process. PostgreSQL
 * may be opened while servers run (each document is read in one snapshot);
 * a LevelDB directory only while no server holds it: LevelDB lets one
 * process open it, so a running LevelDB server is reached with --server.
 */
import { createReadStream, existsSync } from 'node:fs'
import path from 'node:path'
import type { Writable } from 'node:stream'
import pino from 'pino'
import * as Y from 'yjs'
import type { Config } from '../config.ts'
import { restoreBackup } from '../backup/restore-backup.ts'
import { writeBackup } from '../backup/write-backup.ts'
import type { ReadFormat } from '../documents/document-service.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { openDocumentStore } from '../storage/open-store.ts'
import { openVersionStore } from '../storage/open-version-store.ts'
import type { VersionStore } from '../storage/version-store.ts'
import { CliError } from './cli-error.ts'
import type { Deployment } from './deployment.ts'

const PAGE_SIZE = 100

export async function openLocalDeployment(config: Config, creating: boolean): Promise<Deployment> {
  if (!config.database && !creating && !existsSync(config.dataDir)) {
    throw new CliError(`There is no LevelDB data directory at ${path.resolve(config.dataDir)}: set DATA_DIR to the server's (or DATABASE_URL for PostgreSQL), or use --server.`, 2)
  }
  // The stores' own log lines (recovery at open) go to stderr: stdout is the command's output.
  const logger = pino({ level: 'warn' }, pino.destination(2))
  let opened
  try {
    opened = await openDocumentStore(config, logger)
  } catch (error) {
    if (isLevelLocked(error)) {
      throw new CliError(
        `The LevelDB data directory ${config.dataDir} is in use by a running Seed server (LevelDB lets one process open it): run this command against that server instead, with --server http://<its address> and an API key with the admin scope in SEED_API_KEY.`,
        2,
      )
    }
    throw error
  }
  const { store, backend } = opened
  let versions: VersionStore
  try {
    versions = await openVersionStore(config, logger)
  } catch (error) {
    await store.close()
    throw error
  }
  // PostgreSQL's deleteRoom removes the versions in its transaction; LevelDB keeps them in a directory of their own, which a server clears on its 'deleted' room event: here, nothing listens.
  const remove = async (id: string) => {
    await store.deleteRoom(id)
    await versions.deleteRoomVersions(id)
    if (config.cluster) await tellTheCluster(config.cluster, id)
  }
  return {
    async list(cursor) {
      const page = await store.listRooms({ limit: PAGE_SIZE, cursor })
      return { documents: page.rooms.map(({ id, title, createdAt, updatedAt, bytes }) => ({ id, title, createdAt, updatedAt, bytes })), nextCursor: page.nextCursor }
    },
    async export(id, format) {
      const doc = await loadDocument(store, id)
      return doc && (await exportDocument(doc, format))
    },
    async delete(id) {
      const info = await store.roomInfo(id)
      if (info === null || info.deleted) return false
      await remove(id)
      return true
    },
    async backup(output: Writable) {
      await writeBackup({ store, versions }, backend, output)
    },
    async restore(file, options) {
      return restoreBackup(() => createReadStream(file), { store, versions, remove }, options)
    },
    async close() {
      await Promise.all([store.close(), versions.close()])
    },
  }
}

async function loadDocument(store: DocumentStore, id: string): Promise<Y.Doc | null> {
  const info = await store.roomInfo(id)
  if (info === null || info.deleted) return null
  const doc = new Y.Doc()
  for (const update of (await store.loadRoom(id)).updates) Y.applyUpdate(doc, update)
  return doc
}

/** As the document API sends it (GET /api/v1/documents/{id}). */
async function exportDocument(doc: Y.Doc, format: ReadFormat): Promise<Uint8Array> {
  if (format === 'yjs') return Y.encodeStateAsUpdate(doc)
  // Loaded here only: the schema and renderers take a while, and no other command needs them.
  const { documentJson, renderDocument } = await import('../documents/document-content.ts')
  const json = documentJson(doc)
  return Buffer.from(format === 'json' ? `${JSON.stringify(json)}\n` : renderDocument(json, format))
}

/** classic-level's refusal to open a directory another process holds, somewhere in the error's causes. */
function isLevelLocked(error: unknown): boolean {
  for (let cause = error; typeof cause === 'object' && cause !== null; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === 'LEVEL_LOCKED') return true
  }
  return false
}

/**
 * Running instances hear of a deletion in the store only at their next read or
 * write of the room: told over Redis, each closes its people at once. A Redis
 * that cannot be reached is a warning, not a failure: the deletion is done.
 */
async function tellTheCluster(cluster: NonNullable<Config['cluster']>, id: string): Promise<void> {
  const { announceDeletionToCluster } = await import('../bus/redis-bus.ts')
  try {
    await announceDeletionToCluster(cluster, id, `seed-cli:${process.pid}`)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    process.stderr.write(`seed: ${id} is deleted, but the running instances could not be told over Redis (${why}); they close its people at their next write or read of it.\n`)
  }
}
