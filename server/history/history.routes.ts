import { historyEndpoints as api } from '@shared/endpoints/history.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function historyRoutes(on: Bind, s: Services) {
  on(api.search, ({ query, who, caller }) => s.history.search(query, who, caller.requestId))
}
