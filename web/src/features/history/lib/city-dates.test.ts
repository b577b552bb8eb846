import { describe, expect, it } from 'vitest'
import { dayStartIn } from './city-dates.js'

describe('a day picked in a date input, in the city’s time zone', () => {
  it('begins at local midnight in Jakarta (UTC+7), whatever zone the browser is in', () => {
    expect(dayStartIn('2026-11-25', 'Asia/Jakarta')).toBe('2026-11-24T17:00:00.000Z')
    expect(dayStartIn('2026-11-25', 'Asia/Jakarta', true)).toBe('2026-11-25T17:00:00.000Z')
  })

  it('crosses month and year ends', () => {
    expect(dayStartIn('2026-12-31', 'Asia/Jayapura', true)).toBe('2026-12-31T15:00:00.000Z')
    expect(dayStartIn('2027-01-01', 'UTC')).toBe('2027-01-01T00:00:00.000Z')
  })
})
