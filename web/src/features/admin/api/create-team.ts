import { API } from '@shared/api.js'
import type { CreateTeamSchema, Team } from '@shared/teams.js'
import type { z } from 'zod'
import { api } from '../../../lib/api.js'

/** POST /api/teams — a new team (off duty unless `onDuty`). */
export const createTeam = (input: z.input<typeof CreateTeamSchema>) => api<Team>('POST', API.teams, { body: input })
