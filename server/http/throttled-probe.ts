/**
 * A probe that runs at most once per `minIntervalMs`, whoever asks: callers
 * while it runs share its promise, and callers within the interval after it
 * started get its result. /readyz is open to anyone, and its probe writes to
 * the store: without this, every unauthenticated call was a write.
 * The answer is at most `minIntervalMs` (plus one probe's run) old.
 */
export function throttledProbe<T>(run: () => Promise<T>, minIntervalMs: number, now: () => number = () => performance.now()): () => Promise<T> {
  let last: { startedAt: number; result: Promise<T> } | null = null
  let running = false
  return () => {
    if (last !== null && (running || now() - last.startedAt < minIntervalMs)) return last.result
    const result = run()
    last = { startedAt: now(), result }
    running = true
    const settled = () => {
      if (last?.result === result) running = false
    }
    result.then(settled, settled)
    return result
  }
}
