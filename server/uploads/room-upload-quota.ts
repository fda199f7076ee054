/**
 * MAX_UPLOAD_BYTES_PER_ROOM: the bytes of images one room may hold. What a room
 * holds is asked of the store (`uploadBytes`), so the quota holds across
 * restarts and instances. Within this process a room's uploads are checked
 * and stored one at a time, so parallel uploads cannot each see room for
 * themselves (uploads are rate limited per address, so the queue stays
 * short). Uploads are content-addressed: an image the room already holds (a
 * retry, or the same picture added again) takes no more room and is always
 * accepted. Two instances of a cluster storing into one room at the same
 * moment may each pass once: the overshoot is at most one upload per instance.
 */
import type { DocumentStore, StoredUpload } from '../storage/document-store.ts'

export type QuotaOutcome = { stored: true } | { stored: false; heldBytes: number }

export class RoomUploadQuota {
  /** The last upload queued per room; a room leaves the map when its queue empties. */
  private readonly queues = new Map<string, Promise<unknown>>()

  constructor(
    private readonly store: Pick<DocumentStore, 'uploadBytes' | 'getUpload' | 'putUpload'>,
    readonly maxBytesPerRoom: number,
  ) {}

  /** Stores the upload when the room has room for it (or holds it already); else says what the room holds. */
  put(roomId: string, uploadId: string, upload: StoredUpload): Promise<QuotaOutcome> {
    const previous = this.queues.get(roomId) ?? Promise.resolve()
    const turn = previous.then(() => this.putNow(roomId, uploadId, upload))
    const tail = turn.catch(() => undefined)
    this.queues.set(roomId, tail)
    void tail.then(() => {
      if (this.queues.get(roomId) === tail) this.queues.delete(roomId)
    })
    return turn
  }

  private async putNow(roomId: string, uploadId: string, upload: StoredUpload): Promise<QuotaOutcome> {
    const held = await this.store.uploadBytes(roomId)
    // Only when it would not fit is the (rare) question asked whether the room holds this image already.
    if (held + upload.bytes.length > this.maxBytesPerRoom && (await this.store.getUpload(roomId, uploadId)) === null) {
      return { stored: false, heldBytes: held }
    }
    await this.store.putUpload(roomId, uploadId, upload)
    return { stored: true }
  }
}
