import { describe, expect, it } from 'vitest'
import { monthOf, monthsBetween, monthSpan, periodBounds, ReportQuerySchema, zonedMidnight } from './reports.js'

describe('the city’s calendar', () => {
  it('puts 23:30 WIB on the last day of a month in that month, and 00:30 WIB on the first in the next', () => {
    expect(monthOf(Date.parse('2026-10-31T23:30:00+07:00'), 'Asia/Jakarta')).toBe('2026-10')
    expect(monthOf(Date.parse('2026-11-01T00:30:00+07:00'), 'Asia/Jakarta')).toBe('2026-11')
    // The same instant in UTC is still October.
    expect(monthOf(Date.parse('2026-11-01T00:30:00+07:00'), 'UTC')).toBe('2026-10')
  })

  it('finds local midnight in a fixed zone and across a daylight-saving change', () => {
    expect(new Date(zonedMidnight(2026, 11, 1, 'Asia/Jakarta')).toISOString()).toBe('2026-10-31T17:00:00.000Z')
    // Berlin moves from UTC+2 to UTC+1 on 25 October 2026.
    expect(new Date(zonedMidnight(2026, 10, 25, 'Europe/Berlin')).toISOString()).toBe('2026-10-24T22:00:00.000Z')
    expect(new Date(zonedMidnight(2026, 10, 26, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T23:00:00.000Z')
  })

  it('turns months and days into a period with an inclusive end', () => {
    expect(periodBounds('2026-02', '2026-02', 'Asia/Jakarta')).toMatchObject({
      fromDay: '2026-02-01',
      toDay: '2026-02-28',
      start: Date.parse('2026-02-01T00:00:00+07:00'),
      end: Date.parse('2026-03-01T00:00:00+07:00'),
    })
    expect(periodBounds('2026-12-31', '2026-12-31', 'Asia/Jakarta')).toMatchObject({ start: Date.parse('2026-12-31T00:00:00+07:00'), end: Date.parse('2027-01-01T00:00:00+07:00') })
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
    expect(monthSpan('2026-01-15', '2026-03')).toBe(3)
  })

  it('refuses impossible dates and an end before the start', () => {
    expect(ReportQuerySchema.safeParse({ from: '2026-02-29' }).success).toBe(false)
    expect(ReportQuerySchema.safeParse({ from: '2028-02-29' }).success).toBe(true)
    expect(ReportQuerySchema.safeParse({ from: '2026-10', to: '2026-10-31' }).success).toBe(true)
    expect(ReportQuerySchema.safeParse({ from: '2026-10-31', to: '2026-10' }).success).toBe(true)
    expect(ReportQuerySchema.safeParse({ from: '2026-11', to: '2026-10-31' }).success).toBe(false)
  })
})
