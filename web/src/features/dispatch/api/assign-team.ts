import { API } from '../../../../../shared/api.js'
import type { Incident } from '../../../../../shared/incidents.js'
import { api } from '../../../lib/api.js'

/** POST /api/incidents/:id/assign — assign, or reassign from the current team. */
export const assignTeam = (incidentId: string, teamId: string) => api<Incident>('POST', `${API.incidents}/${incidentId}/assign`, { body: { teamId } })

/** POST /api/incidents/:id/unassign — the team is taken off; the case goes back to the queue. */
export const unassignTeam = (incidentId: string) => api<Incident>('POST', `${API.incidents}/${incidentId}/unassign`)
