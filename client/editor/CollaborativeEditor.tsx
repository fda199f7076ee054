import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import { useEffect, useRef, useState } from 'react'
import type { UserIdentity } from '../../shared/identity.ts'
import type { RoomSession } from '../connection/use-room-session.ts'
import { ImageForm } from '../images/ImageForm.tsx'
import { ImageNotice } from '../images/ImageNotice.tsx'
import { ImageToolbar } from '../images/ImageToolbar.tsx'
import { useImageTools } from '../images/use-image-tools.ts'
import { useNarrowScreen } from '../layout/use-narrow-screen.ts'
import { BlockDragHandle } from './blocks/BlockDragHandle.tsx'
import { editorExtensions } from './editor-extensions.ts'
import { EditorStatusBar } from './EditorStatusBar.tsx'
import { FindBar } from './find/FindBar.tsx'
import { LinkForm } from './LinkForm.tsx'
import { ShortcutsDialog } from './shortcuts/ShortcutsDialog.tsx'
import { Toolbar } from './Toolbar.tsx'
import { useCaretClearance } from './use-caret-clearance.ts'
import { useEditorAids } from './use-editor-aids.ts'
import './editor.css'
import './content.css'

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
  const [linkFormOpen, setLinkFormOpen] = useState(false)
  const images = useImageTools(session)
  const aids = useEditorAids(editable)
  const root = useRef<HTMLDivElement>(null)
  const clearance = useCaretClearance(root)
  // Phones have no hover to show the grip, no margin beside the text to hold it, and a drag there scrolls the page.
  const narrow = useNarrowScreen()
  const editor = useEditor(
    {
      editable,
      extensions: editorExtensions({
        document: session.ydoc,
        provider: session.provider,
        user,
        openLinkForm: () => setLinkFormOpen(true),
        openImageForm: images.openForm,
        imageUploads: images.extension,
      }),
      // Pasted Markdown is parsed as a whole (paste/paste-markdown.ts); the marks' own paste rules would
      // also make italics of the text between two stray stars in prose. Pasted addresses still become links.
      enablePasteRules: ['link'],
      editorProps: {
        attributes: () => ({
          class: 'prose',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Document text',
          'aria-readonly': String(!editableRef.current),
          // A reader's document is not editable, so not focusable by itself: focusable, its keys (Ctrl+F, Ctrl+/) work for readers too.
          ...(editableRef.current ? {} : { tabindex: '0' }),
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

  // Scrolling to the caret (typing, keys, Ctrl+Home/End) keeps it clear of the sticky toolbar and status bar.
  useEffect(() => {
    if (clearance) editor.setOptions({ editorProps: { ...editor.options.editorProps, scrollMargin: clearance, scrollThreshold: clearance } })
  }, [editor, clearance])

  // The permission can change on a reconnect (a refreshed token may grant less, or more).
  useEffect(() => {
    editableRef.current = editable
    if (editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  return (
    <div className="editor" ref={root} onKeyDown={aids.handleKeyDown}>
      {(editable || aids.find) && (
        <div className="editor__toolbar-shelf">
          {editable && <Toolbar editor={editor} onEditLink={() => setLinkFormOpen(true)} onInsertImage={images.openForm} />}
          {editable && linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
          {editable && images.formOpen && <ImageForm editor={editor} onClose={images.closeForm} />}
          {editable && images.problem && <ImageNotice message={images.problem} onDismiss={images.dismissProblem} />}
          {aids.find && (
            <FindBar editor={editor} mode={aids.find} onModeChange={aids.openFind} focusRequest={aids.findFocusRequest} onClose={aids.closeFind} />
          )}
        </div>
      )}
      <div className="editor__paper" data-testid="editor">
        <EditorContent editor={editor} />
        {editable && <ImageToolbar editor={editor} captionRequest={images.captionRequest} />}
        {editable && !narrow && <BlockDragHandle editor={editor} />}
      </div>
      <EditorStatusBar editor={editor} onFind={() => aids.openFind('find')} onShortcuts={() => aids.setShortcutsOpen(true)} />
      <ShortcutsDialog open={aids.shortcutsOpen} onClose={() => aids.setShortcutsOpen(false)} />
    </div>
  )
}
