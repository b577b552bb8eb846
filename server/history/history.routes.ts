import { Hono } from 'hono'
import { API } from '../../shared/api.js'
import { CaseHistoryPageSchema, CaseHistoryQuerySchema } from '../../shared/case-history.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { query } from '../http/validate.js'
import type { Services } from '../services.js'

export function historyRoutes(s: Services, docs: ApiDocs) {
  docs.describe({
    method: 'get',
    path: API.caseHistory,
    tag: 'Incidents',
    summary: 'Case history: any case, open or closed, by tracking code, dates, area, category, status, disposition, team, destination or words in the description; newest first, pages linked by `next` (every read is access-logged)',
    roles: [...PERMISSIONS['incident.history']],
    query: CaseHistoryQuerySchema,
    response: CaseHistoryPageSchema,
  })
  return new Hono<IdentityEnv>().get('/', allow('incident.history'), async (c) => c.json(await s.history.search(query(c, CaseHistoryQuerySchema), c.get('identity'), c.get('requestId'))))
}
