import { pushEndpoints as api } from '@shared/endpoints/push.js'
import type { Bind } from '../http/endpoint.js'
import type { Services } from '../services.js'

export function pushRoutes(on: Bind, s: Services) {
  on(api.key, async () => ({ publicKey: await s.push.publicKey() }))
  on(api.subscribe, ({ who, body }) => s.push.subscribe(who, body))
  on(api.unsubscribe, ({ who, body }) => s.push.unsubscribe(who, body.endpoint))
}
