import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import type { UserIdentity } from '../../shared/identity.ts'
import { DOCUMENT_FIELD, type RoomSession } from '../connection/use-room-session.ts'
import { renderCaret } from './caret.ts'
import { EmptyDocumentHint } from './empty-document-hint.ts'
import { Toolbar } from './Toolbar.tsx'
import './editor.css'

interface CollaborativeEditorProps {
  session: RoomSession
  /** Read once, when the editor is created; later renames go through awareness. */
  user: UserIdentity
}

export function CollaborativeEditor({ session, user }: CollaborativeEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        // Collaboration brings its own undo, which only undoes this person's edits.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: session.ydoc, field: DOCUMENT_FIELD }),
        CollaborationCaret.configure({ provider: session.provider, user, render: renderCaret }),
        EmptyDocumentHint,
      ],
      editorProps: {
        attributes: {
          class: 'prose',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Document text',
          spellcheck: 'true',
        },
      },
      shouldRerenderOnTransaction: false,
    },
    [session],
  )

  return (
    <div className="editor">
      <div className="editor__toolbar-shelf">
        <Toolbar editor={editor} />
      </div>
      <div className="editor__paper" data-testid="editor">
        <EditorContent editor={editor} />
      </div>
    </div>
  )
}
