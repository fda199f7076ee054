/**
 * bench/hocuspocus-server.ts as plain JavaScript, so that Hocuspocus runs on
 * plain node as Seed (compiled) and the reference server do: the tsx loader
 * would count some 20 MiB of its own in the process's memory.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** Inside the project, so that its imports resolve from node_modules; dist/ is build output. */
const HOCUSPOCUS_JS = fileURLToPath(new URL('../dist/bench/hocuspocus-server.mjs', import.meta.url))

/** Writes the JavaScript (only types to strip, so transpiling without a type check is enough); returns its path. */
export async function transpileHocuspocus(): Promise<string> {
  const source = await readFile(fileURLToPath(new URL('hocuspocus-server.ts', import.meta.url)), 'utf8')
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
  })
  await mkdir(path.dirname(HOCUSPOCUS_JS), { recursive: true })
  await writeFile(HOCUSPOCUS_JS, outputText)
  return HOCUSPOCUS_JS
}
