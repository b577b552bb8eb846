import type { teamEndpoints } from '@shared/endpoints/teams.js'
import { call } from '../../../lib/call.js'

/** POST /api/teams/:id/status on the team's behalf (its phone is out). */
export const setTeamStatus = (teamId: string, status: 'available' | 'returning' | 'off_duty' | 'at_handover') =>
  call<typeof teamEndpoints.status>({ method: 'post', path: '/api/teams/:id/status' }, { params: { id: teamId }, body: { status, onBehalfOfTeam: true } })
