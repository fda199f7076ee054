import type { IndexeddbPersistence } from 'y-indexeddb'
import { UPDATES_STORE } from './device-copy.ts'

/**
 * Tells when y-indexeddb's writes have reached IndexedDB, which y-indexeddb
 * itself never says.
 *
 * From its source (y-indexeddb 9, src/y-indexeddb.js): each Y.Doc update that
 * did not come from IndexedDB is added to the `updates` store in a read/write
 * transaction it opens synchronously in its doc `update` handler, and nothing
 * reports when that transaction commits. Updates made before its database is
 * open are not written one by one: they are part of the whole state it writes
 * in its first transaction, which it opens as soon as the database is. A write
 * is only done when its transaction completes; a page that closes before that
 * may lose it.
 *
 * IndexedDB starts a read-only transaction only after every read/write
 * transaction created before it on an overlapping store has finished. So a
 * small read-only transaction on `updates`, opened after y-indexeddb opened its
 * own, completes after y-indexeddb's write finished: that is our receipt. A
 * write that failed (quota, a closed database) finishes too, by aborting; abort
 * events bubble to the database, so once one is seen there this device's copy
 * is not trusted any more and only the server's confirmation counts.
 */

export class DeviceWrites {
  /** Resolves true once IndexedDB is open, false when the browser refuses it (private mode, blocked storage). */
  readonly available: Promise<boolean>
  private failed = false
  private readonly persistence: IndexeddbPersistence

  constructor(persistence: IndexeddbPersistence) {
    this.persistence = persistence
    // y-indexeddb opened its database in its constructor, so its own `then` (the first transaction) runs before ours.
    this.available = persistence._db.then(
      (db) => {
        db.addEventListener('abort', this.handleAbort)
        return true
      },
      () => false,
    )
  }

  /**
   * Resolves true once every write y-indexeddb started before this call (or, while
   * its database is still opening, the first write that will include them) has
   * committed; false when that cannot be known to have happened.
   */
  whenWritten(): Promise<boolean> {
    const db = this.persistence.db
    if (db !== null) return this.receipt(db)
    return this.available.then((open) => (open && this.persistence.db !== null ? this.receipt(this.persistence.db) : false))
  }

  destroy(): void {
    this.persistence.db?.removeEventListener('abort', this.handleAbort)
  }

  private receipt(db: IDBDatabase): Promise<boolean> {
    return new Promise((resolve) => {
      let transaction: IDBTransaction
      try {
        transaction = db.transaction([UPDATES_STORE], 'readonly')
        // One request, so that no engine treats it as an empty transaction and skips the wait.
        transaction.objectStore(UPDATES_STORE).count()
      } catch {
        // The database was closed (the room was left): nothing more will be written.
        resolve(false)
        return
      }
      transaction.oncomplete = () => resolve(!this.failed)
      transaction.onabort = () => resolve(false)
    })
  }

  private readonly handleAbort = (event: Event): void => {
    if (event.target instanceof IDBTransaction && event.target.mode !== 'readonly') this.failed = true
  }
}
