import { Extension, type AnyExtension, type Extensions } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { DOCUMENT_FIELD, documentExtensions } from '../../shared/document-schema.ts'
import type { UserIdentity } from '../../shared/identity.ts'
import { SlashMenu } from './blocks/slash-menu.ts'
import { renderCaret } from './caret.ts'
import { withHighlightedCodeBlocks } from './code-block/highlighted-code-block.ts'
import { EmptyDocumentHint } from './empty-document-hint.ts'
import { FindReplace } from './find/find-replace.ts'
import { HistoryKeys } from './history-keys.ts'
import { MentionSuggestion } from './mentions/mention-suggestion.ts'
import { ParticipantRecorder } from './mentions/participant-recorder.ts'
import { PasteCleanup } from './paste/paste-html.ts'
import { MarkdownPaste } from './paste/paste-markdown.ts'
import { ReadOnlyGuard } from './read-only-guard.ts'
import { ScrollAfterNavigation } from './scroll-after-navigation.ts'
import { UndoableStart } from './undoable-start.ts'

/** Ctrl+K (⌘K) opens the link form, as in most editors. */
const LinkShortcut = Extension.create<{ open: () => void }>({
  name: 'linkShortcut',
  addOptions: () => ({ open: () => {} }),
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        if (!this.editor.isEditable) return false
        this.options.open()
        return true
      },
    }
  },
})

export interface EditorExtensionsOptions {
  document: Y.Doc
  provider: WebsocketProvider
  /** Read once, when the editor is created; later renames go through awareness. */
  user: UserIdentity
  openLinkForm: () => void
  /** The Image form (by address or upload), which the `/` menu's Image opens. */
  openImageForm: () => void
  /** The room's image uploads (client/images/use-image-tools.ts). */
  imageUploads: AnyExtension
}

/**
 * Everything a room's editor runs: the shared document schema, then editor behaviour
 * on top of it. Nothing here may add a node, mark or attribute: the server reads and
 * writes documents with the shared schema alone (pinned by editor-extensions.test.ts).
 */
export function editorExtensions({ document, provider, user, openLinkForm, openImageForm, imageUploads }: EditorExtensionsOptions): Extensions {
  return [
    ...withHighlightedCodeBlocks(documentExtensions),
    Collaboration.configure({ document, field: DOCUMENT_FIELD }),
    UndoableStart,
    HistoryKeys,
    CollaborationCaret.configure({ provider, user, render: renderCaret }),
    EmptyDocumentHint,
    ReadOnlyGuard,
    LinkShortcut.configure({ open: openLinkForm }),
    imageUploads,
    FindReplace,
    PasteCleanup,
    MarkdownPaste,
    MentionSuggestion.configure({ document, awareness: provider.awareness }),
    ParticipantRecorder.configure({ document, awareness: provider.awareness }),
    SlashMenu.configure({ openImageForm }),
    ScrollAfterNavigation,
  ]
}
