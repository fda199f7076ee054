import { useEffect, useRef, type ReactNode } from 'react'
import './suggestion-list.css'

export interface SuggestionListProps<Item> {
  /** The listbox's id: the editor points at it with aria-controls. */
  id: string
  /** What the list offers, read out with it (e.g. "People to mention"). */
  label: string
  items: readonly Item[]
  activeIndex: number
  /** Each option's id: the editor, which keeps the focus, points at the active one with aria-activedescendant. */
  optionId: (index: number) => string
  renderItem: (item: Item) => ReactNode
  /** Shown instead of the list when nothing matches. */
  emptyText: string
  onChoose: (index: number) => void
}

/**
 * The list a suggestion (`@`, `/`) opens beside the caret. The focus stays in the editor, which
 * moves the active option with the arrow keys (suggestion-popup.ts); a click chooses without
 * taking the focus from the editor either.
 */
export function SuggestionList<Item>({ id, label, items, activeIndex, optionId, renderItem, emptyText, onChoose }: SuggestionListProps<Item>) {
  const list = useRef<HTMLDivElement>(null)

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [activeIndex, items])

  if (items.length === 0) {
    return (
      <p className="suggestion-list suggestion-list__empty" role="status">
        {emptyText}
      </p>
    )
  }
  return (
    <div className="suggestion-list" role="listbox" id={id} aria-label={label} ref={list}>
      {items.map((item, index) => (
        <div
          key={optionId(index)}
          id={optionId(index)}
          className="suggestion-list__option"
          role="option"
          aria-selected={index === activeIndex}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onChoose(index)}
        >
          {renderItem(item)}
        </div>
      ))}
    </div>
  )
}
