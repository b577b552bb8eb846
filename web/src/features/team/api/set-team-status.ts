import { API } from '@shared/api.js'
import type { Team } from '@shared/teams.js'
import { api, newIdempotencyKey } from '../../../lib/api.js'

export type OwnTeamStatus = 'available' | 'returning' | 'off_duty' | 'at_handover'

/** POST /api/teams/:id/status — duty, returning, available (when the team has no open case); from the outbox with its key and the phone's time. */
export const setTeamStatus = (teamId: string, status: OwnTeamStatus, idempotencyKey: string = newIdempotencyKey(), deviceTime?: string) =>
  api<Team>('POST', `${API.teams}/${teamId}/status`, { body: { status, ...(deviceTime ? { deviceTime } : {}) }, idempotencyKey })
