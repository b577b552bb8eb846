import { teamEndpoints as api } from '@shared/endpoints/teams.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function teamsRoutes(on: Bind, s: Services) {
  on(api.list, ({ caller }) => s.teams.listFor(caller))
  on(api.create, ({ body, who }) => s.teams.create(body, who.actor))
  on(api.update, ({ params, body, who }) => s.teams.update(params.id, body, who.actor))
  on(api.read, ({ params, caller }) => s.teams.read(caller, params.id))
  on(api.status, ({ params, body, caller }) => s.teams.requestStatus(caller, params.id, body))
  on(api.position, ({ params, body, caller }) => s.teams.reportPosition(caller, params.id, body))
  on(api.assignment, ({ params, caller }) => s.incidents.currentCaseOf(caller, params.id))
}
