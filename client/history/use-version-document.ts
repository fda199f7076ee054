import type { JSONContent } from '@tiptap/core'
import { useEffect, useState } from 'react'
import { readVersionDocument } from './versions-api.ts'

export type VersionDocument = { status: 'loading' } | { status: 'loaded'; json: JSONContent } | { status: 'failed'; error: string }

/** An empty document: what the version before the first one compares as. */
const EMPTY: VersionDocument = { status: 'loaded', json: { type: 'doc', content: [{ type: 'paragraph' }] } }

/** A version's document (ProseMirror JSON), fetched when `versionId` changes; null: the empty document before the first version. */
export function useVersionDocument(roomId: string, versionId: string | null, token: string | null): VersionDocument {
  const [loaded, setLoaded] = useState<{ id: string; document: VersionDocument } | null>(null)

  useEffect(() => {
    if (versionId === null) return
    let current = true
    void readVersionDocument(roomId, versionId, token).then((result) => {
      if (current) setLoaded({ id: versionId, document: result.ok ? { status: 'loaded', json: result.value } : { status: 'failed', error: result.error } })
    })
    return () => {
      current = false
    }
  }, [roomId, versionId, token])

  if (versionId === null) return EMPTY
  return loaded?.id === versionId ? loaded.document : { status: 'loading' }
}
