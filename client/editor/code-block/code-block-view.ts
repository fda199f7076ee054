import type { NodeViewRenderer } from '@tiptap/core'
import { AUTO_LANGUAGE, pickerLanguages } from './code-languages.ts'

function fillOptions(select: HTMLSelectElement, language: string | null): void {
  const auto = new Option('Auto-detect', AUTO_LANGUAGE)
  select.replaceChildren(auto, ...pickerLanguages(language).map(({ id, label }) => new Option(label, id)))
  select.value = language ?? AUTO_LANGUAGE
}

/**
 * A code block with its language picker above the code: the choice is the block's `language`, shared like any
 * edit. Only editors see the picker (code-block.css hides it in a read-only editor); it is outside the editable
 * text, so ProseMirror leaves its events and DOM alone.
 */
export const codeBlockView: NodeViewRenderer = ({ node: initialNode, editor, getPos }) => {
  let node = initialNode
  const dom = document.createElement('div')
  dom.className = 'code-block'
  const picker = document.createElement('div')
  picker.className = 'code-block__picker'
  picker.contentEditable = 'false'
  const select = document.createElement('select')
  select.className = 'code-block__language'
  select.setAttribute('aria-label', 'Code language')
  select.dataset.testid = 'code-language'
  picker.append(select)
  const pre = document.createElement('pre')
  const code = document.createElement('code')
  pre.append(code)
  dom.append(picker, pre)

  const show = () => {
    const language = (node.attrs.language as string | null) || null
    fillOptions(select, language)
    code.className = language ? `language-${language}` : ''
  }
  show()

  select.addEventListener('change', () => {
    const position = getPos()
    if (typeof position !== 'number' || !editor.isEditable) return
    editor.view.dispatch(editor.state.tr.setNodeAttribute(position, 'language', select.value || null))
  })

  return {
    dom,
    contentDOM: code,
    update: (updated) => {
      if (updated.type !== node.type) return false
      const languageChanged = updated.attrs.language !== node.attrs.language
      node = updated
      if (languageChanged) show()
      return true
    },
    stopEvent: (event) => event.target instanceof Node && picker.contains(event.target),
    ignoreMutation: (mutation) => picker.contains(mutation.target),
  }
}
