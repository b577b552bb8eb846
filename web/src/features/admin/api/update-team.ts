import { API } from '@shared/api.js'
import type { Team, UpdateTeam } from '@shared/teams.js'
import { api } from '../../../lib/api.js'

/** PATCH /api/teams/:id — call sign, name, phone, members, base (logged as team.updated). */
export const updateTeam = (id: string, patch: UpdateTeam) => api<Team>('PATCH', `${API.teams}/${id}`, { body: patch })
