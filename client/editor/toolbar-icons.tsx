import type { ReactNode } from 'react'

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

function TextIcon({ children }: { children: string }) {
  return (
    <span className="toolbar__text-icon" aria-hidden="true">
      {children}
    </span>
  )
}

export const icons = {
  bold: (
    <Icon>
      <path d="M7 5h6a3.5 3.5 0 0 1 0 7H7z" />
      <path d="M7 12h7a3.5 3.5 0 0 1 0 7H7z" />
    </Icon>
  ),
  italic: (
    <Icon>
      <path d="M19 4h-9M14 20H5M15 4 9 20" />
    </Icon>
  ),
  strike: (
    <Icon>
      <path d="M16 6.5A4 4 0 0 0 12.5 5h-1.5a3.5 3.5 0 0 0-1.2 6.8" />
      <path d="M14.5 13A3.5 3.5 0 0 1 13 19h-2a4 4 0 0 1-3.7-2.5" />
      <path d="M4 12h16" />
    </Icon>
  ),
  code: (
    <Icon>
      <path d="m16 18 6-6-6-6M8 6l-6 6 6 6" />
    </Icon>
  ),
  highlight: (
    <Icon>
      <path d="m9 11-5 5v3h3l5-5" />
      <path d="m9 11 6-6 4 4-6 6z" />
      <path d="M14 20h6" />
    </Icon>
  ),
  image: (
    <Icon>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="2" />
      <path d="m21 16-5-5-9 9" />
    </Icon>
  ),
  link: (
    <Icon>
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </Icon>
  ),
  heading1: <TextIcon>H1</TextIcon>,
  heading2: <TextIcon>H2</TextIcon>,
  heading3: <TextIcon>H3</TextIcon>,
  bulletList: (
    <Icon>
      <path d="M9 6h11M9 12h11M9 18h11" />
      <circle cx="4.5" cy="6" r="1" fill="currentColor" />
      <circle cx="4.5" cy="12" r="1" fill="currentColor" />
      <circle cx="4.5" cy="18" r="1" fill="currentColor" />
    </Icon>
  ),
  orderedList: (
    <Icon>
      <path d="M10 6h10M10 12h10M10 18h10" />
      <path d="M4 4.5h1.5V9M4 9h3" strokeWidth="1.6" />
      <path d="M4 14.5a1.5 1.5 0 0 1 3 .2c0 1-3 2.3-3 4.3h3" strokeWidth="1.6" />
    </Icon>
  ),
  blockquote: (
    <Icon>
      <path d="M4 6v12" strokeWidth="2.5" />
      <path d="M9 8h11M9 12h11M9 16h7" />
    </Icon>
  ),
  taskList: (
    <Icon>
      <rect x="3" y="4" width="6" height="6" rx="1.2" />
      <path d="m4.5 7 1.2 1.2L7.8 6" strokeWidth="1.6" />
      <rect x="3" y="14" width="6" height="6" rx="1.2" />
      <path d="M12 7h9M12 17h9" />
    </Icon>
  ),
  codeBlock: (
    <Icon>
      <rect x="3" y="4" width="18" height="16" rx="2.5" />
      <path d="m10 9.5-2.5 2.5 2.5 2.5M14 9.5l2.5 2.5-2.5 2.5" />
    </Icon>
  ),
  horizontalRule: (
    <Icon>
      <path d="M3 12h18" />
      <path d="M7 6h10M7 18h10" strokeWidth="1.4" opacity="0.5" />
    </Icon>
  ),
  table: (
    <Icon>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M3 10h18M3 15h18M9 10v10M15 10v10" />
    </Icon>
  ),
  alignLeft: (
    <Icon>
      <path d="M4 6h16M4 10h10M4 14h16M4 18h10" />
    </Icon>
  ),
  alignCenter: (
    <Icon>
      <path d="M4 6h16M7 10h10M4 14h16M7 18h10" />
    </Icon>
  ),
  alignRight: (
    <Icon>
      <path d="M4 6h16M10 10h10M4 14h16M10 18h10" />
    </Icon>
  ),
  addRowAfter: (
    <Icon>
      <rect x="3" y="3" width="18" height="10" rx="1.5" />
      <path d="M3 8h18M12 16v6M9 19h6" />
    </Icon>
  ),
  deleteRow: (
    <Icon>
      <rect x="3" y="3" width="18" height="10" rx="1.5" />
      <path d="M3 8h18M9.5 16.5l5 5M14.5 16.5l-5 5" />
    </Icon>
  ),
  addColumnAfter: (
    <Icon>
      <rect x="3" y="3" width="10" height="18" rx="1.5" />
      <path d="M8 3v18M16 12h6M19 9v6" />
    </Icon>
  ),
  deleteColumn: (
    <Icon>
      <rect x="3" y="3" width="10" height="18" rx="1.5" />
      <path d="M8 3v18M16.5 9.5l5 5M21.5 9.5l-5 5" />
    </Icon>
  ),
  deleteTable: (
    <Icon>
      <rect x="3" y="4" width="13" height="12" rx="1.5" />
      <path d="M3 10h13M9.5 4v12M16 16l5 5M21 16l-5 5" />
    </Icon>
  ),
  undo: (
    <Icon>
      <path d="M9 14 4 9l5-5" />
      <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
    </Icon>
  ),
  redo: (
    <Icon>
      <path d="m15 14 5-5-5-5" />
      <path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />
    </Icon>
  ),
} satisfies Record<string, ReactNode>

/** The compact toolbar's More button: three dots. */
export const moreIcon = (
  <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
    <circle cx="5" cy="12" r="2" />
    <circle cx="12" cy="12" r="2" />
    <circle cx="19" cy="12" r="2" />
  </svg>
)
