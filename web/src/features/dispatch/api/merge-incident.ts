import { API } from '../../../../../shared/api.js'
import type { Incident } from '../../../../../shared/incidents.js'
import { api } from '../../../lib/api.js'

/** POST /api/incidents/:id/merge — marks this incident a duplicate of `into`. */
export const mergeIncident = (incidentId: string, into: string) => api<Incident>('POST', `${API.incidents}/${incidentId}/merge`, { body: { into } })
