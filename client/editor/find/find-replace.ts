/**
 * Find and replace inside the document, as a small ProseMirror plugin of our own:
 * Tiptap v3 has no official find extension, and the community ones either keep
 * their matches in extension storage (shared by nothing, but recomputed outside
 * the transaction that changed the document) or replace match by match, which
 * would make "Replace all" as many undo steps as matches.
 *
 * The matches live in the plugin's state and are drawn as decorations: they are
 * never part of the document, so nobody else sees them, and they are recomputed
 * from the new document by every transaction that changes it — other people's
 * edits arriving through Yjs included — so they always show the text as it is.
 * Replacing is one ProseMirror transaction, hence one Yjs transaction by this
 * person, hence one step of their own undo (which never undoes anyone else).
 */
import { Extension, type Editor } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import { findMatches, type FindMatch } from './find-matches.ts'

export interface FindState {
  query: string
  matchCase: boolean
  matches: FindMatch[]
  /** Index into `matches` of the match "3 of 12" counts, or -1 when there is none. */
  current: number
  decorations: DecorationSet
}

/** What a find command asks of the plugin's state; a field left out keeps its value. */
interface FindRequest {
  query?: string
  matchCase?: boolean
  /** Make this match current. */
  current?: number
  /** Make the first match at or after this position current (wrapping to the first). */
  anchor?: number
}

export const findPluginKey = new PluginKey<FindState>('find')

const EMPTY: FindState = { query: '', matchCase: false, matches: [], current: -1, decorations: DecorationSet.empty }

function firstMatchFrom(matches: FindMatch[], position: number): number {
  if (matches.length === 0) return -1
  const index = matches.findIndex((match) => match.from >= position)
  return index === -1 ? 0 : index
}

function decorate(transaction: Transaction, matches: FindMatch[], current: number): DecorationSet {
  return DecorationSet.create(
    transaction.doc,
    matches.map((match, index) =>
      Decoration.inline(match.from, match.to, { class: index === current ? 'find-match find-match--current' : 'find-match' }),
    ),
  )
}

function nextState(previous: FindState, transaction: Transaction): FindState {
  const request = transaction.getMeta(findPluginKey) as FindRequest | undefined
  if (request === undefined && !transaction.docChanged) return previous
  const query = request?.query ?? previous.query
  const matchCase = request?.matchCase ?? previous.matchCase
  if (query === '') return { ...EMPTY, matchCase }

  const searchChanged = query !== previous.query || matchCase !== previous.matchCase
  const matches = searchChanged || transaction.docChanged ? findMatches(transaction.doc, query, matchCase) : previous.matches
  let current: number
  if (request?.current !== undefined) current = matches.length === 0 ? -1 : (request.current + matches.length) % matches.length
  else if (request?.anchor !== undefined) current = firstMatchFrom(matches, request.anchor)
  else if (searchChanged) current = firstMatchFrom(matches, transaction.selection.from)
  else {
    // The document changed (here or elsewhere): stay on the match that was current, or the next one.
    const was = previous.matches[previous.current]
    current = firstMatchFrom(matches, was === undefined ? 0 : transaction.mapping.map(was.from, -1))
  }
  return { query, matchCase, matches, current, decorations: decorate(transaction, matches, current) }
}

export function findState(state: EditorState): FindState {
  return findPluginKey.getState(state) ?? EMPTY
}

/**
 * Ends the undo step being captured, so that what comes next is a step of its own
 * (Yjs merges changes made within half a second into one step).
 */
function stopCapturingUndo(state: EditorState): void {
  yUndoPluginKey.getState(state)?.undoManager?.stopCapturing()
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    findReplace: {
      /** Searches for `query`; an empty query ends the search and its highlights. */
      setFindQuery: (query: string, matchCase: boolean) => ReturnType
      findNext: () => ReturnType
      findPrevious: () => ReturnType
      /** Replaces the current match and moves on to the next one. */
      replaceCurrentMatch: (replacement: string) => ReturnType
      /** Replaces every match, as one step of this person's undo. */
      replaceAllMatches: (replacement: string) => ReturnType
    }
  }
}

function replaceMatches(editor: Editor, matches: FindMatch[], replacement: string, dispatch: ((tr: Transaction) => void) | undefined, tr: Transaction): boolean {
  if (matches.length === 0 || !editor.isEditable) return false
  if (dispatch) {
    stopCapturingUndo(editor.state)
    // Last to first, so the positions of the matches still to replace stay valid.
    for (const match of [...matches].reverse()) tr.insertText(replacement, match.from, match.to)
    tr.setMeta(findPluginKey, { anchor: tr.mapping.map(matches[matches.length - 1].to) } satisfies FindRequest)
    // After this transaction is applied: the next edit starts a step of its own.
    queueMicrotask(() => stopCapturingUndo(editor.state))
  }
  return true
}

export const FindReplace = Extension.create({
  name: 'findReplace',

  addCommands() {
    const move =
      (step: 1 | -1) =>
      () =>
      ({ state, tr, dispatch }: { state: EditorState; tr: Transaction; dispatch?: (tr: Transaction) => void }) => {
        const { matches, current } = findState(state)
        if (matches.length === 0) return false
        if (dispatch) tr.setMeta(findPluginKey, { current: current + step } satisfies FindRequest)
        return true
      }
    return {
      setFindQuery:
        (query, matchCase) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(findPluginKey, { query, matchCase } satisfies FindRequest)
          return true
        },
      findNext: move(1),
      findPrevious: move(-1),
      replaceCurrentMatch:
        (replacement) =>
        ({ editor, state, tr, dispatch }) => {
          const { matches, current } = findState(state)
          return replaceMatches(editor, current === -1 ? [] : [matches[current]], replacement, dispatch, tr)
        },
      replaceAllMatches:
        (replacement) =>
        ({ editor, state, tr, dispatch }) =>
          replaceMatches(editor, findState(state).matches, replacement, dispatch, tr),
    }
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findPluginKey,
        state: { init: () => EMPTY, apply: (transaction, previous) => nextState(previous, transaction) },
        props: { decorations: (state) => findPluginKey.getState(state)?.decorations },
      }),
    ]
  },
})
