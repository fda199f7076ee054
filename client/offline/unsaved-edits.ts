/**
 * Which of this page's own edits could still be lost if the page closed now.
 *
 * Edits are numbered in the order they happen. An edit is safe once it is in
 * IndexedDB or once the server confirmed it is stored; both receipts cover
 * every edit up to a number (IndexedDB commits one store's writes in order, and
 * the server confirms everything it received before its reply), so two
 * high-water marks say it all: edits above both marks are unsaved.
 */
export class UnsavedEdits {
  private edits = 0
  private storedOnDeviceUpTo = 0
  private confirmedByServerUpTo = 0
  private readonly onChange: () => void

  /** `onChange` runs whenever `hasUnsaved` flips. */
  constructor(onChange: () => void = () => {}) {
    this.onChange = onChange
  }

  get hasUnsaved(): boolean {
    return this.edits > Math.max(this.storedOnDeviceUpTo, this.confirmedByServerUpTo)
  }

  /** Counts a new edit; its number is what a receipt covering it passes back. */
  recordEdit(): number {
    return this.change(() => ++this.edits)
  }

  /** IndexedDB committed the writes of every edit up to `edit`. */
  markStoredOnDevice(edit: number): void {
    this.change(() => (this.storedOnDeviceUpTo = Math.max(this.storedOnDeviceUpTo, Math.min(edit, this.edits))))
  }

  /** The server confirmed it stored every edit up to `edit`. */
  markConfirmedByServer(edit: number): void {
    this.change(() => (this.confirmedByServerUpTo = Math.max(this.confirmedByServerUpTo, Math.min(edit, this.edits))))
  }

  /** The number of the latest edit (0 before any). */
  get latestEdit(): number {
    return this.edits
  }

  private change<T>(apply: () => T): T {
    const before = this.hasUnsaved
    const result = apply()
    if (this.hasUnsaved !== before) this.onChange()
    return result
  }
}
