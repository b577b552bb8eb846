import { API } from '../../../../../shared/api.js'
import type { IncidentCounts } from '../../../../../shared/incidents.js'
import { api } from '../../../lib/api.js'

/** GET /api/incidents/counts — every open case counted by the server. */
export const getIncidentCounts = () => api<IncidentCounts>('GET', `${API.incidents}/counts`)
