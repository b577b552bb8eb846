import { z } from 'zod'
import { IncidentCategorySchema } from './incidents.js'

/** URL-safe base64 without padding (RFC 4648 §5), as browsers give push keys. */
const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'URL-safe base64 without padding')

/**
 * A phone's push subscription, as `PushSubscription.toJSON()` gives it (the Push API): the
 * push service's endpoint for this phone, and its keys for the payload encryption (RFC 8291).
 */
export const PushSubscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2048),
  keys: z.object({
    /** The phone's P-256 public key: an uncompressed point, 65 bytes (87 characters). */
    p256dh: Base64Url.length(87),
    /** The phone's 16-byte auth secret (22 characters). */
    auth: Base64Url.length(22),
  }),
})
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionSchema>

export const PushUnsubscribeSchema = z.object({ endpoint: z.url().max(2048) })

/** The server's VAPID public key (RFC 8292) for `pushManager.subscribe`; null when push is off. */
export const PushKeySchema = z.object({ publicKey: Base64Url.nullable() })
export type PushKey = z.infer<typeof PushKeySchema>

/**
 * What a push to a team phone says: no personal data, only what the team may see on its offer
 * screen anyway (the case's id, category and kecamatan); the page fetches the rest.
 * `offer`: a new case for the team. `withdrawn`: the case left the team (acknowledgement
 * timeout, given to another team, back to the queue, cancelled, merged).
 */
export const TeamPushMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), incidentId: z.uuid(), assignmentId: z.uuid(), category: IncidentCategorySchema, kecamatan: z.string().nullable() }),
  z.object({ kind: z.literal('withdrawn'), incidentId: z.uuid(), category: IncidentCategorySchema, kecamatan: z.string().nullable(), reason: z.string() }),
])
export type TeamPushMessage = z.infer<typeof TeamPushMessageSchema>
