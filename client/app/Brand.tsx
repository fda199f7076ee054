import { Link } from './Link.tsx'

export function Brand() {
  return (
    <Link href="/" className="brand" aria-label="Seed, all documents">
      <svg className="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#166534" />
        <path d="M16 25v-8" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
        <path d="M16 17c0-4.5 3-7.5 8-7.5 0 4.5-3 7.5-8 7.5Z" fill="#bbf7d0" />
        <path d="M16 19c0-3.6-2.4-6-6.5-6 0 3.6 2.4 6 6.5 6Z" fill="#fff" />
      </svg>
      <span className="brand__name">Seed</span>
    </Link>
  )
}
