import { Extension } from '@tiptap/core'
import { PluginKey } from '@tiptap/pm/state'
import { Suggestion } from '@tiptap/suggestion'
import { createElement } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { onePerPerson, peopleFromAwareness } from '../../presence/people.ts'
import { mentionCandidates, type MentionCandidate } from './mention-candidates.ts'
import { MentionOption } from './MentionOption.tsx'
import { participantsMap, pastParticipants } from './past-participants.ts'
import { suggestionPopup } from './suggestion-popup.ts'
import './mention.css'

interface MentionSuggestionOptions {
  document: Y.Doc | null
  awareness: Awareness | null
}

const MENTION_SUGGESTION = new PluginKey('mentionSuggestion')

/**
 * Typing `@` offers the people who are or were in the document (mention-candidates.ts) and inserts
 * the chosen one as a mention node (shared/mention-node.ts) followed by a space. Only in an editable
 * editor: a reader's caret after an `@` opens nothing.
 */
export const MentionSuggestion = Extension.create<MentionSuggestionOptions>({
  name: 'mentionSuggestion',
  addOptions: () => ({ document: null, awareness: null }),

  addProseMirrorPlugins() {
    const { document, awareness } = this.options
    if (document === null || awareness === null) return []
    return [
      Suggestion<MentionCandidate, MentionCandidate>({
        editor: this.editor,
        pluginKey: MENTION_SUGGESTION,
        char: '@',
        allow: ({ editor, state, range }) => {
          const mention = state.schema.nodes.mention
          return editor.isEditable && mention !== undefined && state.doc.resolve(range.from).parent.type.contentMatch.matchType(mention) !== null
        },
        items: ({ query }) => {
          const here = onePerPerson(peopleFromAwareness(awareness.getStates(), awareness.clientID))
          const you = here.find((person) => person.isYou)?.identityId ?? null
          return mentionCandidates(here, pastParticipants(participantsMap(document)), query, you)
        },
        command: ({ editor, range, props: person }) => {
          // A space already after the query is kept as the one after the mention.
          const to = editor.state.doc.resolve(range.to).nodeAfter?.text?.startsWith(' ') ? range.to + 1 : range.to
          editor
            .chain()
            .focus()
            .insertContentAt({ from: range.from, to }, [
              { type: 'mention', attrs: { id: person.id, label: person.name, color: person.color } },
              { type: 'text', text: ' ' },
            ])
            .run()
        },
        render: suggestionPopup({
          label: 'People to mention',
          renderItem: (candidate) => createElement(MentionOption, { candidate }),
          emptyText: 'Nobody by that name has been in this document',
        }),
      }),
    ]
  },
})
