/**
 * bench/RESULTS.md holds one section per benchmark, each between its own
 * marker comments (`<!-- load:start -->` … `<!-- load:end -->`). A benchmark
 * replaces only its own section (or appends it the first time), so running one
 * never touches another's figures. Also the lines every section starts with
 * (command, date, machine) and the number formats they share.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { MachineInfo } from './machine.ts'

export const RESULTS_FILE = fileURLToPath(new URL('RESULTS.md', import.meta.url))

export const MIB = 1024 * 1024
/** Average CPUs used by other processes above which a run's figures are flagged. */
export const OTHER_LOAD_WARNING = 0.25

const FILE_HEADER = [
  '# Seed benchmarks',
  '',
  'Each section is written by its own benchmark (between its marker comments); rerunning one refreshes only its section.',
  'Measurements, not tests: nothing here passes or fails.',
  '',
].join('\n')

export type SectionId = 'load' | 'flood' | 'soak' | 'crash' | 'hostile' | 'startup' | 'many-rooms' | 'large-document' | 'quick' | 'cluster' | 'cold-load' | 'keypress' | 'idle-connections' | 'document-api' | 'versions'

/** Replaces the section `id` of `file` with `body`, or appends it; creates the file when missing. */
export async function writeSection(file: string, id: SectionId, body: string): Promise<void> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    text = FILE_HEADER
  }
  await writeFile(file, replaceSection(text, id, body))
}

/** Writes section `id` of bench/RESULTS.md (see writeSection) and says so on stdout. */
export async function writeResultsSection(id: SectionId, body: string): Promise<void> {
  await writeSection(RESULTS_FILE, id, body)
  process.stdout.write(`Wrote the ${id} section of ${RESULTS_FILE}\n`)
}

export function replaceSection(text: string, id: SectionId, body: string): string {
  const start = `<!-- ${id}:start -->`
  const end = `<!-- ${id}:end -->`
  const block = `${start}\n${body.trim()}\n${end}`
  const from = text.indexOf(start)
  const to = text.indexOf(end, from)
  if (from !== -1 && to !== -1) return text.slice(0, from) + block + text.slice(to + end.length)
  return `${text.trimEnd()}\n\n${block}\n`
}

/**
 * The command as the user typed it: `npm run <script>` when run through npm,
 * the tsx line otherwise, prefixed by whichever of `envNames` were set.
 */
export function commandLine(npmScript: string, file: string, envNames: readonly string[]): string {
  const base = process.env.npm_lifecycle_event === npmScript ? `npm run ${npmScript}` : `npx tsx ${file}`
  const env = envNames.filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]}`)
  return [...env, base].join(' ')
}

/** The bullet lines every section opens with: how it was run, when, on what. */
export function runHeaderLines(command: string, machine: MachineInfo): string[] {
  return [
    `- Command: \`${command}\``,
    `- Date: ${machine.date}`,
    `- Machine: ${machine.nproc} CPUs (\`nproc\`), ${machine.cpuModel}, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, Node ${machine.nodeVersion}`,
    `- Load average at start (1/5/15 min): ${machine.loadAverage.map((l) => l.toFixed(2)).join(' / ')}`,
  ]
}

/** A warning block when other processes used more than OTHER_LOAD_WARNING CPUs; nothing otherwise. */
export function otherLoadWarning(busiestCpus: number, where: string): string[] {
  if (!(busiestCpus > OTHER_LOAD_WARNING)) return []
  return ['', `> **Warning:** other processes used up to ${busiestCpus.toFixed(2)} CPUs on average ${where}: these figures are skewed; rerun on a quiet machine.`]
}

export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '–'
}

export function mib(bytes: number, digits = 1): string {
  return Number.isFinite(bytes) ? (bytes / MIB).toFixed(digits) : '–'
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–'
}
