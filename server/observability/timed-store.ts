/**
 * A DocumentStore that times every call of the one it wraps
 * (seed_store_operation_seconds, by backend and operation) and measures each
 * compaction's result (seed_compacted_document_bytes): one decorator for
 * every backend, so no backend carries metrics code. Failed calls are timed
 * too: a store that fails slowly shows in the latency as well as in the errors.
 */
import type { DocumentStore } from '../storage/document-store.ts'
import type { StoreBackendLabel } from '../storage/open-store.ts'
import type { Metrics } from './metrics.ts'

/** The `operation` label of each call: short, stable names for dashboards. */
const OPERATIONS = {
  appendUpdate: 'append',
  loadRoom: 'load',
  roomInfo: 'info',
  createRoom: 'create',
  compactRoom: 'compact',
  putUpload: 'put-upload',
  getUpload: 'get-upload',
  uploadBytes: 'upload-bytes',
  listUploads: 'list-uploads',
  recordMetadata: 'record-metadata',
  documentMetadata: 'metadata',
  listRooms: 'list',
  deleteRoom: 'delete',
  checkWritable: 'check-writable',
} as const satisfies Record<Exclude<keyof DocumentStore, 'close'>, string>

export function timedStore(store: DocumentStore, backend: StoreBackendLabel, metrics: Pick<Metrics, 'storeOperationSeconds' | 'compactedDocumentBytes'>): DocumentStore {
  const timed = async <T>(method: keyof typeof OPERATIONS, call: () => Promise<T>): Promise<T> => {
    const stop = metrics.storeOperationSeconds.startTimer({ backend, operation: OPERATIONS[method] })
    try {
      return await call()
    } finally {
      stop()
    }
  }
  return {
    appendUpdate: (roomId, update) => timed('appendUpdate', () => store.appendUpdate(roomId, update)),
    loadRoom: (roomId) => timed('loadRoom', () => store.loadRoom(roomId)),
    roomInfo: (roomId) => timed('roomInfo', () => store.roomInfo(roomId)),
    createRoom: (roomId, createdAt) => timed('createRoom', () => store.createRoom(roomId, createdAt)),
    compactRoom: async (roomId, merged, upToSeq) => {
      await timed('compactRoom', () => store.compactRoom(roomId, merged, upToSeq))
      metrics.compactedDocumentBytes.observe({ backend }, merged.byteLength)
    },
    putUpload: (roomId, uploadId, upload) => timed('putUpload', () => store.putUpload(roomId, uploadId, upload)),
    getUpload: (roomId, uploadId) => timed('getUpload', () => store.getUpload(roomId, uploadId)),
    uploadBytes: (roomId) => timed('uploadBytes', () => store.uploadBytes(roomId)),
    listUploads: (roomId) => timed('listUploads', () => store.listUploads(roomId)),
    recordMetadata: (roomId, change) => timed('recordMetadata', () => store.recordMetadata(roomId, change)),
    documentMetadata: (roomId) => timed('documentMetadata', () => store.documentMetadata(roomId)),
    listRooms: (page) => timed('listRooms', () => store.listRooms(page)),
    deleteRoom: (roomId) => timed('deleteRoom', () => store.deleteRoom(roomId)),
    checkWritable: () => timed('checkWritable', () => store.checkWritable()),
    close: () => store.close(),
  }
}
