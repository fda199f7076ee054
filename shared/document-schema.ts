import type { Extensions } from '@tiptap/core'
import Highlight from '@tiptap/extension-highlight'
import Link from '@tiptap/extension-link'
import { TableKit } from '@tiptap/extension-table'
import TaskItem from '@tiptap/extension-task-item'
import TaskList from '@tiptap/extension-task-list'
import TextAlign from '@tiptap/extension-text-align'
import StarterKit from '@tiptap/starter-kit'
import { ImageNode } from './image-node.ts'
import { linkHref } from './link-href.ts'
import { MentionNode } from './mention-node.ts'

/**
 * The Y.Doc XML fragment a document lives in: the editor binds to it, titles are
 * read from it, and the server reads and writes documents through it.
 */
export const DOCUMENT_FIELD = 'default'

/**
 * The Y.Text holding the title people type for a document. When it is blank the
 * title is the document's first line (shared/document-title.ts).
 */
export const TITLE_FIELD = 'title'

/**
 * The Y.Map of everyone who has edited the document, keyed by identity id (shared/identity.ts):
 * the people a mention can name once they have left (client/editor/mentions/past-participants.ts).
 */
export const PEOPLE_FIELD = 'people'

/** The text alignments a paragraph or heading may have (none means the reading direction's start). */
export const TEXT_ALIGNMENTS = ['left', 'center', 'right']

const LINK_TARGET = { target: '_blank', rel: 'noopener noreferrer' }

/**
 * Links open in a new tab that cannot reach back to this page, whatever target or rel
 * a pasted link or another person's edit stored on the mark.
 */
const SafeLink = Link.extend({
  renderHTML({ mark, HTMLAttributes }) {
    return this.parent?.({ mark, HTMLAttributes: { ...HTMLAttributes, ...LINK_TARGET } }) ?? ['a', 0]
  },
}).configure({
  // A click places the caret for editing; readers' clicks follow the link natively.
  openOnClick: false,
  defaultProtocol: 'https',
  HTMLAttributes: LINK_TARGET,
  // Also applied to pasted HTML and autolinked text: a refused href leaves plain text.
  isAllowedUri: (url) => linkHref(url) !== null,
})

/**
 * The document's schema: every node, mark and attribute a Seed document can hold,
 * with no React or DOM, so the editor and the server build the same documents from it.
 * Editor behaviour (collaboration, carets, find, paste cleanup, uploads) is added on
 * top in client/editor/editor-extensions.ts and must not add to the schema.
 */
export const documentExtensions: Extensions = [
  // Collaboration brings its own undo, which only undoes this person's edits.
  StarterKit.configure({ undoRedo: false, link: false }),
  SafeLink,
  // Parses pasted HTML tables (spreadsheets, Google Docs, Word) into rows and cells.
  TableKit.configure({ table: { resizable: false } }),
  TaskList,
  TaskItem.configure({ nested: true }),
  TextAlign.configure({ types: ['heading', 'paragraph'], alignments: TEXT_ALIGNMENTS }),
  Highlight,
  ImageNode,
  MentionNode,
]
