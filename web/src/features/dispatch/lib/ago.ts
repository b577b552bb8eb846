import type { TFunction } from 'i18next'

/** "2 minutes ago" for an instant, against `now` (ms), with the common strings. */
export function agoText(t: TFunction, now: number, iso: string): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  return s < 60 ? t('common:ago.seconds', { n: s }) : s < 3600 ? t('common:ago.minutes', { n: Math.round(s / 60) }) : t('common:ago.hours', { n: Math.round(s / 3600) })
}
