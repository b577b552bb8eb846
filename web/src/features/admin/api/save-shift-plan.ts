import { API } from '@shared/api.js'
import type { RosterShift, ShiftPlanInput } from '@shared/roster.js'
import { api } from '../../../lib/api.js'

/** PUT /api/roster/:date/:shiftId — replaces one shift's plan. */
export const saveShiftPlan = (date: string, shiftId: string, plan: ShiftPlanInput) => api<RosterShift>('PUT', `${API.roster}/${date}/${shiftId}`, { body: plan })
