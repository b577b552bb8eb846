import type { teamEndpoints } from '@shared/endpoints/teams.js'
import { call } from '../../../lib/call.js'

/** GET /api/teams — all teams with status and last position (stale ones flagged). */
export const getTeams = () => call<typeof teamEndpoints.list>({ method: 'get', path: '/api/teams' }, {})
