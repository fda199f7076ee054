import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import { useEffect, useRef } from 'react'
import StarterKit from '@tiptap/starter-kit'
import type { UserIdentity } from '../../shared/identity.ts'
import { DOCUMENT_FIELD, type RoomSession } from '../connection/use-room-session.ts'
import { renderCaret } from './caret.ts'
import { EmptyDocumentHint } from './empty-document-hint.ts'
import { ReadOnlyGuard } from './read-only-guard.ts'
import { Toolbar } from './Toolbar.tsx'
import './editor.css'

interface CollaborativeEditorProps {
  session: RoomSession
  /** Read once, when the editor is created; later renames go through awareness. */
  user: UserIdentity
  /** False for a view-only link: no typing, no toolbar; other people's edits and carets still show. */
  editable: boolean
  /** For controls outside the editor (download): the editor, then null once it is gone. */
  onEditor?: (editor: Editor | null) => void
}

export function CollaborativeEditor({ session, user, editable, onEditor }: CollaborativeEditorProps) {
  // Read by the attributes below whenever ProseMirror recomputes them (setEditable triggers that).
  const editableRef = useRef(editable)
  const editor = useEditor(
    {
      editable,
      extensions: [
        // Collaboration brings its own undo, which only undoes this person's edits.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: session.ydoc, field: DOCUMENT_FIELD }),
        CollaborationCaret.configure({ provider: session.provider, user, render: renderCaret }),
        EmptyDocumentHint,
        ReadOnlyGuard,
      ],
      editorProps: {
        attributes: () => ({
          class: 'prose',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Document text',
          'aria-readonly': String(!editableRef.current),
          spellcheck: 'true',
        }),
      },
      shouldRerenderOnTransaction: false,
    },
    [session],
  )

  useEffect(() => {
    onEditor?.(editor)
    return () => onEditor?.(null)
  }, [editor, onEditor])

  // The permission can change on a reconnect (a refreshed token may grant less, or more).
  useEffect(() => {
    editableRef.current = editable
    if (editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  return (
    <div className="editor">
      {editable && (
        <div className="editor__toolbar-shelf">
          <Toolbar editor={editor} />
        </div>
      )}
      <div className="editor__paper" data-testid="editor">
        <EditorContent editor={editor} />
      </div>
    </div>
  )
}
