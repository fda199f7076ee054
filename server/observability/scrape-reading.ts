/**
 * A value a metrics scrape reads from somewhere slow or fallible (the store's
 * size): a scrape waits for a fresh reading at most `waitMs`, then answers
 * with the last one it had, so a store outage neither fails /metrics nor
 * holds it up. One read runs at a time; a scrape during it waits for that one.
 */
export class ScrapeReading {
  private latest: number | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly read: () => Promise<number>,
    private readonly waitMs: number,
  ) {}

  /** The freshest value available within `waitMs`; null until a read has succeeded. */
  async value(): Promise<number | null> {
    this.running ??= this.read().then(
      (value) => {
        this.latest = value
      },
      // A failed read leaves the last value in place; the store's own errors are logged and counted where they happen.
      () => undefined,
    ).finally(() => {
      this.running = null
    })
    let timer: NodeJS.Timeout | undefined
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.waitMs)
    })
    await Promise.race([this.running, waited])
    clearTimeout(timer)
    return this.latest
  }
}
