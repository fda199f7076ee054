import { offset, type ComputePositionConfig } from '@floating-ui/dom'
import { DragHandle } from '@tiptap/extension-drag-handle-react'
import type { Editor } from '@tiptap/react'
import './blocks.css'

// In the paper's margin, just left of the block's first line. A constant: a new object would re-register the plugin.
const BESIDE_THE_BLOCK: ComputePositionConfig = { placement: 'left-start', strategy: 'absolute', middleware: [offset(6)] }

/**
 * The grip beside the block under the pointer: dragging it moves the whole block. With
 * someone else editing, the extension follows the block through their changes by Yjs
 * relative positions (it reads the Collaboration extension's sync state), so the drop
 * moves the block the pointer picked, not whatever now sits at its old offset.
 */
export function BlockDragHandle({ editor }: { editor: Editor }) {
  return (
    <DragHandle editor={editor} className="block-drag-handle" computePositionConfig={BESIDE_THE_BLOCK}>
      <span className="block-drag-handle__grip" data-testid="block-drag-handle" title="Drag to move this block">
        <svg aria-hidden="true" focusable="false" width="14" height="20" viewBox="0 0 14 20" fill="currentColor">
          <circle cx="4" cy="4" r="1.6" />
          <circle cx="10" cy="4" r="1.6" />
          <circle cx="4" cy="10" r="1.6" />
          <circle cx="10" cy="10" r="1.6" />
          <circle cx="4" cy="16" r="1.6" />
          <circle cx="10" cy="16" r="1.6" />
        </svg>
      </span>
    </DragHandle>
  )
}
