import type { z } from 'zod'
import { API } from '@shared/api.js'
import type { MatchQuerySchema, PersonMatchView } from '@shared/people.js'
import { api } from '../../../lib/api.js'

/**
 * POST /api/people/matches — likely earlier records of the person being handed over (nothing is
 * merged). A team gets hints: that a record exists, why, and the city's rule, not who it is.
 */
export const findMatches = (query: z.input<typeof MatchQuerySchema>) => api<PersonMatchView[]>('POST', `${API.people}/matches`, { body: query })
