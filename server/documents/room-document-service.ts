/**
 * The DocumentService (document-service.ts) over the rooms: every read and
 * write goes through the room (loaded here for it when nobody has it open),
 * so a change is made as a member's would be: through the room's single
 * writer, stored before anyone sees it, published on the bus. The content
 * conversions are document-content.ts'; the title is shared/document-title.ts'.
 */
import * as Y from 'yjs'
import { checkRoomId, createRoomId } from '../../shared/room-id.ts'
import { readDocumentTitle, setDocumentTitle } from '../../shared/document-title.ts'
import { TITLE_FIELD } from '../../shared/document-schema.ts'
import { InvalidContentError, RoomDeletedError } from '../errors.ts'
import type { Room } from '../room/room.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import type { DocumentMetadata, DocumentStore, Writer } from '../storage/document-store.ts'
import { contentEtag, documentJson, parseContent, renderDocument, replaceDocumentContent } from './document-content.ts'
import type { ContentInput, DocumentRead, DocumentService, DocumentSummary, ProseMirrorJson, ReadFormat, ReplaceResult } from './document-service.ts'

export interface RoomDocumentServiceOptions {
  registry: Pick<RoomRegistry, 'withRoom' | 'createRoom' | 'deleteRoom' | 'isInUse'>
  store: Pick<DocumentStore, 'listRooms' | 'roomInfo' | 'documentMetadata'>
}

/** A room's content as the room holds it, read in one synchronous section. */
interface Snapshot {
  json: ProseMirrorJson
  title: string
  etag: string
}

export class RoomDocumentService implements DocumentService {
  constructor(private readonly options: RoomDocumentServiceOptions) {}

  async list(page: { limit: number; cursor: string | null }): Promise<{ documents: DocumentSummary[]; nextCursor: string | null }> {
    const listing = await this.options.store.listRooms(page)
    return { documents: listing.rooms, nextCursor: listing.nextCursor }
  }

  async create(input: { id?: string; title?: string; content?: ContentInput; writer: Writer }): Promise<DocumentSummary | null> {
    // Refused before anything exists: content that does not parse, an id the room-id rule refuses.
    const json = input.content === undefined ? undefined : parseContent(input.content)
    if (input.id !== undefined) {
      const check = checkRoomId(input.id)
      if (!check.ok) throw new InvalidContentError(check.reason)
    }
    return this.createWith(input.id, { json, title: input.title }, input.writer)
  }

  async read(id: string, format: ReadFormat): Promise<DocumentRead | null> {
    if (!(await this.exists(id))) return null
    const read = await this.inRoom(id, (room) => {
      const snapshot = snapshotOf(room.doc)
      const body = format === 'yjs' ? Y.encodeStateAsUpdate(room.doc) : format === 'json' ? snapshot.json : renderDocument(snapshot.json, format)
      return { body, snapshot }
    })
    if (!read) return null
    const metadata = await this.metadataOf(id, read.snapshot.title)
    return metadata && { body: read.body, etag: read.snapshot.etag, metadata }
  }

  async replace(id: string, content: ContentInput, writer: Writer, options: { ifMatch?: string; title?: string } = {}): Promise<ReplaceResult> {
    const json = parseContent(content)
    if (!(await this.exists(id))) return { replaced: false, reason: 'notFound', etag: null }
    const result = await this.inRoom(id, async (room): Promise<ReplaceResult> => {
      let outcome: ReplaceResult | null = null
      // The precondition is checked in the same synchronous section that changes the document: nothing comes between.
      await room.applyServerChange((doc) => {
        const current = snapshotOf(doc).etag
        if (options.ifMatch !== undefined && !etagMatches(options.ifMatch, current)) {
          outcome = { replaced: false, reason: 'preconditionFailed', etag: current }
          return
        }
        replaceDocumentContent(doc, json, null)
        if (options.title !== undefined) setDocumentTitle(doc, options.title)
        outcome = { replaced: true, etag: snapshotOf(doc).etag }
      }, writer)
      return outcome!
    })
    return result ?? { replaced: false, reason: 'notFound', etag: null }
  }

  async applyUpdate(id: string, update: Uint8Array, writer: Writer): Promise<boolean> {
    if (!(await this.exists(id))) return false
    const applied = await this.inRoom(id, async (room) => {
      await room.applyServerUpdate(update, writer)
      return true
    })
    return applied ?? false
  }

  async duplicate(id: string, writer: Writer): Promise<DocumentSummary | null> {
    if (!(await this.exists(id))) return null
    // The title people typed, if any: the first-line fallback comes with the content.
    const source = await this.inRoom(id, (room) => ({ json: documentJson(room.doc), typedTitle: room.doc.getText(TITLE_FIELD).toString() }))
    if (!source) return null
    return this.createWith(undefined, { json: source.json, title: source.typedTitle === '' ? undefined : source.typedTitle }, writer)
  }

  delete(id: string): Promise<void> {
    return this.options.registry.deleteRoom(id)
  }

  /** Creates the room (a random id when none is given), then writes its content and title as the writer. */
  private async createWith(id: string | undefined, content: { json?: ProseMirrorJson; title?: string }, writer: Writer): Promise<DocumentSummary | null> {
    const roomId = id ?? createRoomId()
    if (!(await this.options.registry.createRoom(roomId))) return null
    let title = ''
    if (content.json !== undefined || content.title !== undefined) {
      title = await this.options.registry.withRoom(roomId, async (room) => {
        await room.applyServerChange((doc) => {
          if (content.json !== undefined) replaceDocumentContent(doc, content.json, null)
          if (content.title !== undefined) setDocumentTitle(doc, content.title)
        }, writer)
        return readDocumentTitle(room.doc)
      })
    }
    const metadata = await this.metadataOf(roomId, title)
    return { id: roomId, ...(metadata ?? { title, createdAt: null, updatedAt: null, bytes: 0, lastWriters: [] }) }
  }

  /** Created or written, not deleted; or open here with its first write on its way to the store. */
  private async exists(id: string): Promise<boolean> {
    const info = await this.options.store.roomInfo(id)
    return (info !== null && !info.deleted) || this.options.registry.isInUse(id)
  }

  /** Runs `use` on the room; null when the room turns out to be deleted. */
  private async inRoom<T>(id: string, use: (room: Room) => T | Promise<T>): Promise<T | null> {
    try {
      return await this.options.registry.withRoom(id, use)
    } catch (error) {
      if (error instanceof RoomDeletedError) return null
      throw error
    }
  }

  /** The stored metadata with the live title (the store's lags the room by up to a second). */
  private async metadataOf(id: string, title: string): Promise<DocumentMetadata | null> {
    const stored = await this.options.store.documentMetadata(id)
    return stored && { ...stored, title }
  }
}

function snapshotOf(doc: Y.Doc): Snapshot {
  const json = documentJson(doc)
  const title = readDocumentTitle(doc)
  return { json, title, etag: contentEtag(json, title) }
}

/** If-Match: `*` or a comma-separated list of ETags, one of which must be the current one (weak ones never match: RFC 9110 §13.1.1). */
function etagMatches(ifMatch: string, current: string): boolean {
  return ifMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag === current)
}
