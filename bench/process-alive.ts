/** Whether a server process still runs (Linux /proc): a crash shows as the pid gone or a zombie not yet reaped. */
import { readFileSync } from 'node:fs'

export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The state is the field right after the command name, which ends at the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}
