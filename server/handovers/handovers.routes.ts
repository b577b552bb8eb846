import { handoverEndpoints as api } from '@shared/endpoints/handovers.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function handoversRoutes(on: Bind, s: Services) {
  on(api.log, ({ body, who }) => s.handovers.log(body, who.actor))
  on(api.list, ({ query, caller }) => s.handovers.listFor(caller, query))
  on(api.confirmReceipt, ({ params, who }) => s.handovers.confirmReceipt(params.id, who))
  on(api.read, ({ params, caller }) => s.handovers.read(caller, params.id))
}
