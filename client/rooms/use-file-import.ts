import { useState } from 'react'
import { importRoom, type RoomCreation } from '../access/access-api.ts'
import { navigate } from '../app/router.ts'
import { createdHereState } from './created-here.ts'
import { createdRoomPath } from './created-room.ts'
import { importFormatOf, importTitle, unsupportedFileProblem } from './import-file.ts'

const NOTHING_CREATED = 'Nothing was created.'

/** Why the server's answer created nothing, as a sentence; null when it created the document. */
function creationProblem(name: string, created: RoomCreation): string | null {
  switch (created.kind) {
    case 'created':
      return null
    case 'unreachable':
      return `Could not import ${name}: the server cannot be reached. Check your connection and try again. ${NOTHING_CREATED}`
    case 'refused':
      return `Could not import ${name}. ${created.error.replace(/\.?$/, '.')} ${NOTHING_CREATED}`
    case 'exists':
      return `Could not import ${name}: try again. ${NOTHING_CREATED}`
  }
}

/**
 * Importing a Markdown or HTML file as a new document (the landing page's drop zone and
 * its Import file… button): the server converts it and names the room, and the new
 * document opens. A file that cannot be imported leaves a sentence and creates nothing.
 */
export function useFileImport(): { importing: boolean; problem: string | null; importFiles: (files: readonly File[]) => Promise<void> } {
  const [importing, setImporting] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const importFiles = async (files: readonly File[]): Promise<void> => {
    setProblem(null)
    const [file] = files
    if (file === undefined) return
    if (files.length > 1) return setProblem(`Import one file at a time. ${NOTHING_CREATED}`)
    const format = importFormatOf(file)
    if (format === null) return setProblem(unsupportedFileProblem(file.name))
    setImporting(true)
    try {
      let text: string
      try {
        text = await file.text()
      } catch {
        return setProblem(`Could not read ${file.name}: it may have been moved, or this browser may not read it. ${NOTHING_CREATED}`)
      }
      const created = await importRoom({ format, text, title: importTitle(file.name, format, text) })
      const failure = creationProblem(file.name, created)
      if (failure !== null || created.kind !== 'created') return setProblem(failure)
      navigate(createdRoomPath(created), createdHereState(created.room))
    } finally {
      setImporting(false)
    }
  }

  return { importing, problem, importFiles }
}
