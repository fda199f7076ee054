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
  codeBlock: (
    <Icon>
      <rect x="3" y="4" width="18" height="16" rx="2.5" />
      <path d="m10 9.5-2.5 2.5 2.5 2.5M14 9.5l2.5 2.5-2.5 2.5" />
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
