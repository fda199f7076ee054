/**
 * What the document API (server/http/documents-api.ts), the app's import and
 * (next) version history ask of the server's documents: list, create, read,
 * replace, apply a Yjs update, duplicate, delete. It sits above the rooms:
 * every change goes through the room's single writer as a member's would
 * (stored before broadcast, published on the bus, seen at once by everyone
 * connected, on any instance), whether or not the room is loaded here.
 *
 * An implementation must guarantee:
 * - `read` of a room that does not exist (never created nor written, or
 *   deleted) resolves null; of one that exists, its content as the room holds
 *   it (loaded here, or loaded for the read), with an ETag that changes
 *   whenever the content does and is equal for equal content;
 * - `replace` applies the new content as a minimal change to the live
 *   fragment: text outside the changed part, typed by others meanwhile,
 *   survives; with `ifMatch` other than the current ETag it changes nothing;
 * - every content accepted is valid against the shared schema
 *   (shared/document-schema.ts); anything else is refused with
 *   InvalidContentError before the document is touched;
 * - `delete` closes everyone connected (on every instance) with the
 *   'documentDeleted' reason and removes records, metadata and uploads;
 *   deleting again resolves;
 * - nothing here logs document contents.
 */
import type { DocumentMetadata, Writer } from '../storage/document-store.ts'

/** Formats a document's content is read in. 'json' is ProseMirror JSON; 'yjs' the encoded Y.Doc state. */
export type ReadFormat = 'json' | 'html' | 'markdown' | 'text' | 'yjs'
/** Formats content is written in. */
export type WriteFormat = 'json' | 'html' | 'markdown'

/** A ProseMirror document as JSON ({ type: 'doc', content: [...] }). */
export type ProseMirrorJson = { type: string; content?: ProseMirrorJson[]; [key: string]: unknown }

/** Content given to create or replace a document: a string for html/markdown, parsed JSON for json. */
export type ContentInput = { format: 'html' | 'markdown'; value: string } | { format: 'json'; value: unknown }

export interface DocumentSummary extends DocumentMetadata {
  id: string
}

export interface DocumentRead {
  /** The content in the asked format: a string, parsed JSON (json) or bytes (yjs). */
  body: string | ProseMirrorJson | Uint8Array
  /** A strong ETag (quoted) of the content; what If-Match compares. */
  etag: string
  metadata: DocumentMetadata
}

export type ReplaceResult = { replaced: true; etag: string } | { replaced: false; reason: 'notFound' | 'preconditionFailed'; etag: string | null }

export interface DocumentService {
  list(page: { limit: number; cursor: string | null }): Promise<{ documents: DocumentSummary[]; nextCursor: string | null }>
  /** Creates a document (a random id when none is given), with content and title when given. Null when the id exists. */
  create(input: { id?: string; title?: string; content?: ContentInput; writer: Writer }): Promise<DocumentSummary | null>
  read(id: string, format: ReadFormat): Promise<DocumentRead | null>
  /** `title`: also sets the typed title in the same change ('' falls back to the first line), as restoring a version does. */
  replace(id: string, content: ContentInput, writer: Writer, options?: { ifMatch?: string; title?: string }): Promise<ReplaceResult>
  /** Applies a Yjs update (validated like a member's); false when the document does not exist. */
  applyUpdate(id: string, update: Uint8Array, writer: Writer): Promise<boolean>
  /** A new document with the same content (and title); null when the source does not exist. */
  duplicate(id: string, writer: Writer): Promise<DocumentSummary | null>
  delete(id: string): Promise<void>
}
