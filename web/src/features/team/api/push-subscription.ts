import { API } from '@shared/api.js'
import type { PushKey, PushSubscriptionInput } from '@shared/push.js'
import { api } from '../../../lib/api.js'

/** GET /api/push/key — the server's VAPID public key (null: push is off on this server). */
export const getPushKey = () => api<PushKey>('GET', `${API.push}/key`)

/** PUT /api/push/subscription — this phone's subscription, for the signed-in member. */
export const savePushSubscription = (sub: PushSubscriptionInput) => api<null>('PUT', `${API.push}/subscription`, { body: sub })

/** DELETE /api/push/subscription — forget this phone's subscription (sign-out). */
export const deletePushSubscription = (endpoint: string) => api<null>('DELETE', `${API.push}/subscription`, { body: { endpoint } })
