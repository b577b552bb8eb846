import { API } from '../api.js'
import { CaseHistoryPageSchema, CaseHistoryQuerySchema } from '../case-history.js'
import { endpoint } from '../endpoint.js'

export const historyEndpoints = {
  search: endpoint({
    method: 'get',
    path: API.caseHistory,
    action: 'incident.history',
    tag: 'Incidents',
    summary:
      'Case history: any case, open or closed, by tracking code, dates, area, category, status, disposition, team, destination or words in the description; newest first, pages linked by `next` (every read is access-logged)',
    query: CaseHistoryQuerySchema,
    response: CaseHistoryPageSchema,
  }),
}
