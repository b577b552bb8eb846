import { API } from '../../../../../shared/api.js'
import type { DutyNow } from '../../../../../shared/roster.js'
import { api } from '../../../lib/api.js'

/** GET /api/roster/now — the shift now, who is on duty, the last shift's handover note, the alarm. */
export const getDutyNow = () => api<DutyNow>('GET', `${API.roster}/now`)
