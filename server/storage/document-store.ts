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
 */
export interface StoredRoom {
  /** Every stored record of the room that Yjs' strict reader takes, in sequence order (empty for a new room). */
  updates: Uint8Array[]
  /** highest stored seq, 0 when the room has no records (a record set aside counts) */
  lastSeq: number
  /** The room's records that could not be read: left out of `updates`, never a reason for the load to fail (readable-records.ts). */
  setAside: SetAsideRecord[]
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
  /** Resolves when a write reaches the store; rejects when it cannot (for /readyz). */
  checkWritable(): Promise<void>
  close(): Promise<void>
}
