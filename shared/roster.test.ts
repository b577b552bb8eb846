import { describe, expect, it } from 'vitest'
import { LocalDateSchema, nextSlot, previousSlot, RosterQuerySchema, shiftAt, ShiftsSchema, slotsBetween } from './roster.js'

const SHIFTS = [
  { id: 'pagi', name: 'Pagi', start: '07:00' },
  { id: 'siang', name: 'Siang', start: '15:00' },
  { id: 'malam', name: 'Malam', start: '23:00' },
]
const TZ = 'Asia/Jakarta' // UTC+7, no daylight saving

describe('shifts in the city time zone', () => {
  it('puts an instant in the shift that has started last, on the date it started', () => {
    expect(shiftAt(new Date('2026-11-25T00:00:00Z'), SHIFTS, TZ)).toEqual({ date: '2026-11-25', shiftId: 'pagi', startsAt: '2026-11-25T00:00:00.000Z', endsAt: '2026-11-25T08:00:00.000Z' })
    expect(shiftAt(new Date('2026-11-25T07:59:59Z'), SHIFTS, TZ).shiftId).toBe('pagi')
    expect(shiftAt(new Date('2026-11-25T08:00:00Z'), SHIFTS, TZ).shiftId).toBe('siang')
    // 23:30 WIB on the 25th and 06:59 WIB on the 26th are both the night shift of the 25th.
    expect(shiftAt(new Date('2026-11-25T16:30:00Z'), SHIFTS, TZ)).toEqual({ date: '2026-11-25', shiftId: 'malam', startsAt: '2026-11-25T16:00:00.000Z', endsAt: '2026-11-26T00:00:00.000Z' })
    expect(shiftAt(new Date('2026-11-25T23:59:00Z'), SHIFTS, TZ)).toMatchObject({ date: '2026-11-25', shiftId: 'malam' })
  })

  it('crosses a month and a year boundary in the city time zone', () => {
    // 2026-12-31 23:30 UTC is 2027-01-01 06:30 WIB: still the night shift of 31 December.
    expect(shiftAt(new Date('2026-12-31T23:30:00Z'), SHIFTS, TZ)).toMatchObject({ date: '2026-12-31', shiftId: 'malam' })
    expect(shiftAt(new Date('2027-01-01T00:00:00Z'), SHIFTS, TZ)).toMatchObject({ date: '2027-01-01', shiftId: 'pagi' })
  })

  it('finds the next and previous shift, and every shift of a range of days', () => {
    const pagi = shiftAt(new Date('2026-11-25T01:00:00Z'), SHIFTS, TZ)
    expect(nextSlot(pagi, SHIFTS, TZ)).toMatchObject({ date: '2026-11-25', shiftId: 'siang' })
    expect(previousSlot(pagi, SHIFTS, TZ)).toMatchObject({ date: '2026-11-24', shiftId: 'malam' })
    expect(slotsBetween('2026-11-30', '2026-12-01', SHIFTS, TZ).map((s) => `${s.date}/${s.shiftId}`)).toEqual([
      '2026-11-30/pagi',
      '2026-11-30/siang',
      '2026-11-30/malam',
      '2026-12-01/pagi',
      '2026-12-01/siang',
      '2026-12-01/malam',
    ])
  })

  it('a single shift runs the whole day', () => {
    const one = [{ id: 'hari', name: 'Hari', start: '00:00' }]
    expect(shiftAt(new Date('2026-11-25T12:00:00Z'), one, TZ)).toEqual({ date: '2026-11-25', shiftId: 'hari', startsAt: '2026-11-24T17:00:00.000Z', endsAt: '2026-11-25T17:00:00.000Z' })
  })

  it('refuses shifts out of order, with a repeated id or a bad time, naming the entry', () => {
    const paths = (v: unknown) => ShiftsSchema.safeParse(v).error?.issues.map((i) => i.path.join('.'))
    expect(paths([SHIFTS[1], SHIFTS[0]])).toEqual(['1.start'])
    expect(paths([SHIFTS[0], { ...SHIFTS[1], id: 'pagi' }])).toEqual(['1.id'])
    expect(paths([{ ...SHIFTS[0], start: '24:00' }])).toEqual(['0.start'])
    expect(ShiftsSchema.safeParse(SHIFTS).success).toBe(true)
  })

  it('refuses garbage dates without throwing (a thrown RangeError would be a 500)', () => {
    for (const v of ['1970-01-01T00:00:00Z', '%FF', 'Infinity', '2026-02-30', '', '9999-12-31']) expect(LocalDateSchema.safeParse(v).success, v).toBe(false)
    expect(RosterQuerySchema.safeParse({ from: 'Infinity', to: 'x' }).success).toBe(false)
    expect(LocalDateSchema.safeParse('2026-02-28').success).toBe(true)
  })
})
