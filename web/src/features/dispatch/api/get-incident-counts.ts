import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import { call } from '../../../lib/call.js'

/** GET /api/incidents/counts — every open case counted by the server. */
export const getIncidentCounts = () => call<typeof incidentEndpoints.counts>({ method: 'get', path: '/api/incidents/counts' }, {})
