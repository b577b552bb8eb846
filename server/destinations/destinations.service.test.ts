import { describe, expect, it } from 'vitest'
import { isOpen } from './destinations.service.js'

// 2026-11-25 in Jakarta (UTC+7): 07:00 local is 00:00 UTC.
const at = (hhmmLocal: string) => {
  const [h, m] = hhmmLocal.split(':').map(Number) as [number, number]
  return new Date(Date.UTC(2026, 10, 25, h - 7, m))
}
const TZ = 'Asia/Jakarta'

describe('opening hours of a destination', () => {
  it('is always open with 24h', () => {
    expect(isOpen('24h', at('03:00'), TZ)).toBe(true)
  })

  it('is open from the opening minute up to, not including, the closing minute', () => {
    expect(isOpen('08:00-16:00', at('07:59'), TZ)).toBe(false)
    expect(isOpen('08:00-16:00', at('08:00'), TZ)).toBe(true)
    expect(isOpen('08:00-16:00', at('15:59'), TZ)).toBe(true)
    expect(isOpen('08:00-16:00', at('16:00'), TZ)).toBe(false)
  })

  it('handles a night shelter whose hours pass midnight', () => {
    expect(isOpen('18:00-06:00', at('23:30'), TZ)).toBe(true)
    expect(isOpen('18:00-06:00', at('02:00'), TZ)).toBe(true)
    expect(isOpen('18:00-06:00', at('06:00'), TZ)).toBe(false)
    expect(isOpen('18:00-06:00', at('12:00'), TZ)).toBe(false)
  })

  it('reads the clock in the city’s time zone, not the server’s', () => {
    // 09:00 in Jakarta is 02:00 UTC: open in Jakarta, closed if read as UTC.
    expect(isOpen('08:00-16:00', at('09:00'), TZ)).toBe(true)
    expect(isOpen('08:00-16:00', at('09:00'), 'UTC')).toBe(false)
  })
})
