// @vitest-environment happy-dom
import { Editor, type JSONContent } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOCUMENT_FIELD, documentExtensions } from '../../shared/document-schema.ts'
import { UndoableStart } from './undoable-start.ts'

let editor: Editor | null = null
afterEach(() => {
  editor?.destroy()
  window.document.body.replaceChildren()
  editor = null
})

/** Runs `command` until it stops doing anything, as someone pressing its key until nothing changes would. */
function repeat(command: () => boolean): void {
  while (command());
}

it('undoing everything in a new document returns to its empty start, and redoing everything returns exactly to what was written', () => {
  const document = new Y.Doc()
  const element = window.document.createElement('div')
  window.document.body.append(element)
  editor = new Editor({ element, extensions: [...documentExtensions, Collaboration.configure({ document, field: DOCUMENT_FIELD }), UndoableStart] })
  const empty: JSONContent = editor.getJSON()
  editor.commands.insertContent('First')
  editor.commands.splitBlock()
  editor.commands.insertContent('Second')
  const written = editor.getJSON()

  const { commands } = editor
  repeat(() => commands.undo())
  // Any transaction after the undo (a caret move, a caret of someone else): where the shown empty paragraph used to be written to Yjs.
  editor.view.dispatch(editor.state.tr)
  expect(editor.getJSON()).toEqual(empty)
  repeat(() => commands.redo())
  expect(editor.getJSON()).toEqual(written)
})
