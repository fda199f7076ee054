/**
 * What the server needs from a persistence backend. LevelDB implements it
 * today; a Postgres backend will implement the same interface and pass the
 * same contract suite (test-support/store-contract.ts).
 *
 * An implementation must guarantee:
 * - every method is asynchronous and reports failure by rejecting, never by
 *   resolving with a placeholder or logging and carrying on;
 * - `appendUpdate` resolves only once the record is durable, with a per-room
 *   sequence number that is strictly greater than every sequence number the
 *   room had before, whichever process or instance wrote those: appends that
 *   race each other, or a compaction, never share a record;
 * - those seqs have no holes: each append takes the next number after the
 *   room's highest (a receiver on the cluster bus that sees one missing
 *   knows a record exists that it has not heard of);
 * - nothing assumes that this process is the only writer of a room: no
 *   synchronous counters, no in-memory state that another writer's records
 *   could make wrong;
 * - `compactRoom` is atomic: a reader sees either every replaced record or
 *   the merged one, never neither, and records after `upToSeq` are untouched.
 * - uploads (images) are kept apart from a room's records: storing one never
 *   changes `loadRoom` or `roomInfo`, and no key or row of one can be read as
 *   a document record (nor the reverse). An upload is immutable: once
 *   `putUpload` resolved, `getUpload` with that room and id returns exactly
 *   those bytes and that content type, from every writer, after a reopen too.
 * - a room exists once it was created (`createRoom`) or written, whichever
 *   came first; creating is atomic across writers: of racing creations of one
 *   id exactly one resolves true, and a room that has records is never
 *   created again. The creation record is a row or key of its own, never a
 *   document record: `loadRoom` of a created room is empty, seqs start at 1.
 * - metadata (`recordMetadata`) is a row or key of its own, like the creation
 *   record: it never changes `loadRoom`, and a room's metadata and creation
 *   time survive a compaction and a reopen.
 * - `listRooms` pages through every room that exists (created or written and
 *   not deleted), ordered by id, each exactly once across the pages even while
 *   rooms are created or deleted between calls; the cursor is opaque to callers.
 * - `deleteRoom` removes the room's records, creation record, metadata and
 *   uploads and leaves a tombstone: afterwards `roomInfo` says `deleted`,
 *   `loadRoom` is empty with `deleted: true`, `appendUpdate` and `compactRoom`
 *   reject with DocumentDeletedError (an instance that still held the room
 *   cannot bring it back), the room is not listed, and only `createRoom`
 *   makes the id usable again (it clears the tombstone and resolves true).
 *   Deleting twice, or a room that never existed, resolves and changes
 *   nothing more.
 */
export interface StoredRoom {
  /** Every stored record of the room that Yjs' strict reader takes, in sequence order (empty for a new room). */
  updates: Uint8Array[]
  /** highest stored seq, 0 when the room has no records (a record set aside counts) */
  lastSeq: number
  /** The room's records that could not be read: left out of `updates`, never a reason for the load to fail (readable-records.ts). */
  setAside: SetAsideRecord[]
  /** The room was deleted (`deleteRoom`) and not created again: nobody may open it. */
  deleted?: true
}

/** A stored record that Yjs' strict reader refuses. */
export interface SetAsideRecord {
  seq: number
  /** What the reader refused, for the log; never the record's contents. */
  problem: string
}

/** What the store knows about a room without loading it. */
export interface RoomInfo {
  /** highest stored seq; 0 for a room created and not written yet */
  lastSeq: number
  /**
   * When the room was created (ms since the epoch): by `createRoom`, or by its
   * first write when nobody created it first (a stock y-websocket client in
   * open mode). null when no creation was recorded: records written by an
   * older Seed or by the reference server, or a first write replayed after a crash.
   */
  createdAt: number | null
  /** Deleted and not created again (then lastSeq is 0 and createdAt null). */
  deleted?: true
}

/**
 * Who made a change: a member (a session; `subject` is what verified credentials
 * name, `name` what the session calls itself) or the server acting for an API
 * client (subject `api-key:<name>`, or the room token's subject). Never a token.
 */
export interface Writer {
  readonly subject: string | null
  readonly name: string | null
}

/** How many writers a document's metadata keeps, most recent first. */
export const MAX_LAST_WRITERS = 10

/** What is known of a document besides its content. */
export interface DocumentMetadata {
  /** The document's title as people see it in the app ('' for a document with no text). */
  title: string
  /** As RoomInfo.createdAt. */
  createdAt: number | null
  /** When its content last changed (ms since the epoch); null when never written or not recorded yet. */
  updatedAt: number | null
  /** Stored size of its content as last recorded (the encoded Yjs state). */
  bytes: number
  /** Who wrote it last, most recent first, each once (equal subject and name), at most MAX_LAST_WRITERS. */
  lastWriters: Writer[]
}

/** A change of a document's metadata, recorded after its content changed. */
export interface MetadataChange {
  title: string
  updatedAt: number
  bytes: number
  /** Who wrote since the last change recorded; merged in front of the kept ones. */
  writers: readonly Writer[]
}

export interface RoomListing {
  rooms: Array<{ id: string } & DocumentMetadata>
  /** Pass to the next call for the following page; null after the last one. */
  nextCursor: string | null
}

/** An uploaded file as stored: its bytes and the content type they were checked to be. */
export interface StoredUpload {
  contentType: string
  bytes: Uint8Array
}

export interface DocumentStore {
  /** resolves to the room's per-room sequence number; strictly increasing per room, across every writer */
  appendUpdate(roomId: string, update: Uint8Array): Promise<number>
  loadRoom(roomId: string): Promise<StoredRoom>
  /** null when the room was never created nor written; cheap: reads no update. */
  roomInfo(roomId: string): Promise<RoomInfo | null>
  /**
   * Records that the room exists, before anything is written to it, so that
   * its link opens for everyone at once. Resolves true once the creation
   * record is durable, false when the room already existed (created or
   * written, by any writer); atomic across writers (see the header).
   */
  createRoom(roomId: string, createdAt: number): Promise<boolean>
  /** atomically replaces exactly the records with seq <= upToSeq (whoever wrote them) by `merged`; records after upToSeq stay */
  compactRoom(roomId: string, merged: Uint8Array, upToSeq: number): Promise<void>
  /**
   * Stores an upload under the room and an id the caller derives from its bytes
   * (Seed uses their SHA-256), so equal ids mean equal content. Resolves once it
   * is durable. Idempotent: when the room already holds that id (a retried
   * upload, or two people uploading the same image) it resolves and the stored
   * upload stays as it is. The id is opaque to the store; ids of different
   * rooms never meet (an id stored in one room is not found in another).
   */
  putUpload(roomId: string, uploadId: string, upload: StoredUpload): Promise<void>
  /** The upload stored under that room and id; null when there is none. */
  getUpload(roomId: string, uploadId: string): Promise<StoredUpload | null>
  /**
   * The bytes of every upload the room holds, each id once (a retried or
   * repeated upload adds nothing): what MAX_UPLOAD_BYTES_PER_ROOM bounds.
   * Cheap: reads no upload's bytes.
   */
  uploadBytes(roomId: string): Promise<number>
  /** The ids of every upload the room holds, each once, in byte order (what a backup copies); reads no upload's bytes. */
  listUploads(roomId: string): Promise<string[]>
  /** Records a metadata change (see MetadataChange); a room that does not exist (or is deleted) is left alone. */
  recordMetadata(roomId: string, change: MetadataChange): Promise<void>
  /** The room's metadata; null when the room does not exist (never created nor written, or deleted). A room without recorded metadata yet has title '', updatedAt null, bytes 0, no writers. */
  documentMetadata(roomId: string): Promise<DocumentMetadata | null>
  /** One page of existing rooms ordered by id: at most `limit` (1..1000), after `cursor` (null for the first page). */
  listRooms(page: { limit: number; cursor: string | null }): Promise<RoomListing>
  /** Removes the room's records, creation, metadata and uploads and leaves a tombstone (see the header). */
  deleteRoom(roomId: string): Promise<void>
  /** Resolves when a write reaches the store; rejects when it cannot (for /readyz). */
  checkWritable(): Promise<void>
  close(): Promise<void>
}
