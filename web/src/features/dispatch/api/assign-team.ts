import type { incidentEndpoints } from '@shared/endpoints/incidents.js'
import { call } from '../../../lib/call.js'

/** POST /api/incidents/:id/assign — assign, or reassign from the current team. */
export const assignTeam = (incidentId: string, teamId: string) =>
  call<typeof incidentEndpoints.assign>({ method: 'post', path: '/api/incidents/:id/assign' }, { params: { id: incidentId }, body: { teamId } })

/** POST /api/incidents/:id/unassign — the team is taken off; the case goes back to the queue. */
export const unassignTeam = (incidentId: string) => call<typeof incidentEndpoints.unassign>({ method: 'post', path: '/api/incidents/:id/unassign' }, { params: { id: incidentId } })
