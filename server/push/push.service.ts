import webpush from 'web-push'
import type { PushSubscriptionInput, TeamPushMessage } from '@shared/push.js'
import type { Deps } from '../context.js'
import { AppError } from '../errors.js'
import type { Identity } from '../http/identity.js'
import { endpointProblem, sendToPushService, type PushRequest } from './push-endpoint.js'
import { pushRepository, type StoredSubscription, type VapidKeys } from './push.repository.js'

/** One request to a push service, as web-push builds it (encrypted body, VAPID Authorization). */
export type { PushRequest }
/** Sends a request to a push service and says what it answered. Tests may inject their own. */
export type PushTransport = (req: PushRequest) => Promise<{ status: number }>

/** How long a push service waits for us before we give up on it (a push is never worth a stuck reaction). */
const PUSH_TIMEOUT_MS = 10_000
/** A withdrawal is news for longer than an offer (which is stale at the acknowledgement deadline). */
const WITHDRAWN_TTL_S = 15 * 60

/**
 * Sends with Node's http(s) client rather than web-push's own sender: the same request web-push
 * builds, to public addresses only, checked at connect time (push-endpoint.ts; a local push
 * service in tests, on plain http, with PUSH_ALLOW_HTTP).
 */
export const httpTransport =
  (allowLocal: boolean): PushTransport =>
  (req) =>
    sendToPushService(req, { allowLocal, timeoutMs: PUSH_TIMEOUT_MS })

/**
 * Web Push to the team phones (issue #11, docs/decisions/014-web-push.md): a new case reaches a
 * locked phone. The VAPID key pair (RFC 8292) is made at the first start and kept in the
 * database; each phone's subscription is stored per account and endpoint. Sending happens after
 * the change committed (createApp's reactions) and never fails the change: a push service that
 * says the subscription is gone (404/410) has it removed, anything else is logged.
 */
export class PushService {
  private keysMemo: Promise<VapidKeys> | null = null

  constructor(
    private readonly d: Deps,
    private readonly transport: PushTransport = httpTransport(d.config.PUSH_ALLOW_HTTP),
  ) {}

  /** The contact in every request's VAPID token; null: push is off (see PUSH_SUBJECT). */
  get subject(): string | null {
    const { PUSH_SUBJECT, PUBLIC_URL } = this.d.config
    return PUSH_SUBJECT ?? (PUBLIC_URL?.startsWith('https://') ? PUBLIC_URL : null)
  }

  /** The key pair, made and stored on first use (createApp asks at start). */
  keys(): Promise<VapidKeys> {
    this.keysMemo ??= pushRepository
      .keys(this.d.db.sql, () => webpush.generateVAPIDKeys(), this.d.clock.now())
      .catch((err: unknown) => {
        this.keysMemo = null
        throw err
      })
    return this.keysMemo
  }

  /** What a phone subscribes with: the public key, or null when push is off. */
  async publicKey(): Promise<string | null> {
    return this.subject ? (await this.keys()).publicKey : null
  }

  /** Stores the calling team member's phone's subscription (again after every sign-in). */
  async subscribe(who: Identity, sub: PushSubscriptionInput): Promise<void> {
    if (who.role !== 'team' || !who.teamId || !who.userId) throw new AppError('forbidden', 'Only a team member’s phone subscribes to push')
    if (!this.subject) throw new AppError('unavailable', 'Push is not set up on this server (PUSH_SUBJECT or an https PUBLIC_URL)')
    // The server will POST to this URL: a push service's public https address, never one inside our network (push-endpoint.ts).
    const problem = endpointProblem(sub.endpoint, this.d.config.PUSH_ALLOW_HTTP)
    if (problem) throw new AppError('validation_failed', `endpoint: ${problem}`, [{ path: 'endpoint', message: problem }])
    await pushRepository.save(this.d.db.sql, { endpoint: sub.endpoint, userId: who.userId, teamId: who.teamId, p256dh: sub.keys.p256dh, auth: sub.keys.auth }, this.d.clock.now())
  }

  /** Forgets the caller's subscription at `endpoint` (sign-out, or the team turned alerts off). */
  async unsubscribe(who: Identity, endpoint: string): Promise<void> {
    if (!who.userId) throw new AppError('forbidden', 'Sign in to change push alerts')
    if (!(await pushRepository.removeOwn(this.d.db.sql, endpoint, who.userId))) throw new AppError('not_found', 'This account has no push subscription at that endpoint')
  }

  /** Pushes `message` to every phone of the team. Never throws: dispatch does not depend on it. */
  async notifyTeam(teamId: string, message: TeamPushMessage): Promise<{ sent: number; removed: number }> {
    const subject = this.subject
    if (!subject) return { sent: 0, removed: 0 }
    let subs: StoredSubscription[]
    let keys: VapidKeys
    try {
      ;[subs, keys] = await Promise.all([pushRepository.forTeam(this.d.db.sql, teamId), this.keys()])
    } catch (err) {
      this.d.logger.error('push: could not read subscriptions', { teamId, err: String(err) })
      return { sent: 0, removed: 0 }
    }
    const results = await Promise.all(subs.map((sub) => this.send(sub, message, subject, keys)))
    return { sent: results.filter((r) => r === 'sent').length, removed: results.filter((r) => r === 'removed').length }
  }

  private async send(sub: StoredSubscription, message: TeamPushMessage, subject: string, keys: VapidKeys): Promise<'sent' | 'removed' | 'failed'> {
    try {
      const req = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify(message), {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        // An offer is worth delivering until its acknowledgement deadline, no later.
        TTL: message.kind === 'offer' ? this.d.config.ACK_TIMEOUT_S : WITHDRAWN_TTL_S,
        urgency: 'high',
        // One topic per case: a withdrawal replaces an offer the push service still holds (RFC 8030 §5.4).
        topic: message.incidentId.replaceAll('-', ''),
        contentEncoding: 'aes128gcm',
      })
      const { status } = await this.transport({ endpoint: req.endpoint, method: req.method, headers: req.headers as Record<string, string>, body: req.body })
      if (status === 404 || status === 410) {
        await pushRepository.remove(this.d.db.sql, sub.endpoint)
        this.d.logger.info('push: subscription gone, removed', { teamId: sub.teamId, status })
        return 'removed'
      }
      if (status < 200 || status >= 300) {
        this.d.logger.warn('push: refused by the push service', { teamId: sub.teamId, status, host: new URL(sub.endpoint).host })
        return 'failed'
      }
      return 'sent'
    } catch (err) {
      this.d.logger.warn('push: could not send', { teamId: sub.teamId, err: String(err) })
      return 'failed'
    }
  }
}
