import { API } from '../api.js'
import { endpoint } from '../endpoint.js'
import { PushKeySchema, PushSubscriptionSchema, PushUnsubscribeSchema } from '../push.js'

const tag = 'Push'

export const pushEndpoints = {
  key: endpoint({
    method: 'get',
    path: `${API.push}/key`,
    action: 'push.subscribe',
    tag,
    summary: 'The server’s VAPID public key for subscribing a team phone to Web Push (null when push is off)',
    response: PushKeySchema,
  }),
  subscribe: endpoint({
    method: 'put',
    path: `${API.push}/subscription`,
    action: 'push.subscribe',
    tag,
    summary: 'Store this phone’s push subscription for the signed-in team member (replaces one at the same endpoint)',
    body: PushSubscriptionSchema,
    status: 204,
  }),
  unsubscribe: endpoint({
    method: 'delete',
    path: `${API.push}/subscription`,
    action: 'push.subscribe',
    tag,
    summary: 'Forget this account’s push subscription at an endpoint',
    body: PushUnsubscribeSchema,
    status: 204,
  }),
}
