/**
 * A DocumentStore that forwards every call to a real one, except the calls a
 * test replaces: to hold back or fail one operation of a real store, where a
 * real fault cannot be had on demand. Every method is listed here once, so a
 * change of the interface is made in one place.
 */
import type { DocumentStore } from '../server/storage/document-store.ts'

export function forwardingStore(store: DocumentStore, replaced: Partial<DocumentStore> = {}): DocumentStore {
  return {
    appendUpdate: (roomId, update) => store.appendUpdate(roomId, update),
    loadRoom: (roomId) => store.loadRoom(roomId),
    roomInfo: (roomId) => store.roomInfo(roomId),
    createRoom: (roomId, createdAt) => store.createRoom(roomId, createdAt),
    compactRoom: (roomId, merged, upToSeq) => store.compactRoom(roomId, merged, upToSeq),
    putUpload: (roomId, uploadId, upload) => store.putUpload(roomId, uploadId, upload),
    getUpload: (roomId, uploadId) => store.getUpload(roomId, uploadId),
    uploadBytes: (roomId) => store.uploadBytes(roomId),
    listUploads: (roomId) => store.listUploads(roomId),
    recordMetadata: (roomId, change) => store.recordMetadata(roomId, change),
    documentMetadata: (roomId) => store.documentMetadata(roomId),
    listRooms: (page) => store.listRooms(page),
    deleteRoom: (roomId) => store.deleteRoom(roomId),
    checkWritable: () => store.checkWritable(),
    close: () => store.close(),
    ...replaced,
  }
}
