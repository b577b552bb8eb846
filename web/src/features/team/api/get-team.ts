import { API } from '@shared/api.js'
import type { Incident } from '@shared/incidents.js'
import type { Team } from '@shared/teams.js'
import { api } from '../../../lib/api.js'

/** GET /api/teams/:id — the team's status and last position. */
export const getTeam = (teamId: string) => api<Team>('GET', `${API.teams}/${teamId}`)

/** GET /api/teams/:id/assignment — the team's current incident, or null. */
export const getAssignment = (teamId: string) => api<Incident | null>('GET', `${API.teams}/${teamId}/assignment`)
