import { API } from '@shared/api.js'
import type { RosterWeek } from '@shared/roster.js'
import { api } from '../../../lib/api.js'

/** GET /api/roster?from&to — each shift of the days with its supervisor, teams and members. */
export const getRoster = (from: string, to: string) => api<RosterWeek>('GET', `${API.roster}?from=${from}&to=${to}`)
