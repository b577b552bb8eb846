import { reportEndpoints as api } from '@shared/endpoints/reports.js'
import type { Bind } from '../http/endpoint.js'
import type { ReportsService } from './reports.service.js'
import { publicSummaryCsv, reportCsv, reportXlsx } from './reports.export.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** The public summary changes with every case; a few minutes old is fine for the public. */
const PUBLIC_MAX_AGE_S = 300

/** The monthly report and its exports (staff), and the public summary (no account). */
export function reportsRoutes(on: Bind, reports: ReportsService, serviceName: string) {
  on(api.report, ({ query, who }) => reports.report(query, who))
  on(api.export, async ({ query, who, c }) => {
    const { format, ...q } = query
    const report = await reports.report(q, who)
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
  on(api.legacyStats, ({ query, c }) => {
    c.header('Deprecation', 'true')
    c.header('Link', '</api/reports>; rel="successor-version"')
    return reports.kecamatanStats(new Date(query.from), new Date(query.to))
  })

  on(api.publicSummary, ({ c }) => {
    c.header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_S}`)
    return reports.publicSummary()
  })
  on(api.publicSummaryCsv, async ({ c }) => {
    const summary = await reports.publicSummary()
    c.header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_S}`)
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="ringkasan-trc-${summary.month}.csv"`)
    return c.body(publicSummaryCsv(summary))
  })
}
