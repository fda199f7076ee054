import type { Editor } from '@tiptap/react'
import { useState } from 'react'
import { AddressForm } from './AddressForm.tsx'
import { linkHref } from '../../shared/link-href.ts'

/**
 * Adds, changes or removes the link at the selection (Ctrl+K or the toolbar's Link
 * button). Without a selection, the address itself is inserted as the link's text.
 */
export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  // Read once on opening: the form edits the link the selection was in.
  const [existing] = useState<string | undefined>(() => editor.getAttributes('link').href as string | undefined)

  const apply = (href: string, address: string): void => {
    const chain = editor.chain().focus()
    if (editor.state.selection.empty && existing === undefined) {
      chain.insertContent({ type: 'text', text: address.trim(), marks: [{ type: 'link', attrs: { href } }] }).run()
    } else {
      chain.extendMarkRange('link').setLink({ href }).run()
    }
  }

  const remove = (): void => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run()
    onClose()
  }

  return (
    <AddressForm
      editor={editor}
      onClose={onClose}
      name="Link"
      addressLabel="Link address"
      initialAddress={existing}
      parse={linkHref}
      apply={apply}
      submitLabel="Apply"
      refusal="Only web (http, https) and email (mailto) links can be added."
      actions={
        existing !== undefined && (
          <button type="button" className="link-form__button" onClick={remove}>
            Remove link
          </button>
        )
      }
    />
  )
}
