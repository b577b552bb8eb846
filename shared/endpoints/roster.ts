import { z } from 'zod'
import { API } from '../api.js'
import { endpoint } from '../endpoint.js'
import { DutyNowSchema, HandoverNoteInputSchema, LocalDateSchema, RosterQuerySchema, RosterShiftSchema, RosterWeekSchema, ShiftIdSchema, ShiftPlanInputSchema } from '../roster.js'

const tag = 'Roster'
const Shift = z.object({ date: LocalDateSchema, shiftId: ShiftIdSchema })

export const rosterEndpoints = {
  week: endpoint({
    method: 'get',
    path: API.roster,
    action: 'roster.read',
    tag,
    summary: 'The duty roster for a range of days (at most 31): each shift with its supervisor, teams, members and handover note',
    query: RosterQuerySchema,
    response: RosterWeekSchema,
  }),
  now: endpoint({
    method: 'get',
    path: `${API.roster}/now`,
    action: 'roster.read',
    tag,
    summary: 'The shift now: who is on duty, its supervisor, the note the last shift left, the no-team-on-duty alarm',
    response: DutyNowSchema,
  }),
  plan: endpoint({
    method: 'put',
    path: `${API.roster}/:date/:shiftId`,
    action: 'roster.plan',
    tag,
    summary: 'Plan one shift: its duty supervisor and the teams on duty with their members (replaces the plan; applied at the shift change)',
    params: Shift,
    body: ShiftPlanInputSchema,
    response: RosterShiftSchema,
  }),
  note: endpoint({
    method: 'put',
    path: `${API.roster}/:date/:shiftId/note`,
    action: 'roster.note',
    tag,
    summary: 'Write the shift’s handover note for the next shift',
    params: Shift,
    body: HandoverNoteInputSchema,
    response: RosterShiftSchema,
  }),
}
