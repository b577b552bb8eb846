/**
 * A day picked in a date input means that day in the city's time zone, whatever the browser's
 * zone is: these turn "2026-11-25" into the instant the day starts there.
 */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at.getTime()
}

/** The instant `ymd` (YYYY-MM-DD) begins in `timeZone`; with `nextDay`, the instant it ends. */
export function dayStartIn(ymd: string, timeZone: string, nextDay = false): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  const utcMidnight = Date.UTC(y, m - 1, d + (nextDay ? 1 : 0))
  return new Date(utcMidnight - zoneOffsetMs(new Date(utcMidnight), timeZone)).toISOString()
}
