/** The machine a run happened on, as RESULTS.md states it. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

export interface MachineInfo {
  nproc: number
  memoryBytes: number
  cpuModel: string
  nodeVersion: string
  date: string
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews every figure. */
  loadAverage: number[]
}

export function describeMachine(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const meminfo = readFileSync('/proc/meminfo', 'utf8')
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    memoryBytes: Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? Number.NaN) * 1024,
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    nodeVersion: process.version,
    date: new Date().toISOString(),
    loadAverage: loadavg(),
  }
}
