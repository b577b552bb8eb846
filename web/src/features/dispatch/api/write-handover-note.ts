import type { rosterEndpoints } from '@shared/endpoints/roster.js'
import { call } from '../../../lib/call.js'

/** PUT /api/roster/:date/:shiftId/note — this shift's handover note for the next one. */
export const writeHandoverNote = (date: string, shiftId: string, text: string) =>
  call<typeof rosterEndpoints.note>({ method: 'put', path: '/api/roster/:date/:shiftId/note' }, { params: { date, shiftId }, body: { text } })
