import { API } from '../../../../../shared/api.js'
import type { Team } from '../../../../../shared/teams.js'
import { api } from '../../../lib/api.js'

/** POST /api/teams/:id/status on the team's behalf (its phone is out). */
export const setTeamStatus = (teamId: string, status: 'available' | 'returning' | 'off_duty' | 'at_handover') =>
  api<Team>('POST', `${API.teams}/${teamId}/status`, { body: { status, onBehalfOfTeam: true } })
