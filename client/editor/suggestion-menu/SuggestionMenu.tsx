import { useEffect, useRef, type ReactNode } from 'react'

export interface SuggestionMenuOption {
  /** Unique within the list. */
  key: string
  label: string
  icon?: ReactNode
}

export interface SuggestionMenuProps {
  listboxId: string
  /** What the list offers ("Blocks", "People"), read out with it. */
  label: string
  options: SuggestionMenuOption[]
  activeIndex: number
  onChoose: (index: number) => void
  onPoint: (index: number) => void
}

/** The id of an option, for the editor's aria-activedescendant. */
export function suggestionOptionId(listboxId: string, index: number): string {
  return `${listboxId}-option-${index}`
}

/**
 * The list a suggestion (typed `/`, `@`) offers under the caret. The editor keeps the
 * focus: it points at the active option with aria-activedescendant (the combobox
 * pattern), so typing goes on filtering while arrows move through the list.
 */
export function SuggestionMenu({ listboxId, label, options, activeIndex, onChoose, onPoint }: SuggestionMenuProps) {
  const listRef = useRef<HTMLDivElement>(null)

  // A window too short for the list scrolls the page to the option the arrows reach.
  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(suggestionOptionId(listboxId, activeIndex))}`)?.scrollIntoView({ block: 'nearest' })
  }, [listboxId, activeIndex])

  return (
    <div ref={listRef} id={listboxId} className="suggestion-menu" role="listbox" aria-label={label}>
      {options.map((option, index) => (
        <div
          key={option.key}
          id={suggestionOptionId(listboxId, index)}
          className="suggestion-menu__option"
          role="option"
          aria-selected={index === activeIndex}
          // The editor keeps the focus and its caret while choosing.
          onMouseDown={(event) => event.preventDefault()}
          onMouseMove={() => onPoint(index)}
          onClick={() => onChoose(index)}
        >
          {option.icon && (
            <span className="suggestion-menu__icon" aria-hidden="true">
              {option.icon}
            </span>
          )}
          {option.label}
        </div>
      ))}
    </div>
  )
}
