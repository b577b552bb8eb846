import { API } from '../../../../../shared/api.js'
import type { Team } from '../../../../../shared/teams.js'
import { api, newIdempotencyKey } from '../../../lib/api.js'

/** POST /api/teams/:id/status — duty, returning, available (when the team has no open case). */
export const setTeamStatus = (teamId: string, status: 'available' | 'returning' | 'off_duty' | 'at_handover') =>
  api<Team>('POST', `${API.teams}/${teamId}/status`, { body: { status }, idempotencyKey: newIdempotencyKey() })
