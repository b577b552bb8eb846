import { API } from '../../../../../shared/api.js'
import type { RosterShift } from '../../../../../shared/roster.js'
import { api } from '../../../lib/api.js'

/** PUT /api/roster/:date/:shiftId/note — this shift's handover note for the next one. */
export const writeHandoverNote = (date: string, shiftId: string, text: string) => api<RosterShift>('PUT', `${API.roster}/${date}/${shiftId}/note`, { body: { text } })
