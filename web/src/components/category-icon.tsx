import type { IncidentCategory } from '@shared/incidents.js'

/** Simple line pictograms drawn inline: no icon font or image to download, works offline. */
const PATHS: Record<IncidentCategory, string> = {
  homeless: 'M3 11.5 12 4l9 7.5M5.5 10v10h13V10',
  sick: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7.5v9M7.5 12h9',
  odgj: 'M15 21v-3.5c2.4-1.1 4-3.5 4-6.5a7 7 0 0 0-14 0c0 .6 0 1.1.2 1.6L3.5 16H6v2.5c0 1.4 1.1 2.5 2.5 2.5H10M10 9.5a2 2 0 1 1 2 2v1.5M12 15.5v.1',
  elderly: 'M10 3a1.8 1.8 0 1 0 0 3.6A1.8 1.8 0 0 0 10 3zM10 8.5l-1 6 2.5 3V21M9 14.5 7 21M10 9.5l3.5 3M15.5 12.5V21',
  street_child: 'M11 4a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM11 10v5.5M11 15.5 8.5 20.5M11 15.5l2.5 5M7.5 12l3.5-1.5 3.5 1.5M19 16.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  disability: 'M10 2.5a1.8 1.8 0 1 0 0 3.6 1.8 1.8 0 0 0 0-3.6zM10 8v5.5h5.5l2.5 5.5M13.5 11H10M6.5 11.5a5.5 5.5 0 1 0 8 6',
  other: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9.5 9.5a2.5 2.5 0 1 1 3.6 2.3c-.7.4-1.1.9-1.1 1.6v.8M12 16.8v.1',
}

export function CategoryIcon({ category, size = 24, className }: { category: IncidentCategory; size?: number; className?: string }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[category]} />
    </svg>
  )
}
