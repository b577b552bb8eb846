import { Hono } from 'hono'
import { API } from '../../shared/api.js'
import { PushKeySchema, PushSubscriptionSchema, PushUnsubscribeSchema } from '../../shared/push.js'
import { PERMISSIONS } from '../auth/policy.js'
import { allow, type IdentityEnv } from '../http/identity.js'
import type { ApiDocs } from '../http/openapi.js'
import { body } from '../http/validate.js'
import type { Services } from '../services.js'

export function pushRoutes(s: Services, docs: ApiDocs) {
  const roles = [...PERMISSIONS['push.subscribe']]
  const d = (spec: Omit<Parameters<ApiDocs['describe']>[0], 'tag' | 'roles'>) => docs.describe({ ...spec, tag: 'Push', roles, path: API.push + spec.path })
  d({ method: 'get', path: '/key', summary: 'The server’s VAPID public key for subscribing a team phone to Web Push (null when push is off)', response: PushKeySchema })
  d({ method: 'put', path: '/subscription', summary: 'Store this phone’s push subscription for the signed-in team member (replaces one at the same endpoint)', body: PushSubscriptionSchema, status: 204 })
  d({ method: 'delete', path: '/subscription', summary: 'Forget this account’s push subscription at an endpoint', body: PushUnsubscribeSchema, status: 204 })

  return new Hono<IdentityEnv>()
    .get('/key', allow('push.subscribe'), async (c) => c.json({ publicKey: await s.push.publicKey() }))
    .put('/subscription', allow('push.subscribe'), async (c) => {
      await s.push.subscribe(c.get('identity'), await body(c, PushSubscriptionSchema))
      return c.body(null, 204)
    })
    .delete('/subscription', allow('push.subscribe'), async (c) => {
      await s.push.unsubscribe(c.get('identity'), (await body(c, PushUnsubscribeSchema)).endpoint)
      return c.body(null, 204)
    })
}
