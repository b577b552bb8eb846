import { z } from 'zod'

/**
 * Every instant the API accepts (a filter bound, a device time, a handover time) lies in this
 * range. ISO 8601 allows years 0000-9999, but Postgres has no year 0 and the service has no
 * records before it existed, so a date outside is a mistake or an attack, answered with a 400
 * naming the field rather than a database error.
 */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z'
export const LATEST_INSTANT = '2100-01-01T00:00:00Z'
const [earliest, latest] = [Date.parse(EARLIEST_INSTANT), Date.parse(LATEST_INSTANT)]

/** An ISO 8601 date-time with an offset (e.g. `2026-11-25T08:00:00+07:00`), between 2000 and 2100. */
export const InstantSchema = z.iso.datetime({ offset: true }).refine((v) => {
  const t = Date.parse(v)
  return t >= earliest && t <= latest
}, `must be between ${EARLIEST_INSTANT} and ${LATEST_INSTANT}`)

/** A calendar day (`2026-11-25`, e.g. the date on a referral letter), between 2000 and 2100. */
export const DaySchema = z.iso
  .date()
  .refine((v) => v >= EARLIEST_INSTANT.slice(0, 10) && v <= LATEST_INSTANT.slice(0, 10), `must be between ${EARLIEST_INSTANT.slice(0, 10)} and ${LATEST_INSTANT.slice(0, 10)}`)

/** The `from`/`to` query filters of list and report endpoints. */
export const DateRangeQuerySchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
})
