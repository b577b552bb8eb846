import type { rosterEndpoints } from '@shared/endpoints/roster.js'
import { call } from '../../../lib/call.js'

/** GET /api/roster/now — the shift now, who is on duty, the last shift's handover note, the alarm. */
export const getDutyNow = () => call<typeof rosterEndpoints.now>({ method: 'get', path: '/api/roster/now' }, {})
