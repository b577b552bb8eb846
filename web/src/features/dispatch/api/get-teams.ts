import { API } from '../../../../../shared/api.js'
import type { Team } from '../../../../../shared/teams.js'
import { api } from '../../../lib/api.js'

/** GET /api/teams — all teams with status and last position (stale ones flagged). */
export const getTeams = () => api<Team[]>('GET', API.teams)
