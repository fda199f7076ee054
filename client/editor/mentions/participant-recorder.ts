import { Extension } from '@tiptap/core'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { peopleFromAwareness } from '../../presence/people.ts'
import { recordParticipant } from './past-participants.ts'

/** The origin of this extension's own writes, which are not edits of the document. */
const RECORDING = Symbol('record participant')

interface ParticipantRecorderOptions {
  document: Y.Doc | null
  awareness: Awareness | null
}

/**
 * Adds whoever edits here to the document's past participants (past-participants.ts), under the
 * name and colour their awareness shows the others, so they can be mentioned after they leave.
 * Only this device's own edits count: applied updates (from the server or this device's storage) are not local.
 */
export const ParticipantRecorder = Extension.create<ParticipantRecorderOptions, { stop: () => void }>({
  name: 'participantRecorder',
  addOptions: () => ({ document: null, awareness: null }),

  onCreate() {
    const { document, awareness } = this.options
    if (document === null || awareness === null) return
    const recordEdit = (transaction: Y.Transaction): void => {
      if (!transaction.local || transaction.origin === RECORDING || transaction.changed.size === 0 || !this.editor.isEditable) return
      const [you] = peopleFromAwareness(new Map([[awareness.clientID, awareness.getLocalState()]]), awareness.clientID)
      if (you?.identityId) recordParticipant(document, { id: you.identityId, name: you.name, color: you.color }, Date.now(), RECORDING)
    }
    document.on('afterTransaction', recordEdit)
    this.storage.stop = () => document.off('afterTransaction', recordEdit)
  },

  addStorage: () => ({ stop: () => {} }),

  onDestroy() {
    this.storage.stop()
  },
})
