import { API } from '@shared/api.js'
import type { CaseHistoryPage } from '@shared/case-history.js'
import { api } from '../../../lib/api.js'

/** GET /api/case-history — one page of matching cases, newest first (filters as query parameters; every read is access-logged). */
export const searchCases = (params: Record<string, string>) => api<CaseHistoryPage>('GET', `${API.caseHistory}?${new URLSearchParams(params).toString()}`)
