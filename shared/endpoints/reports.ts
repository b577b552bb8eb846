import { z } from 'zod'
import { DateRangeQuerySchema } from '../dates.js'
import { endpoint } from '../endpoint.js'
import { ExportQuerySchema, PublicSummarySchema, ReportQuerySchema, ReportSchema } from '../reports.js'

const tag = 'Reports'
const Interval = z.number().nullable()
export const KecamatanStatsSchema = z.object({
  kecamatan: z.string().nullable(),
  reported: z.number(),
  handedOver: z.number(),
  notFound: z.number(),
  cancelled: z.number(),
  byCategory: z.record(z.string(), z.number()),
  medianProcessingS: Interval,
  medianTurnoutS: Interval,
  medianTravelS: Interval,
  medianResponseS: Interval,
  medianTotalS: Interval,
})

/** The monthly report and its exports (staff), and the public summary (no account). */
export const reportEndpoints = {
  report: endpoint({
    method: 'get',
    path: '/api/reports',
    action: 'stats.read',
    tag,
    summary: 'Counts by outcome, p50/p90 of each interval and the share within the city’s targets, for a period in the city’s calendar, grouped, with a month-by-month series',
    query: ReportQuerySchema,
    response: ReportSchema,
  }),
  export: endpoint({
    method: 'get',
    path: '/api/reports/export',
    action: 'stats.read',
    tag,
    summary: 'The report as CSV or XLSX (Bahasa Indonesia headers, no personal data)',
    query: ExportQuerySchema,
    produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  legacyStats: endpoint({
    method: 'get',
    path: '/api/stats',
    action: 'stats.read',
    tag,
    summary: 'Deprecated: per-kecamatan medians; use /api/reports',
    query: DateRangeQuerySchema.required(),
    response: z.array(KecamatanStatsSchema),
  }),
  publicSummary: endpoint({
    method: 'get',
    path: '/api/public/summary',
    action: 'public',
    tag,
    summary: 'This month’s cases by kecamatan and outcome and the median response time; small counts suppressed',
    response: PublicSummarySchema,
  }),
  publicSummaryCsv: endpoint({ method: 'get', path: '/api/public/summary.csv', action: 'public', tag, summary: 'The public summary as open-data CSV', produces: ['text/csv'] }),
}
