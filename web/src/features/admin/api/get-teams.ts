import { API } from '@shared/api.js'
import type { Team } from '@shared/teams.js'
import { api } from '../../../lib/api.js'

/** GET /api/teams — every team with its members and base. */
export const getTeams = () => api<Team[]>('GET', API.teams)
