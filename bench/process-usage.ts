/**
 * CPU time and memory of another process, read from /proc (Linux only).
 * /proc/<pid>/stat sums every thread of the process, so worker threads (e.g.
 * tsx's loader thread) count, child processes do not.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const SAMPLE_INTERVAL_MS = 100

let clockTicksPerSecond: number | undefined

/** `getconf CLK_TCK`: the unit of utime/stime in /proc/<pid>/stat. */
export function clockTicks(): number {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  return clockTicksPerSecond
}

/** utime + stime of `pid` in seconds. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state), so utime (14) and stime (15) sit at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks()
}

/**
 * CPU seconds the whole machine spent busy (all CPUs, from the `cpu` line of
 * /proc/stat: user, nice, system, irq, softirq, steal; not idle or iowait).
 * Minus what the server and the bench used, it shows how much else ran.
 */
export function readMachineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number)
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / clockTicks()
}

/** A `Vm*` line of /proc/<pid>/status in bytes (the file gives kB). */
export function readStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!match) throw new Error(`No ${field} in /proc/${pid}/status`)
  return Number(match[1]) * 1024
}

export interface ProcessUsage {
  cpuSeconds: number
  rssAtStartBytes: number
  peakRssBytes: number
}

/** Samples RSS every 100 ms between start() and stop(); CPU is the delta between the two. */
export class ProcessUsageMonitor {
  private peakRss: number
  private readonly timer: NodeJS.Timeout

  private constructor(
    private readonly pid: number,
    private readonly cpuAtStart: number,
    private readonly rssAtStart: number,
  ) {
    this.peakRss = rssAtStart
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS)
  }

  static start(pid: number): ProcessUsageMonitor {
    return new ProcessUsageMonitor(pid, readCpuSeconds(pid), readStatusBytes(pid, 'VmRSS'))
  }

  /** Call while the process still runs. */
  stop(): ProcessUsage {
    clearInterval(this.timer)
    this.sample()
    return { cpuSeconds: readCpuSeconds(this.pid) - this.cpuAtStart, rssAtStartBytes: this.rssAtStart, peakRssBytes: this.peakRss }
  }

  /** Stops sampling without reading the process again (e.g. it may have died). */
  cancel(): void {
    clearInterval(this.timer)
  }

  private sample(): void {
    try {
      this.peakRss = Math.max(this.peakRss, readStatusBytes(this.pid, 'VmRSS'))
    } catch {
      // The process ended; stop() reports what was seen.
    }
  }
}
