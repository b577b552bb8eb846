import { rosterEndpoints as api } from '@shared/endpoints/roster.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function rosterRoutes(on: Bind, s: Services) {
  on(api.week, ({ query }) => s.roster.week(query.from, query.to))
  on(api.now, () => s.roster.now())
  on(api.plan, ({ params, body, who }) => s.roster.plan(params.date, params.shiftId, body, who.actor))
  on(api.note, ({ params, body, who }) => s.roster.writeNote(params.date, params.shiftId, body.text, who))
}
