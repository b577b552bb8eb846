import { z } from 'zod'
import { INTERVALS, OUTCOMES } from './intervals.js'

export const IntervalSchema = z.enum(INTERVALS)
export const OutcomeSchema = z.enum(OUTCOMES)

/**
 * How the monthly report may be split. `disposition` groups by outcome (shared/intervals.ts);
 * `source` by where the case came from: citizen, call-taker or found on patrol (decision 015);
 * `shift` by the shift (city's shifts, as set now) in which the case was reported.
 */
export const REPORT_GROUPINGS = ['month', 'kecamatan', 'kelurahan', 'category', 'disposition', 'destination', 'team', 'source', 'shift'] as const
export const ReportGroupingSchema = z.enum(REPORT_GROUPINGS)
export type ReportGrouping = z.infer<typeof ReportGroupingSchema>

/** The longest period one report covers (a few years of monthly figures). */
export const REPORT_MAX_MONTHS = 36

/**
 * A period bound in the city's calendar: a month (`2026-10`) or a day (`2026-10-31`). `from`
 * is the start of its month or day, `to` the end of its month or day (inclusive), both in the
 * city's time zone, so "October" is October in Depok, not in UTC.
 */
const LocalBoundSchema = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be a month (YYYY-MM) or a day (YYYY-MM-DD)')
  .refine((v) => {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number | undefined]
    if (y < 2000 || y > 2099 || m < 1 || m > 12) return false
    return d === undefined || (d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate())
  }, 'is not a date between 2000 and 2099')

const ReportQueryBaseSchema = z.object({
  from: LocalBoundSchema.optional(),
  to: LocalBoundSchema.optional(),
  groupBy: ReportGroupingSchema.default('kecamatan'),
})
const toNotBeforeFrom = (q: { from?: string; to?: string }) => !q.from || !q.to || `${q.from}-00`.slice(0, 10) <= `${q.to}-99`.slice(0, 10)
export const ReportQuerySchema = ReportQueryBaseSchema.refine(toNotBeforeFrom, { path: ['to'], message: 'must not be before from' })
export type ReportQuery = z.infer<typeof ReportQuerySchema>

/** The export's query: the report's, and the file format. */
export const ExportQuerySchema = ReportQueryBaseSchema.extend({ format: z.enum(['csv', 'xlsx']) }).refine(toNotBeforeFrom, { path: ['to'], message: 'must not be before from' })

export const IntervalSummarySchema = z.object({
  n: z.number().int(),
  p50S: z.number().nullable(),
  p90S: z.number().nullable(),
  targetS: z.number().nullable(),
  withinTarget: z.number().nullable(),
})

export const ReportRowSchema = z.object({
  /** The group: a month `YYYY-MM`, a Kemendagri code, a category, an outcome or an id; null for "none" (outside the area, no team). */
  key: z.string().nullable(),
  /** The group's name (kecamatan, kelurahan, destination, team call sign); the key when it has none. */
  label: z.string().nullable(),
  /** Kemendagri area code for kecamatan and kelurahan groups. */
  code: z.string().nullable(),
  /** A destination's kind, for destination groups. */
  kind: z.string().nullable(),
  /** Every report received, false reports and duplicates included. */
  received: z.number().int(),
  /** Reports that were cases: without false reports and merged duplicates. */
  cases: z.number().int(),
  outcomes: z.record(OutcomeSchema, z.number().int()),
  /** Handed over, by kind of destination (shelter, hospital, …). */
  handedOverTo: z.record(z.string(), z.number().int()),
  intervals: z.record(IntervalSchema, IntervalSummarySchema),
  /** Distinct people (person records from the handovers) picked up in these cases. */
  personsReached: z.number().int(),
  /** Of those, the people picked up more than once among these cases. */
  personsPickedUpAgain: z.number().int(),
})
export type ReportRow = z.infer<typeof ReportRowSchema>

export const ReportSchema = z.object({
  groupBy: ReportGroupingSchema,
  timezone: z.string(),
  /** The period in the city's calendar (inclusive days) and as instants (`to` exclusive). */
  period: z.object({ from: z.string(), to: z.string(), start: z.string(), end: z.string() }),
  generatedAt: z.string(),
  total: ReportRowSchema,
  groups: z.array(ReportRowSchema),
  /** One row per month of the period, months without cases included. */
  series: z.array(ReportRowSchema),
})
export type Report = z.infer<typeof ReportSchema>

/** A published count: the number, or a marker when it is too small to publish. */
export const PublicCellSchema = z.union([z.number().int(), z.string()])
export type PublicCell = z.infer<typeof PublicCellSchema>
/** Outcome columns of the public summary; false reports and duplicates are not cases. */
export const PUBLIC_OUTCOMES = ['handed_over', 'released_on_scene', 'refused_help', 'referred_other_agency', 'not_found', 'other'] as const
export type PublicOutcome = (typeof PUBLIC_OUTCOMES)[number]

export const PublicSummaryRowSchema = z.object({
  kecamatanCode: z.string().nullable(),
  kecamatan: z.string().nullable(),
  cases: PublicCellSchema,
  outcomes: z.record(z.enum(PUBLIC_OUTCOMES), PublicCellSchema),
  /** Median seconds from report to a team on scene; null when fewer cases than the threshold. */
  medianResponseS: z.number().nullable(),
})
export type PublicSummaryRow = z.infer<typeof PublicSummaryRowSchema>

export const PublicSummarySchema = z.object({
  month: z.string(),
  timezone: z.string(),
  /** Counts under this are not published. */
  minCell: z.number().int(),
  generatedAt: z.string(),
  rows: z.array(PublicSummaryRowSchema),
  total: PublicSummaryRowSchema,
})
export type PublicSummary = z.infer<typeof PublicSummarySchema>

// ---- The city's calendar -------------------------------------------------------------------

// Building a DateTimeFormat costs far more than using one; a report reads thousands of dates.
const formats = new Map<string, Intl.DateTimeFormat>()
const formatFor = (timeZone: string) => {
  let f = formats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formats.set(timeZone, f)
  }
  return f
}

/** The wall-clock parts of an instant in a time zone. */
export function zonedParts(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = formatFor(timeZone).formatToParts(new Date(ms))
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value)
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') }
}

/** The instant a local wall-clock midnight happens in a time zone (twice corrected, for DST zones). */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m - 1, d)
  let t = wall
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(t, timeZone)
    t += wall - Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s)
  }
  return t
}

/** The city's month (`YYYY-MM`) an instant falls in. */
export function monthOf(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone)
  return `${p.y}-${String(p.m).padStart(2, '0')}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Start (inclusive) and end (exclusive) instants of a period given by local bounds; `to` inclusive. */
export function periodBounds(from: string, to: string, timeZone: string): { start: number; end: number; fromDay: string; toDay: string } {
  const [fy, fm, fd = 1] = from.split('-').map(Number) as [number, number, number?]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number?]
  const lastDay = td ?? new Date(Date.UTC(ty, tm, 0)).getUTCDate()
  const next = new Date(Date.UTC(ty, tm - 1, lastDay + 1))
  return {
    start: zonedMidnight(fy, fm, fd, timeZone),
    end: zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
    fromDay: `${fy}-${pad(fm)}-${pad(fd)}`,
    toDay: `${ty}-${pad(tm)}-${pad(lastDay)}`,
  }
}

/** Every month key from `from` to `to` (YYYY-MM, inclusive). */
export function monthsBetween(from: string, to: string): string[] {
  let [y, m] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  const out: string[] = []
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${pad(m)}`)
    if (++m > 12) [y, m] = [y + 1, 1]
  }
  return out
}

/** Months a period spans, for the REPORT_MAX_MONTHS check. */
export const monthSpan = (from: string, to: string) => monthsBetween(from.slice(0, 7), to.slice(0, 7)).length
