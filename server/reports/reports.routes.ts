import { Hono } from 'hono'
import { z } from 'zod'
import { DateRangeQuerySchema } from '../../shared/dates.js'
import { ExportQuerySchema, PublicSummarySchema, ReportQuerySchema, ReportSchema } from '../../shared/reports.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { query } from '../http/validate.js'
import type { ReportsService } from './reports.service.js'
import { publicSummaryCsv, reportCsv, reportXlsx } from './reports.export.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The public summary changes with every case; a few minutes old is fine for the public. */
const PUBLIC_MAX_AGE_S = 300

const LegacyStatsQuery = DateRangeQuerySchema.required()
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
export function reportsRoutes(reports: ReportsService, docs: ApiDocs, serviceName: string) {
  const roles = [...PERMISSIONS['stats.read']]
  docs.describe({ method: 'get', path: '/api/reports', tag: 'Reports', summary: 'Counts by outcome, p50/p90 of each interval and the share within the city’s targets, for a period in the city’s calendar, grouped, with a month-by-month series', roles, query: ReportQuerySchema, response: ReportSchema })
  docs.describe({ method: 'get', path: '/api/reports/export', tag: 'Reports', summary: 'The report as CSV or XLSX (Bahasa Indonesia headers, no personal data)', roles, query: ExportQuerySchema })
  docs.describe({ method: 'get', path: '/api/stats', tag: 'Reports', summary: 'Deprecated: per-kecamatan medians; use /api/reports', roles, query: LegacyStatsQuery, response: z.array(KecamatanStatsSchema) })

  const staff = new Hono<IdentityEnv>()
    .get('/', allow('stats.read'), async (c) => c.json(await reports.report(query(c, ReportQuerySchema), c.get('identity'))))
    .get('/export', allow('stats.read'), async (c) => {
      const { format, ...q } = query(c, ExportQuerySchema)
      const report = await reports.report(q, c.get('identity'))
      const name = `laporan-trc-${report.groupBy}-${report.period.from}-${report.period.to}`
      if (format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8')
        c.header('Content-Disposition', `attachment; filename="${name}.csv"`)
        return c.body(reportCsv(report))
      }
      c.header('Content-Type', XLSX_TYPE)
      c.header('Content-Disposition', `attachment; filename="${name}.xlsx"`)
      return c.body(new Uint8Array(await reportXlsx(report, serviceName)))
    })

  // Kept for existing clients, with the corrected definitions; the successor is announced.
  const legacy = new Hono<IdentityEnv>().get('/', allow('stats.read'), async (c) => {
    const q = query(c, LegacyStatsQuery)
    c.header('Deprecation', 'true')
    c.header('Link', '</api/reports>; rel="successor-version"')
    return c.json(await reports.kecamatanStats(new Date(q.from), new Date(q.to)))
  })

  docs.describe({ method: 'get', path: '/api/public/summary', tag: 'Reports', summary: 'This month’s cases by kecamatan and outcome and the median response time; small counts suppressed', roles: 'public', response: PublicSummarySchema })
  docs.describe({ method: 'get', path: '/api/public/summary.csv', tag: 'Reports', summary: 'The public summary as open-data CSV', roles: 'public' })
  const publicRoutes = new Hono<IdentityEnv>()
    .get('/summary', async (c) => {
      c.header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_S}`)
      return c.json(await reports.publicSummary())
    })
    .get('/summary.csv', async (c) => {
      const summary = await reports.publicSummary()
      c.header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_S}`)
      c.header('Content-Type', 'text/csv; charset=utf-8')
      c.header('Content-Disposition', `attachment; filename="ringkasan-trc-${summary.month}.csv"`)
      return c.body(publicSummaryCsv(summary))
    })
  return { staff, legacy, publicRoutes }
}
