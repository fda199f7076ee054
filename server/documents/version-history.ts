/**
 * What the version API (server/http/documents-api.ts) asks of a document's
 * history: list its versions, read one in any read format, save one by name,
 * restore one. Restoring records "Before restore" first (version-recorder.ts),
 * then applies the version's content and typed title through the documents
 * layer's server write (document-service.ts `replace`): a minimal change made
 * through the room's single writer, stored before anyone sees it, on any
 * instance. Restoring "Before restore" undoes a restore the same way.
 */
import type { DocumentStore, Writer } from '../storage/document-store.ts'
import type { VersionInfo, VersionStore } from '../storage/version-store.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import { renderDocument } from './document-content.ts'
import { versionContent } from './version-content.ts'
import type { DocumentService, ProseMirrorJson, ReadFormat } from './document-service.ts'
import type { RecordOutcome, VersionRecorder } from './version-recorder.ts'

/** The name of the version recorded before every restore. */
export const BEFORE_RESTORE = 'Before restore'

export interface VersionHistoryOptions {
  versions: Pick<VersionStore, 'listVersions' | 'getVersion' | 'versionState'>
  recorder: Pick<VersionRecorder, 'record' | 'settled'>
  documents: Pick<DocumentService, 'replace'>
  store: Pick<DocumentStore, 'roomInfo'>
  registry: Pick<RoomRegistry, 'isInUse'>
}

export interface VersionRead {
  version: VersionInfo
  /** As DocumentRead's body: a string, parsed JSON (json) or bytes (yjs). */
  body: string | ProseMirrorJson | Uint8Array
}

export class VersionHistory {
  constructor(private readonly options: VersionHistoryOptions) {}

  /** The document's versions, newest first; null when the document does not exist. */
  async list(roomId: string): Promise<VersionInfo[] | null> {
    if (!(await this.exists(roomId))) return null
    return this.options.versions.listVersions(roomId)
  }

  /** One version in `format`; null when the document or the version does not exist. */
  async read(roomId: string, seq: number, format: ReadFormat): Promise<VersionRead | null> {
    const found = await this.find(roomId, seq)
    if (found === null) return null
    if (format === 'yjs') return { version: found.version, body: found.state }
    const { json } = versionContent(found.state)
    return { version: found.version, body: format === 'json' ? json : renderDocument(json, format) }
  }

  /** Saves a version under `name` (the latest one takes the name when nothing changed since); null when the document does not exist. */
  save(roomId: string, name: string): Promise<RecordOutcome | null> {
    return this.options.recorder.record(roomId, { name, auto: false, nameUnchanged: 'always' })
  }

  /**
   * Records "Before restore", then makes the document's content and title the
   * version's, as `writer`. Null when the document or the version does not exist.
   */
  async restore(roomId: string, seq: number, writer: Writer): Promise<{ restored: VersionInfo; before: VersionInfo } | null> {
    const found = await this.find(roomId, seq)
    if (found === null) return null
    const before = await this.options.recorder.record(roomId, { name: BEFORE_RESTORE, auto: true, nameUnchanged: 'ifUnnamed' })
    if (before === null) return null
    const { json, typedTitle } = versionContent(found.state)
    const result = await this.options.documents.replace(roomId, { format: 'json', value: json }, writer, { title: typedTitle })
    return result.replaced ? { restored: found.version, before: before.version } : null
  }

  private async find(roomId: string, seq: number): Promise<{ version: VersionInfo; state: Uint8Array } | null> {
    if (!(await this.exists(roomId))) return null
    const [version, state] = await Promise.all([this.options.versions.getVersion(roomId, seq), this.options.versions.versionState(roomId, seq)])
    return version && state && { version, state }
  }

  /** Created or written and not deleted, or open here with its first write on its way (as the document service counts it). */
  private async exists(roomId: string): Promise<boolean> {
    // A version being stored, or a deleted document's versions being removed, is there (or gone) first.
    await this.options.recorder.settled(roomId)
    const info = await this.options.store.roomInfo(roomId)
    return (info !== null && !info.deleted) || this.options.registry.isInUse(roomId)
  }
}
