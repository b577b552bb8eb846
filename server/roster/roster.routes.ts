import { Hono } from 'hono'
import { API } from '../../shared/api.js'
import { DutyNowSchema, HandoverNoteInputSchema, LocalDateSchema, RosterQuerySchema, RosterShiftSchema, RosterWeekSchema, ShiftIdSchema, ShiftPlanInputSchema } from '../../shared/roster.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { body, param, query } from '../http/validate.js'
import type { Services } from '../services.js'

export function rosterRoutes(s: Services, docs: ApiDocs) {
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag'>) => docs.describe({ ...spec, tag: 'Roster', path: API.roster + spec.path })
  d({ method: 'get', path: '', summary: 'The duty roster for a range of days (at most 31): each shift with its supervisor, teams, members and handover note', roles: [...PERMISSIONS['roster.read']], query: RosterQuerySchema, response: RosterWeekSchema })
  d({ method: 'get', path: '/now', summary: 'The shift now: who is on duty, its supervisor, the note the last shift left, the no-team-on-duty alarm', roles: [...PERMISSIONS['roster.read']], response: DutyNowSchema })
  d({ method: 'put', path: '/:date/:shiftId', summary: 'Plan one shift: its duty supervisor and the teams on duty with their members (replaces the plan; applied at the shift change)', roles: [...PERMISSIONS['roster.plan']], body: ShiftPlanInputSchema, response: RosterShiftSchema })
  d({ method: 'put', path: '/:date/:shiftId/note', summary: 'Write the shift’s handover note for the next shift', roles: [...PERMISSIONS['roster.note']], body: HandoverNoteInputSchema, response: RosterShiftSchema })

  return new Hono<IdentityEnv>()
    .get('/', allow('roster.read'), async (c) => {
      const q = query(c, RosterQuerySchema)
      return c.json(await s.roster.week(q.from, q.to))
    })
    .get('/now', allow('roster.read'), async (c) => c.json(await s.roster.now()))
    .put('/:date/:shiftId', allow('roster.plan'), async (c) => {
      const date = param(c, 'date', LocalDateSchema)
      const shiftId = param(c, 'shiftId', ShiftIdSchema)
      return c.json(await s.roster.plan(date, shiftId, await body(c, ShiftPlanInputSchema), c.get('identity').actor))
    })
    .put('/:date/:shiftId/note', allow('roster.note'), async (c) => {
      const date = param(c, 'date', LocalDateSchema)
      const shiftId = param(c, 'shiftId', ShiftIdSchema)
      return c.json(await s.roster.writeNote(date, shiftId, (await body(c, HandoverNoteInputSchema)).text, c.get('identity')))
    })
}
