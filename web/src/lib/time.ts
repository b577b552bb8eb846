/**
 * Dates and times are shown in the city's time zone (from /api/config), whatever the device's
 * zone is, so a dispatcher and a team read the same clock.
 */
const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...opts })
    cache.set(key, f)
  }
  return f
}

export function formatTime(iso: string | null | undefined, locale: string, timeZone: string, seconds = false): string {
  if (!iso) return ''
  return formatter(locale, timeZone, { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }).format(new Date(iso))
}

export function formatDateTime(iso: string | null | undefined, locale: string, timeZone: string): string {
  if (!iso) return ''
  return formatter(locale, timeZone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))
}

/** A short abbreviation of the zone for labels, e.g. "WIB" for Asia/Jakarta in Indonesian. */
export function zoneName(locale: string, timeZone: string): string {
  const parts = formatter(locale, timeZone, { timeZoneName: 'short' }).formatToParts(new Date())
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

/** Elapsed time as a stopwatch: "4:07", "1:02:09". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`
}
