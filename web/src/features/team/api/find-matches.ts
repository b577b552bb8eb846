import type { z } from 'zod'
import { API } from '../../../../../shared/api.js'
import type { MatchQuerySchema, PersonMatch } from '../../../../../shared/people.js'
import { api } from '../../../lib/api.js'

/** POST /api/people/matches — likely earlier records of the person being handed over (nothing is merged). */
export const findMatches = (query: z.input<typeof MatchQuerySchema>) => api<PersonMatch[]>('POST', `${API.people}/matches`, { body: query })
