import type { Report, ReportGrouping } from '@shared/reports.js'
import { api } from '../../../lib/api.js'

export interface ReportParams {
  /** Local months, `YYYY-MM`, inclusive. */
  from: string
  to: string
  groupBy: ReportGrouping
}

const qs = (p: ReportParams) => new URLSearchParams({ from: p.from, to: p.to, groupBy: p.groupBy }).toString()

/** GET /api/reports — counts, intervals and the month series; no personal data. */
export const getReport = (p: ReportParams, signal?: AbortSignal) => api<Report>('GET', `/api/reports?${qs(p)}`, { signal })

/** The export's address: a plain link, so the browser downloads it with the session cookie. */
export const exportUrl = (p: ReportParams, format: 'csv' | 'xlsx') => `/api/reports/export?${qs(p)}&format=${format}`
