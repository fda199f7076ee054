/**
 * Test-only preload for a Seed child process (`node --expose-gc --import`
 * this file, see test-support/heap-after-gc.ts): on SIGUSR2 it runs a full
 * garbage collection and prints the memory then in use, so that a test reads
 * what the process holds rather than when V8 last chose to collect. Plain
 * JavaScript so that it loads whatever runs Seed (tsx or compiled output).
 */
process.on('SIGUSR2', () => {
  globalThis.gc()
  const { heapUsed, external } = process.memoryUsage()
  process.stdout.write(`seed-test memory after gc: ${JSON.stringify({ heapUsed, external })}\n`)
})
