import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import { call } from '../../../lib/call.js'

/** GET /api/incidents/:id/timeline — the incident's events from the log, in order. */
export const getTimeline = (incidentId: string) => call<typeof incidentEndpoints.timeline>({ method: 'get', path: '/api/incidents/:id/timeline' }, { params: { id: incidentId } })
