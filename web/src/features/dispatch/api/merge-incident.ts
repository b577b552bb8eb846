import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import { call } from '../../../lib/call.js'

/** POST /api/incidents/:id/merge — marks this incident a duplicate of `into`. */
export const mergeIncident = (incidentId: string, into: string) =>
  call<typeof incidentEndpoints.merge>({ method: 'post', path: '/api/incidents/:id/merge' }, { params: { id: incidentId }, body: { into } })
