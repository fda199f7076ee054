/**
 * The server's layers read top-down (http → transport → admission → session →
 * room → store/bus; DESIGN.md §5). These pin the places that once ran back
 * up: transport/ took its HTTP helpers from http/, and the typed close
 * reasons lived in session/, so config.ts → errors.ts pulled session/ into
 * the stores and the bus.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SERVER = fileURLToPath(new URL('.', import.meta.url))

/** What `file` imports (static, re-exported or dynamic), as paths relative to server/ (shared/ is `../shared/…`). */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(SERVER, file), 'utf8')
  const specifiers = [...source.matchAll(/\bfrom\s+'(\.[^']*)'|\bimport\(\s*'(\.[^']*)'\s*\)/g)].map((match) => match[1] ?? match[2]!)
  return specifiers.map((specifier) => path.relative(SERVER, path.resolve(SERVER, path.dirname(file), specifier)))
}

/** Every server module `file` reaches through its imports, itself included. */
function reachedFrom(file: string): string[] {
  const reached = new Set<string>()
  const pending = [file]
  while (pending.length > 0) {
    const next = pending.pop()!
    if (reached.has(next) || next.startsWith('..')) continue
    reached.add(next)
    pending.push(...importsOf(next))
  }
  return [...reached]
}

function modulesIn(folder: string): string[] {
  return readdirSync(path.join(SERVER, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(folder, name))
}

/** `file → import` for each import of the folder's modules that `isWrong` names. */
function wrongImports(folder: string, isWrong: (imported: string) => boolean): string[] {
  return modulesIn(folder).flatMap((file) => importsOf(file).filter(isWrong).map((imported) => `${file} → ${imported}`))
}

describe('server layers', () => {
  it('transport/ imports nothing from http/: the HTTP helpers both use sit beneath both, in web/', () => {
    expect(wrongImports('transport', (imported) => imported.startsWith('http/'))).toEqual([])
  })

  it('web/ imports only itself, the close reasons and shared/, so http/ and transport/ can both stand on it', () => {
    const allowed = (imported: string) => imported.startsWith('web/') || imported === 'close-reason.ts' || imported.startsWith('../shared/')
    expect(wrongImports('web', (imported) => !allowed(imported))).toEqual([])
  })

  it('config.ts and errors.ts, which the stores and the bus import, reach nothing in session/', () => {
    for (const file of ['config.ts', 'errors.ts']) {
      expect(reachedFrom(file).filter((reached) => reached.startsWith('session/'))).toEqual([])
    }
  })

  it('the close reasons, which every layer names, import nothing', () => {
    expect(importsOf('close-reason.ts')).toEqual([])
  })
})
