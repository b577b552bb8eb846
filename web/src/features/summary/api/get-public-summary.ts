import type { PublicSummary } from '@shared/reports.js'
import { api } from '../../../lib/api.js'

/** GET /api/public/summary — no account; small counts already suppressed by the server. */
export const getPublicSummary = () => api<PublicSummary>('GET', '/api/public/summary')

/** The same figures as open-data CSV. */
export const PUBLIC_SUMMARY_CSV = '/api/public/summary.csv'
